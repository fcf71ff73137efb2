"""`chidao restore FILE`: an archive of `chidao backup` back into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chidao.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = _(
        "Khôi phục một bản sao lưu của `chidao backup` vào bản cài mới (đã chạy `chidao "
        "migrate`, chưa có dữ liệu): mọi bảng và mọi tệp, hoặc không gì cả."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp lưu trữ do `chidao backup` tạo."))

    def handle(self, *args, file: str, **options):
        try:
            summary = restore_backup(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Đã khôi phục %(rows)s dòng của %(tables)s bảng và %(files)s tệp từ %(path)s.")
            % {
                "rows": summary.rows,
                "tables": summary.tables,
                "files": summary.files,
                "path": summary.path,
            }
        )
