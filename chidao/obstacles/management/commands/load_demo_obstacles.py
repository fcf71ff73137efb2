"""`chidao load-demo-obstacles`: a SYNTHETIC register of difficulties, obstacles and
proposals for the demo plan (idempotent). Run after `chidao load-demo-tasks`."""

from django.core.management.base import BaseCommand, CommandError

from chidao.obstacles.demo import load_demo_obstacles
from chidao.obstacles.services import ObstacleError


class Command(BaseCommand):
    help = (
        "Nạp sổ khó khăn, vướng mắc, kiến nghị MÔ PHỎNG của kế hoạch mẫu: khoảng ba mươi mục "
        "ở mọi trạng thái, một số quá hạn trả lời."
    )

    def handle(self, *args, **options):
        try:
            result = load_demo_obstacles()
        except ObstacleError as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write("Sổ khó khăn, vướng mắc mô phỏng đã có; không nạp lại.")
            return
        self.stdout.write(
            f"Sổ khó khăn, vướng mắc mô phỏng: {result.created} mục, "
            f"{result.overdue} mục quá hạn trả lời."
        )
