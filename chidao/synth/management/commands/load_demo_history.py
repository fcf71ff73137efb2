"""`chidao load-demo-history`: two years of SYNTHETIC history for the demo committee — eight
past quarters of tasks, extensions, reminders and reports (idempotent).

Run after `chidao load-demo-tasks` and `chidao load-demo-reports`, before
`chidao load-demo-evaluation` (whose scores count that history).
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.core.dates import vn_date
from chidao.synth.demo_history import HistoryError, load_demo_history


class Command(BaseCommand):
    help = (
        "Nạp lịch sử MÔ PHỎNG hai năm (tám quý) của Ban Chỉ đạo CCHC, CĐS thành phố Hà Nội: "
        "nhiệm vụ hoàn thành đúng hạn, quá hạn, chưa hoàn thành, gia hạn, đôn đốc và báo cáo quý."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_history()
        except HistoryError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write("Lịch sử mô phỏng hai năm đã có; không nạp lại.")
            return
        self.stdout.write(
            f"Lịch sử mô phỏng {vn_date(result.first)}–{vn_date(result.last)}: "
            f"{result.tasks} nhiệm vụ, {result.reminders} lượt đôn đốc, "
            f"{result.periods} kỳ báo cáo quý, {result.report_reminders} lượt nhắc nộp báo cáo."
        )
