"""`chidao load-demo-indicators`: the SYNTHETIC indicator set of the demo committee
(idempotent). Run after `chidao load-demo-tasks`."""

from django.core.management.base import BaseCommand, CommandError

from chidao.indicators.demo import load_demo_indicators
from chidao.tasks.demo import DemoError


class Command(BaseCommand):
    help = (
        "Nạp bộ chỉ tiêu MÔ PHỎNG của Ban Chỉ đạo mẫu (818/QĐ-UBND): chỉ tiêu, mốc theo năm và "
        "quý, tám quý số liệu thực hiện; bật trang công khai của Ban."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_indicators()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write("Bộ chỉ tiêu mô phỏng đã có; không nạp lại.")
            return
        self.stdout.write(
            f"Bộ chỉ tiêu mô phỏng: {result.indicators} chỉ tiêu, {result.values} giá trị "
            f"({result.quarters[0]}–{result.quarters[-1]}); /indicators/ và /public/committees/."
        )
