"""`chidao prune-uploads [--dry-run] [--min-age-minutes N]`: remove orphaned evidence files.

A file is written before its Attachment row commits; when that transaction rolls back the
file stays with no row. This removes the files in CHIDAO_UPLOAD_DIR that no Attachment
names and that are older than an hour (so an upload still in flight is never touched).
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chidao.tasks.models import Attachment

BATCH = 500


class Command(BaseCommand):
    help = "Xóa các tệp tải lên không gắn với tệp minh chứng nào và cũ hơn một giờ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Chỉ xóa tệp cũ hơn số phút này (mặc định 60).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xóa gì.")

    def handle(self, *args, min_age_minutes: int, dry_run: bool, verbosity: int = 1, **options):
        if min_age_minutes < 0:
            raise CommandError("--min-age-minutes phải không âm.")
        directory = Path(settings.CHIDAO_UPLOAD_DIR)
        if not directory.is_dir():
            self.stdout.write(f"Thư mục {directory} không tồn tại: không có gì để xóa.")
            return
        cutoff = time.time() - min_age_minutes * 60
        files = [path for path in directory.iterdir() if path.is_file()]
        old = [path for path in files if path.stat().st_mtime < cutoff]
        orphans = []
        for start in range(0, len(old), BATCH):
            batch = old[start : start + BATCH]
            referenced = set(
                Attachment.objects.filter(
                    storage_name__in=[path.name for path in batch]
                ).values_list("storage_name", flat=True)
            )
            orphans.extend(path for path in batch if path.name not in referenced)
        deleted = 0
        for path in orphans:
            if verbosity >= 2 or dry_run:
                self.stdout.write(f"  {path.name}")
            if not dry_run:
                path.unlink(missing_ok=True)
                deleted += 1
        kept = len(files) - deleted
        if dry_run:
            self.stdout.write(
                f"Sẽ xóa {len(orphans)} tệp không gắn với tệp minh chứng nào; "
                f"{len(files)} tệp đang có."
            )
        else:
            self.stdout.write(
                f"Đã xóa {deleted} tệp không gắn với tệp minh chứng nào; giữ lại {kept} tệp."
            )
