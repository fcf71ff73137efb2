"""`chidao load-demo-tasks`: the SYNTHETIC demo plan of the 2023 committee (idempotent).

Run after `chidao load-demo`. New demo accounts are appended to var/demo-accounts.txt,
the same way `load-demo` writes its own, and the file is printed.
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.committees.management.commands.load_demo import DEMO_ACCOUNTS_FILE
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
        if result.accounts:
            lines = [f"{a.username}\t{a.role}\t{a.password}\t{a.unit}" for a in result.accounts]
            DEMO_ACCOUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
            with DEMO_ACCOUNTS_FILE.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            DEMO_ACCOUNTS_FILE.chmod(0o600)
        if DEMO_ACCOUNTS_FILE.exists():
            self.stdout.write("Tài khoản trình diễn (tên, vai trò, mật khẩu, đơn vị):")
            self.stdout.write(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8").rstrip())
