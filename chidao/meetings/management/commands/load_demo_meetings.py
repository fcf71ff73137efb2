from django.core.management.base import BaseCommand, CommandError

from chidao.meetings.demo import load_demo_meetings
from chidao.tasks.demo import DemoError


class Command(BaseCommand):
    help = (
        "Nạp một năm phiên họp MÔ PHỎNG của Ban Chỉ đạo năm 2023 (giấy mời, điểm danh, kết "
        "luận và nhiệm vụ, yêu cầu giải trình); chạy lại không nạp thêm."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_meetings()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if result.schedule:
            self.stdout.write("Đã đặt lịch họp định kỳ hằng quý (mô phỏng).")
        if not result.created:
            self.stdout.write("Phiên họp mô phỏng đã có; không nạp lại.")
            return
        self.stdout.write(
            f"Phiên họp mô phỏng: {result.meetings} phiên họp, {result.tasks} nhiệm vụ từ kết "
            f"luận, {result.explanations} yêu cầu giải trình."
        )
