"""`chidao remind-self-assessment [--today YYYY-MM-DD]`: remind units whose self-assessment is
unfinished (in-app notifications, at the task reminders' steps). Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from chidao.core.dates import parse_iso_date
from chidao.evaluation.services import plan_self_assessment_reminders


class Command(BaseCommand):
    help = "Nhắc đầu mối các đơn vị chưa tự chấm xong trước hạn tự chấm."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày coi là hôm nay (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = parse_iso_date(today) if today else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        sent = plan_self_assessment_reminders(today=day)
        self.stdout.write(f"Đã nhắc {sent} lượt.")
