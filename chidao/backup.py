"""One archive holding the database and every stored file, and its way back.

`chidao backup FILE` (`write_backup`) reads the whole database in one snapshot — a read-only
REPEATABLE READ transaction on PostgreSQL, a deferred read transaction on SQLite (WAL), so
writers are not held up — and writes, as one gzipped tar:

- `manifest.json`: the archive's format, when and from which database it was taken, the
  migrations it was taken at, the row count of every table and, for every file, its name,
  size and SHA-256;
- `database.jsonl`: every row of every table, a line each, in Django's serialisation (the
  same on SQLite and PostgreSQL, so an archive moves between them) with two changes that make
  it exact: times keep their microseconds, and many-to-many tables are rows of their own
  (ids included) rather than lists inside the rows that own them;
- `files/<name>`: every stored file some row of the snapshot names (a `StoredName` column, see
  chidao.storage.references). Files are written before the row that names them commits and
  never changed afterwards, so those of the snapshot are exactly the ones its rows need; a
  file no row names is left out (`chidao prune-uploads` would remove it anyway).

The archive is written beside FILE and renamed into place when complete.

`chidao restore FILE` (`restore_backup`) brings an archive back into an empty installation
(migrated, no account, unit, committee or change-log row yet) at the same migrations: it
checks every file's SHA-256, writes the files into the store under their own names, then in
one transaction empties the tables (the rows the migrations wrote included) and loads every
row with its own id, and checks every table's count against the manifest. Anything wrong
and nothing is left: the transaction rolls back and the files written are deleted.

The archive holds password hashes, sessions and API token hashes: keep it as the database is
kept. For a large installation on PostgreSQL the native tools are faster (docs/deployment.md,
"Backup and restore").
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.storage import files
from chidao.storage.references import reference_fields

FORMAT = "chidao-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
FILES = "files"
CHUNK = 1024 * 1024
# Rows any of these hold mean the installation is in use: a restore would mix two histories.
IN_USE = ["accounts.User", "units.Unit", "committees.Committee", "audit.ChangeLog"]


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, without cutting times to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """JSON Lines, exact (see the module's text): a many-to-many table is dumped as its own
    model, so the owning row leaves it out."""

    def start_serialization(self):
        super().start_serialization()
        self.json_kwargs["cls"] = ExactEncoder

    def handle_m2m_field(self, obj, field):
        pass


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


@dataclass
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int
    missing_files: list[str]


def tables() -> list[type]:
    """Every model whose rows live in a table of its own (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in tables()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS):
    """Every query inside sees the database as it was at the first one, and nothing waits on
    it: PostgreSQL's REPEATABLE READ READ ONLY, SQLite's deferred read transaction (WAL)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor != "sqlite":
        raise BackupError(_("Chỉ sao lưu được cơ sở dữ liệu SQLite hoặc PostgreSQL."))
    if not connection.get_autocommit() or connection.in_atomic_block:
        raise BackupError(_("Không sao lưu được giữa một giao dịch đang mở."))
    connection.ensure_connection()
    # Django's atomic() opens SQLite transactions IMMEDIATE (a write lock); a backup only reads.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def stored_names() -> list[str]:
    """Every stored file a row names, once each."""
    names: set[str] = set()
    for model, field in reference_fields():
        names.update(
            model._base_manager.exclude(**{field: ""})
            .exclude(**{f"{field}__isnull": True})
            .values_list(field, flat=True)
        )
    return sorted(names)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def _add_stored_file(archive: tarfile.TarFile, name: str) -> dict:
    store = files.storage()
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as copy:
        with store.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
        size = copy.tell()
        copy.seek(0)
        info = tarfile.TarInfo(posixpath.join(FILES, name))
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        archive.addfile(info, copy)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def write_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive (see the module's text) to `path`, which must not exist yet."""
    path = Path(path)
    if path.exists():
        raise BackupError(_("Tệp %(path)s đã có: hãy chọn tên khác.") % {"path": path})
    if not path.parent.is_dir():
        raise BackupError(_("Thư mục %(path)s không có.") % {"path": path.parent})
    partial = path.with_name(f".{path.name}.partial")
    store = files.storage()
    try:
        with (
            tempfile.TemporaryDirectory() as work,
            tarfile.open(partial, "w:gz") as archive,
            snapshot(using),
        ):
            dump = Path(work) / DATABASE
            with dump.open("w", encoding="utf-8") as stream:
                for model in tables():
                    rows = model._base_manager.using(using).order_by("pk").iterator(2000)
                    RowSerializer().serialize(rows, stream=stream)
            counts = row_counts()
            names = stored_names()
            # a file lost before the backup (a cleaned disk) stays lost: the manifest says so
            missing = [name for name in names if not store.exists(name)]
            stored = [_add_stored_file(archive, name) for name in names if name not in missing]
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database": connections[using].vendor,
                "migrations": applied_migrations(using),
                "tables": counts,
                "files": stored,
                "missing_files": missing,
            }
            archive.add(dump, arcname=DATABASE)
            _add_bytes(
                archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            )
        os.chmod(partial, 0o600)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(
        path=path,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(stored),
        bytes=sum(entry["size"] for entry in stored),
        missing_files=missing,
    )


# ---- restore


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, ValueError, AttributeError) as exc:
        raise BackupError(_("Tệp này không phải bản sao lưu của chidao.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Tệp này không phải bản sao lưu của chidao."))
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("Bản sao lưu dạng %(version)s, phiên bản này chỉ đọc dạng %(ours)s.")
            % {"version": manifest.get("version"), "ours": VERSION}
        )
    return manifest


def _check_target(manifest: dict, using: str) -> None:
    ours = applied_migrations(using)
    theirs = manifest.get("migrations", [])
    if ours != theirs:
        extra = sorted(set(theirs) - set(ours))
        lacking = sorted(set(ours) - set(theirs))
        raise BackupError(
            _(
                "Cơ sở dữ liệu đích không cùng phiên bản với bản sao lưu (migration chỉ bản sao "
                "lưu có: %(extra)s; chỉ nơi đích có: %(lacking)s). Hãy khôi phục bằng đúng "
                "phiên bản đã sao lưu, chạy `chidao migrate`, rồi nâng cấp."
            )
            % {"extra": ", ".join(extra[:3]) or "—", "lacking": ", ".join(lacking[:3]) or "—"}
        )
    for label in IN_USE:
        if apps.get_model(label)._base_manager.using(using).exists():
            raise BackupError(
                _(
                    "Cơ sở dữ liệu đích đã có dữ liệu (%(table)s): chỉ khôi phục vào một bản cài "
                    "mới (đã chạy `chidao migrate`, chưa nạp gì)."
                )
                % {"table": label}
            )


def _extract_files(archive: tarfile.TarFile, manifest: dict, work: Path) -> list[tuple[str, Path]]:
    """Each file of the manifest, copied out of the archive and checked against its SHA-256."""
    extracted = []
    for index, entry in enumerate(manifest.get("files", [])):
        name = entry["name"]
        if name.startswith("/") or ".." in name.split("/"):
            raise BackupError(
                _("Tên tệp không hợp lệ trong bản sao lưu: %(name)s") % {"name": name}
            )
        try:
            source = archive.extractfile(posixpath.join(FILES, name))
        except KeyError:
            source = None
        if source is None:
            raise BackupError(_("Bản sao lưu thiếu tệp %(name)s.") % {"name": name})
        target = work / f"{index}"
        digest = hashlib.sha256()
        with target.open("wb") as copy:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(_("Tệp %(name)s trong bản sao lưu đã bị hỏng.") % {"name": name})
        extracted.append((name, target))
    return extracted


def _load_rows(dump: Path, manifest: dict, using: str) -> None:
    """Empty every table, then load the rows with their own ids, as `loaddata` does (foreign
    keys checked once all are in; sequences moved past the highest id)."""
    connection = connections[using]
    models = tables()
    table_names = [model._meta.db_table for model in models]
    with transaction.atomic(using=using):
        statements = connection.ops.sql_flush(
            no_style(), table_names, reset_sequences=True, allow_cascade=True
        )
        connection.ops.execute_sql_flush(statements)
        with connection.constraint_checks_disabled(), dump.open(encoding="utf-8") as stream:
            for row in jsonl.Deserializer(stream, using=using):
                row.save(using=using)
        connection.check_constraints(table_names=table_names)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        ContentType.objects.clear_cache()
        counts = {model._meta.label: model._base_manager.using(using).count() for model in models}
        expected = manifest.get("tables", {})
        wrong = sorted(
            label
            for label in set(counts) | set(expected)
            if counts.get(label, 0) != expected.get(label, 0)
        )
        if wrong:
            raise BackupError(
                _("Số dòng sau khi khôi phục không khớp bản sao lưu ở bảng %(tables)s.")
                % {"tables": ", ".join(wrong[:5])}
            )


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Bring the archive at `path` back into this empty installation (see the module's text)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Không có tệp %(path)s.") % {"path": path})
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(_("Tệp này không phải bản sao lưu của chidao.")) from exc
    store = files.storage()
    written: list[str] = []
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        _check_target(manifest, using)
        extracted = _extract_files(archive, manifest, Path(work))
        taken = [name for name, _copy in extracted if store.exists(name)]
        if taken:
            raise BackupError(
                _("Kho tệp đích đã có tệp %(name)s: chỉ khôi phục vào một kho trống.")
                % {"name": taken[0]}
            )
        try:
            dump = Path(work) / DATABASE
            try:
                archive.extract(DATABASE, path=work, filter="data")
            except KeyError as exc:
                raise BackupError(_("Bản sao lưu thiếu phần cơ sở dữ liệu.")) from exc
            for name, copy in extracted:
                with copy.open("rb") as content:
                    saved = store.save(name, content)
                written.append(saved)
                if saved != name:
                    raise BackupError(_("Kho tệp không giữ được tên %(name)s.") % {"name": name})
            try:
                _load_rows(dump, manifest, using)
            except (DatabaseError, DeserializationError) as exc:
                raise BackupError(
                    _("Không nạp được dữ liệu của bản sao lưu, không có gì được ghi: %(error)s")
                    % {"error": str(exc)[:300]}
                ) from exc
        except BaseException:
            files.discard(written)
            raise
    counts = manifest.get("tables", {})
    return Summary(
        path=path,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(written),
        bytes=sum(entry["size"] for entry in manifest.get("files", [])),
        missing_files=manifest.get("missing_files", []),
    )
