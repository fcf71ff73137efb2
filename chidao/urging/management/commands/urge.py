"""`chidao urge [--today YYYY-MM-DD] [--enqueue]`: plan and send the reminders due (the daily
job, CHIDAO_DAILY_JOB: chidao/jobs.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from chidao.core.dates import parse_iso_date


class Command(BaseCommand):
    help = "Lập và gửi các lượt đôn đốc đến hạn (chạy ngay, hoặc --enqueue để đưa vào hàng đợi)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Coi hôm nay là ngày này (YYYY-MM-DD), để thử hoặc chạy bù."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa việc vào hàng đợi cho worker (chidao db_worker) thay vì chạy ngay.",
        )

    def handle(self, *args, today=None, enqueue=False, **options):
        if today:
            try:
                parse_iso_date(today)
            except ValueError as error:
                raise CommandError(str(error)) from error
        urge = import_string(settings.CHIDAO_DAILY_JOB)
        if enqueue:
            result = urge.enqueue(today_iso=today)
            self.stdout.write(f"Đã đưa việc đôn đốc vào hàng đợi: {result.id}")
            return
        outcome = urge.call(today_iso=today)
        self.stdout.write(
            f"Đã lập {outcome['planned']} lượt nhắc mới, đã gửi {outcome['sent']} lượt."
        )
