"""`chidao compute-indicators [--period 2025-Q2]`: the computed indicators of every committee
for a quarter (the last closed one by default). Safe to run twice: an unchanged figure is not
recorded again."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chidao.committees.models import Committee
from chidao.core.errors import ActionRefused
from chidao.indicators import computed, rules
from chidao.indicators.models import Indicator


class Command(BaseCommand):
    help = (
        "Tính các chỉ tiêu lấy từ dữ liệu của hệ thống (tỷ lệ hoàn thành nhiệm vụ, nộp báo cáo "
        "đúng hạn, tham dự phiên họp) cho một quý."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Quý, ví dụ 2025-Q2 (mặc định: quý vừa chốt).")

    def handle(self, *args, **options):
        period = options["period"] or rules.last_closed_quarter(timezone.localdate())
        try:
            rules.parse_quarter(period)
            total = 0
            for committee in Committee.objects.filter(
                pk__in=Indicator.objects.values("committee_id")
            ):
                total += computed.compute(committee=committee, period=period)
        except ActionRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Quý {period}: đã ghi {total} giá trị tính từ dữ liệu.")
