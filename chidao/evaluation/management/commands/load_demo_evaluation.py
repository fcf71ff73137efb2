"""`chidao load-demo-evaluation`: the SYNTHETIC evaluation of the demo plan's units
(idempotent). Run after `chidao load-demo-tasks` (and `chidao load-demo-reports` when there
is one, so the report leaves have something to count)."""

from django.core.management.base import BaseCommand, CommandError

from chidao.evaluation.demo import DemoError, load_demo_evaluation


class Command(BaseCommand):
    help = (
        "Nạp đợt đánh giá MÔ PHỎNG Chỉ số cải cách hành chính của các đơn vị trong kế hoạch "
        "mô phỏng: bộ tiêu chí, tự chấm, thẩm định, điểm tính từ dữ liệu."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_evaluation()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            self.stdout.write(f"Đợt đánh giá mô phỏng “{result.cycle}” đã có; không nạp lại.")
            return
        if result.previous is not None:
            self.stdout.write(f"Đợt năm trước (đã khóa): {result.previous}.")
        self.stdout.write(
            f"Đợt đánh giá mô phỏng “{result.cycle}”: {result.units} đơn vị, đang thẩm định "
            f"(/evaluation/{result.cycle.pk}/)."
        )
