"""A checkout as a newcomer has it after `make setup`, for tests that run real processes.

`demo_checkout` (a session fixture in chidao/core/tests/conftest.py) runs `make setup` once in
a fresh var directory; commands then run as `.venv/bin/chidao …` with an environment stripped
of every CHIDAO_*, DJANGO_* and DATABASE_URL variable except that var directory. The database
is SQLite in that directory, whatever the suite itself runs on.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The processes these tests start run on SQLite in their own checkout whatever database the
# suite runs on, so one pass is enough: the SQLite pass runs them (with CI=true it also takes
# the demo to PostgreSQL and back), the PostgreSQL pass skips them.
sqlite_pass_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
    reason="runs real processes on a SQLite checkout: the SQLite pass runs it",
)
CHIDAO = Path(sys.executable).with_name("chidao")


def newcomer_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CHIDAO_", "DJANGO_", "PYTEST_")) and key != "DATABASE_URL"
    }
    env["CHIDAO_VAR_DIR"] = str(var_dir)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Checkout:
    var_dir: Path

    @property
    def env(self) -> dict[str, str]:
        return newcomer_env(self.var_dir)

    def chidao(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 — our own entry point, fixed arguments
            [str(CHIDAO), *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def python(self, code: str, env: dict | None = None) -> str:
        """Run `code` in `chidao shell`; returns what it printed, fails on an error."""
        done = self.chidao("shell", "-c", code, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Read the checkout's database directly (cheap enough to poll)."""
        with sqlite3.connect(self.var_dir / "chidao.sqlite3", timeout=20) as db:
            return db.execute(sql, params).fetchall()


def make_setup(var_dir: Path) -> Checkout:
    made = subprocess.run(  # noqa: S603
        # the virtual environment is already there; make would only re-check it
        [shutil.which("make"), "-s", "-o", ".venv/bin/.installed", "setup"],
        cwd=ROOT,
        env=newcomer_env(var_dir),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    return Checkout(var_dir)


def copy_checkout(source: Checkout, var_dir: Path) -> Checkout:
    """Another checkout with the same files and database as `source`, for tests whose
    processes must have a database no other test's server touches. The database is copied
    through SQLite's backup API, so a copy is consistent whatever journal the source keeps."""
    database = "chidao.sqlite3"
    shutil.copytree(
        source.var_dir,
        var_dir,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(f"{database}*"),
    )
    with (
        sqlite3.connect(source.var_dir / database) as original,
        sqlite3.connect(var_dir / database) as copy,
    ):
        original.backup(copy)
    return Checkout(var_dir)
