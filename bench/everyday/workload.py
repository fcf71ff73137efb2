"""The bench's database and workload, and the people who ask: what every section stands on.

Kept apart from the sections so that each of them times against the same built workload and
the same users, and so that building it (once per scale) is read in one place.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SCALES = {
    "10k": {"provinces": 4, "units": 100, "tasks": 10_000, "events": 50_000},
    # the shape of the Redmine peer run: 300 units, 100k tasks
    "100k": {"provinces": 10, "units": 300, "tasks": 100_000, "events": 500_000},
    "1m": {"provinces": 34, "units": 5_000, "tasks": 1_000_000, "events": 5_000_000},
}
SYNTH_SOURCE = "synthetic:workload"


def ensure_database(server: str, name: str, *, required_prefix: str = "chidao_bench") -> bool:
    """Create the PostgreSQL database `name` on `server` when missing; true when created.
    Refuses a name without `required_prefix` (the everyday bench's guard: never `chidao`);
    bench/consolidation_bench.py takes any --database and passes ""."""
    import psycopg

    if not name.startswith(required_prefix):
        raise SystemExit(f"refusing to use {name!r}: bench databases are named chidao_bench_*")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def chidao(args: list[str], env: dict) -> None:
    command = [sys.executable, "-m", "chidao.cli", *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603 (our own command)


def workload_params() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM documents_source WHERE key = %s", [SYNTH_SOURCE])
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row else None
    except ValueError:
        return None


# ---- who asks -----------------------------------------------------------------------------


def bench_user(username: str, role: str, unit_id=None):
    from chidao.accounts.models import User

    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "unit_id": unit_id, "is_active": True}
    )
    return user


def bearer(user) -> str:
    from chidao.accounts.tokens import token_create
    from chidao.core.policy import SystemActor

    return f"Bearer {token_create(actor=SystemActor('bench'), user=user, days=0)}"


def median_unit() -> int:
    """The unit with the median number of led tasks (the Redmine run's middle project)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lead_unit_id FROM tasks_task GROUP BY 1 ORDER BY count(*), 1 "
            "OFFSET (SELECT count(DISTINCT lead_unit_id) / 2 FROM tasks_task) LIMIT 1"
        )
        return cursor.fetchone()[0]
