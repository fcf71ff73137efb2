"""`chidao load-demo-reports`: the SYNTHETIC quarterly reporting regime of the 2023 committee,
with the most recent closed quarter opened and its reports (idempotent).

Run after `chidao load-demo` and `chidao load-demo-tasks`.
"""

from django.core.management.base import BaseCommand, CommandError

from chidao.core.dates import vn_date
from chidao.reports.demo import REGIME_NAME, DemoError, load_demo_reports


class Command(BaseCommand):
    help = (
        "Nạp chế độ báo cáo quý MÔ PHỎNG của Ban Chỉ đạo CCHC, CĐS thành phố Hà Nội: "
        "kỳ báo cáo gần nhất đã hết hạn, có báo cáo nộp đúng hạn, một báo cáo nộp muộn và "
        "một đơn vị chưa nộp."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_reports()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(f"{REGIME_NAME} đã có; không nạp lại.")
            return
        period = result.period
        self.stdout.write(
            f"{REGIME_NAME}: kỳ {period.label} (số liệu {vn_date(period.data_from)}–"
            f"{vn_date(period.data_to)}, hạn {vn_date(period.deadline)}): "
            f"{result.on_time} báo cáo đúng hạn, nộp muộn: {result.late_unit}, "
            f"chưa nộp: {result.missing_unit}."
        )
