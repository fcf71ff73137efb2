from django.core.management.base import BaseCommand, CommandError

from chidao.inspections.demo import load_demo_inspections
from chidao.tasks.demo import DemoError


class Command(BaseCommand):
    help = (
        "Nạp một đợt kiểm tra MÔ PHỎNG của Ban Chỉ đạo năm 2023 (kế hoạch, đoàn kiểm tra, chuẩn "
        "bị, kết quả, kết luận và nhiệm vụ khắc phục); chạy lại không nạp thêm."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_inspections()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write("Đợt kiểm tra mô phỏng đã có; không nạp lại.")
            return
        self.stdout.write(
            f"Đợt kiểm tra mô phỏng: {result.inspection.units.count()} đơn vị, "
            f"{result.conclusions} kết luận, {result.tasks} nhiệm vụ khắc phục."
        )
