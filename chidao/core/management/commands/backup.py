"""`chidao backup FILE`: the database and every stored file in one archive (chidao.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chidao.backup import BackupError, write_backup


class Command(BaseCommand):
    help = _(
        "Sao lưu cơ sở dữ liệu và mọi tệp đã lưu vào một tệp lưu trữ (.tar.gz) nhất quán; "
        "khôi phục bằng `chidao restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Tệp lưu trữ sẽ tạo (chưa được có)."))

    def handle(self, *args, file: str, **options):
        try:
            summary = write_backup(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Đã sao lưu %(rows)s dòng của %(tables)s bảng và %(files)s tệp (%(mb).1f MB) "
                "vào %(path)s."
            )
            % {
                "rows": summary.rows,
                "tables": summary.tables,
                "files": summary.files,
                "mb": summary.bytes / (1024 * 1024),
                "path": summary.path,
            }
        )
        if summary.missing_files:
            self.stderr.write(
                _(
                    "Cảnh báo: %(count)s tệp được dữ liệu nhắc đến đã mất khỏi kho từ trước: "
                    "%(names)s"
                )
                % {"count": len(summary.missing_files), "names": ", ".join(summary.missing_files)}
            )
