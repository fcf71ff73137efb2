"""`chidao load-demo-tasks`: the SYNTHETIC demo plan of the 2023 committee (idempotent).

Run after `chidao load-demo`. New demo accounts are appended to var/demo-accounts.txt
(`make run` prints that file once set-up is done).
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.accounts.services import remember_demo_accounts
from chidao.tasks.demo import PLAN_NUMBER, DemoError, load_demo_tasks


class Command(BaseCommand):
    help = (
        "Nạp kế hoạch MÔ PHỎNG của Ban Chỉ đạo CCHC, CĐS thành phố Hà Nội: "
        "nhiệm vụ ở mọi trạng thái và tài khoản đầu mối trình diễn."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_tasks()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(f"Kế hoạch mô phỏng {PLAN_NUMBER} đã có; không nạp lại.")
        else:
            self.stdout.write(
                f"Kế hoạch mô phỏng {PLAN_NUMBER}: {result.tasks} nhiệm vụ "
                f"(người giao: {result.standing_officer})."
            )
        for line in remember_demo_accounts(result.accounts):
            self.stdout.write(f"Tài khoản trình diễn mới: {line}")
