"""`chidao prune-uploads [--dry-run] [--min-age-minutes N]`: remove stored files no row names.

A file is written before the row that names it commits. `files.atomic()` deletes it when that
transaction rolls back, but a crash between the write and the commit, a rollback of an
enclosing transaction, or a scratch file (a task sheet awaiting confirmation) leaves a file
that no row names. This walks the whole store and deletes those files once they are older
than the threshold (60 minutes by default, so an upload still committing is never touched).
A file is kept when any `StoredName` column names it: task evidence, report attachments,
evaluation evidence, ingest sources, consolidated documents — whatever app declares one.
"""

import datetime as dt
import posixpath

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chidao.storage import files
from chidao.storage.references import reference_fields, referenced


def walk(store, folder: str = ""):
    """Every file name in the store under `folder`, depth first."""
    directories, names = store.listdir(folder)
    for name in sorted(names):
        yield posixpath.join(folder, name)
    for directory in sorted(directories):
        yield from walk(store, posixpath.join(folder, directory))


class Command(BaseCommand):
    help = "Xóa các tệp đã lưu mà không bản ghi nào tham chiếu và cũ hơn ngưỡng (mặc định 60 phút)."

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
        store = files.storage()
        try:
            names = list(walk(store))
        except FileNotFoundError:
            self.stdout.write("Kho tệp chưa có thư mục nào: không có gì để xóa.")
            return
        cutoff = timezone.now() - dt.timedelta(minutes=min_age_minutes)
        old = [name for name in names if store.get_modified_time(name) < cutoff]
        kept_by_rows = referenced(old)
        orphans = [name for name in old if name not in kept_by_rows]
        if verbosity >= 2:
            kinds = ", ".join(f"{m._meta.label}.{f}" for m, f in reference_fields())
            self.stdout.write(f"Tham chiếu: {kinds}")
        deleted = 0
        for name in orphans:
            if verbosity >= 2 or dry_run:
                self.stdout.write(f"  {name}")
            if not dry_run:
                store.delete(name)
                deleted += 1
        if dry_run:
            self.stdout.write(
                f"Sẽ xóa {len(orphans)} tệp không bản ghi nào tham chiếu; {len(names)} tệp đang có."
            )
        else:
            self.stdout.write(
                f"Đã xóa {deleted} tệp không bản ghi nào tham chiếu; "
                f"giữ lại {len(names) - deleted} tệp."
            )
