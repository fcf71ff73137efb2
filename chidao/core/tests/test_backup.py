"""`chidao backup FILE` and `chidao restore FILE`: the demo round-trips table for table and
file for file, on SQLite and (with CI=true or CHIDAO_TEST_POSTGRES) from SQLite into
PostgreSQL and back out unchanged; a damaged archive or an installation already in use
restores nothing."""

import io
import json
import os
import shutil
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from chidao.backup import FORMAT, VERSION, applied_migrations
from chidao.core.tests.checkout import Checkout, newcomer_env, sqlite_pass_only

pytestmark = sqlite_pass_only

ON_POSTGRES = os.environ.get("CI") == "true" or bool(os.environ.get("CHIDAO_TEST_POSTGRES"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@pytest.fixture(scope="module")
def demo_archive(demo_checkout, tmp_path_factory) -> Path:
    """The demo after `make setup`, with a consolidated report stored as a file, backed up."""
    demo_checkout.python(
        "from chidao.core.policy import SystemActor\n"
        "from chidao.reports import jobs\n"
        "from chidao.reports.models import ReportPeriod\n"
        "period = ReportPeriod.objects.order_by('-data_to').first()\n"
        "jobs.request_consolidated(actor=SystemActor('test'), period=period, format='xlsx',"
        " background=False)\n"
    )
    archive = tmp_path_factory.mktemp("backup") / "chidao.tar.gz"
    done = demo_checkout.chidao("backup", str(archive))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Đã sao lưu" in done.stdout
    return archive


def empty_installation(var_dir: Path, **env: str) -> Checkout:
    checkout = Checkout(var_dir)
    migrated = checkout.chidao("migrate", "--noinput", env=newcomer_env(var_dir, **env))
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    return checkout


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A var directory after `chidao migrate` and nothing else."""
    return empty_installation(tmp_path_factory.mktemp("migrated")).var_dir


@pytest.fixture
def target(migrated, tmp_path) -> Checkout:
    """A fresh empty SQLite installation (a copy of `migrated`)."""
    var_dir = tmp_path / "restored"
    shutil.copytree(migrated, var_dir)
    return Checkout(var_dir)


def as_json_or_text(cell):
    """A JSON column's value as its data: rows written in SQL (the reminders' timeline events,
    `json_object`) keep JSON without spaces, rows written by Django with them; a restore
    writes every row through Django. Text that is not a JSON object or list stays as it is."""
    if isinstance(cell, str) and cell[:1] in ("{", "["):
        try:
            return json.dumps(json.loads(cell), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return cell
    return cell


def sqlite_tables(path: Path) -> dict[str, list]:
    """Every table's rows, in a stable order, JSON columns compared as data; the migrations'
    own table by name only (it records when each was applied)."""
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        tables = {}
        for name in names:
            if name == "django_migrations":
                rows = db.execute(f'SELECT app, name FROM "{name}"').fetchall()  # noqa: S608
            else:
                rows = db.execute(f'SELECT * FROM "{name}"').fetchall()  # noqa: S608
            rows = [tuple(as_json_or_text(cell) for cell in row) for row in rows]
            tables[name] = sorted(rows, key=repr)
    return tables


def stored_files(var_dir: Path) -> dict[str, bytes]:
    root = var_dir / "uploads"
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def archive_rows(archive: Path) -> dict[tuple, dict]:
    with tarfile.open(archive) as tar:
        lines = tar.extractfile("database.jsonl").read().decode().splitlines()
    rows = [json.loads(line) for line in lines]
    return {(row["model"], row["pk"]): row["fields"] for row in rows}


def test_the_demo_comes_back_table_for_table_and_file_for_file(demo_checkout, demo_archive, target):
    done = target.chidao("restore", str(demo_archive))

    assert done.returncode == 0, done.stderr[-3000:]
    assert "Đã khôi phục" in done.stdout
    before = sqlite_tables(demo_checkout.var_dir / "chidao.sqlite3")
    after = sqlite_tables(target.var_dir / "chidao.sqlite3")
    assert set(after) == set(before)
    assert [name for name in before if before[name] != after[name]] == []
    assert sum(len(rows) for rows in before.values()) > 5000
    originals = stored_files(demo_checkout.var_dir)
    assert any(name.startswith("reports/consolidated/") for name in originals)
    assert stored_files(target.var_dir) == originals
    made = target.chidao("token", "create", "thuongtruc")
    assert made.returncode == 0, made.stderr[-3000:]  # ids go on after the restored ones


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL runs with CI=true or CHIDAO_TEST_POSTGRES")
def test_the_demo_moves_to_postgresql_and_back_unchanged(demo_archive, tmp_path):
    import psycopg

    name = f"chidao_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"{PG_SERVER}/{name}"
        var_dir = tmp_path / "pg"
        target = empty_installation(var_dir, DATABASE_URL=url)
        env = newcomer_env(var_dir, DATABASE_URL=url)

        restored = target.chidao("restore", str(demo_archive), env=env)
        assert restored.returncode == 0, restored.stderr[-3000:]
        again = tmp_path / "again.tar.gz"
        backed_up = target.chidao("backup", str(again), env=env)
        assert backed_up.returncode == 0, backed_up.stderr[-3000:]
        made = target.chidao("token", "create", "thuongtruc", env=env)
        assert made.returncode == 0, made.stderr[-3000:]
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert archive_rows(again) == archive_rows(demo_archive)
    with tarfile.open(demo_archive) as first, tarfile.open(again) as second:
        manifest = json.load(first.extractfile("manifest.json"))
        assert json.load(second.extractfile("manifest.json"))["files"] == manifest["files"]
    assert manifest["files"]


def damage_a_file(member, content: bytes) -> bytes:
    if member.name.startswith("files/"):
        return content[:-1] + bytes([content[-1] ^ 1])
    return content


def damage_a_row(member, content: bytes) -> bytes:
    """A task whose lead unit does not exist: found only once every row is in."""
    if member.name != "database.jsonl":
        return content
    lines = content.decode().splitlines()
    for index, line in enumerate(lines):
        row = json.loads(line)
        if row["model"] == "tasks.task":
            row["fields"]["lead_unit"] = 987654321
            lines[index] = json.dumps(row, ensure_ascii=False)
            break
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("damage", "message"),
    [(damage_a_file, "bị hỏng"), (damage_a_row, "không có gì được ghi")],
)
def test_a_damaged_archive_restores_nothing(demo_archive, target, tmp_path, damage, message):
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(demo_archive) as source, tarfile.open(damaged, "w:gz") as copy:
        for member in source.getmembers():
            content = damage(member, source.extractfile(member).read())
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))

    done = target.chidao("restore", str(damaged))

    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert target.query("SELECT COUNT(*) FROM accounts_user") == [(0,)]
    assert target.query("SELECT COUNT(*) FROM tasks_domain") != [(0,)]  # the migrations' rows
    assert not (target.var_dir / "uploads").exists() or stored_files(target.var_dir) == {}


def small_archive(path: Path, migrations: list[str]) -> Path:
    manifest = {"format": FORMAT, "version": VERSION, "migrations": migrations, "files": []}
    with tarfile.open(path, "w:gz") as tar:
        content = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    return path


@pytest.mark.django_db
def test_an_installation_in_use_is_not_restored_into(tmp_path, personas):
    archive = small_archive(tmp_path / "a.tar.gz", applied_migrations())

    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_an_archive_of_another_version_is_refused(tmp_path):
    archive = small_archive(tmp_path / "a.tar.gz", ["tasks.9999_from_the_future"])

    with pytest.raises(CommandError, match="không cùng phiên bản"):
        call_command("restore", str(archive))


def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"kept")

    with pytest.raises(CommandError, match="đã có"):
        call_command("backup", str(existing))
    assert existing.read_bytes() == b"kept"


def test_something_else_is_not_taken_for_an_archive(tmp_path):
    other = tmp_path / "notes.tar.gz"
    other.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(other))
