"""`chidao remind-self-assessment [--today YYYY-MM-DD]`: remind units whose self-assessment is
unfinished (through the outbox: in-app and e-mail, at the reminder steps), then deliver what
is pending. Safe to run twice."""

from django.core.management.base import BaseCommand, CommandError

from chidao.core.dates import parse_iso_date
from chidao.evaluation.notices import plan_reminders
from chidao.notifications.sender import send_pending


class Command(BaseCommand):
    help = "Nhắc đầu mối các đơn vị chưa tự chấm xong trước hạn tự chấm."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày coi là hôm nay (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        try:
            day = parse_iso_date(today) if today else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        planned = plan_reminders(today=day)
        send_pending(today=day)
        self.stdout.write(f"Đã nhắc {planned} lượt.")
