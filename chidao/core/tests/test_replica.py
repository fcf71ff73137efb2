"""Dashboards and exports read from a streaming replica, on real PostgreSQL clusters.

A primary and a replica are made with Debian's pg_createcluster on loopback ports, the
replica by pg_basebackup in streaming replication; the schema is migrated and a small
labelled synthetic workload written on the primary (`chidao synth`); two app servers
(gunicorn) run over both, one allowing 3600 s of replica lag and one allowing 1 s.
With the replica's replay paused, a task created through the API is:
- absent from the first server's counts (its dashboard data come from the replica),
- present in the second server's counts after a second (its replica is too far behind, so it
  reads from the primary) and on the task's own page everywhere (only dashboards and exports
  opt in);
then replay resumes and the first server catches up; then the replica is stopped and the
first server still answers, from the primary.

Runs with the PostgreSQL pass of the suite (CI=true); needs root for pg_createcluster.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from chidao.core.tests.checkout import CHIDAO, ROOT, free_port, newcomer_env

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
CAN_CLUSTER = bool(shutil.which("pg_createcluster")) and os.geteuid() == 0
pytestmark = pytest.mark.skipif(
    not ON_POSTGRES or (not CAN_CLUSTER and os.environ.get("CI", "").lower() != "true"),
    reason="runs in the PostgreSQL pass, where Debian's pg_createcluster is usable as root",
)


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)  # noqa: S603
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


class Cluster:
    def __init__(self, name: str):
        self.version = pg_version()
        self.name = name
        self.port = free_port()
        self.conf = Path("/etc/postgresql") / self.version / name
        self.data = Path("/var/lib/postgresql") / self.version / name

    def create(self) -> "Cluster":
        run("pg_createcluster", self.version, self.name, "-p", str(self.port))
        (self.conf / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
            "local replication all trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        return self

    def ctl(self, action: str) -> None:
        run("pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action)

    def drop(self) -> None:
        subprocess.run(  # noqa: S603
            ["pg_dropcluster", "--stop", self.version, self.name],  # noqa: S607
            capture_output=True,
            timeout=120,
        )

    def url(self, db: str = "chidao") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def sql(self, statement: str, db: str = "chidao"):
        with psycopg.connect(self.url(db), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else None


class AppServer:
    def __init__(self, env: dict, max_lag: int):
        self.port = free_port()
        self.env = env | {"CHIDAO_REPLICA_MAX_LAG": str(max_lag)}
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(CHIDAO.with_name("gunicorn")),
                "chidao.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                assert time.monotonic() < deadline, "the app server did not start"
                time.sleep(0.3)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def get(self, path: str, token: str):
        request = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())

    def post(self, path: str, token: str, body: dict):
        request = urllib.request.Request(  # noqa: S310
            f"http://127.0.0.1:{self.port}{path}",
            data=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())

    def tasks_counted(self, token: str) -> int:
        status, rows = self.get("/api/v1/tasks/counts?by=unit", token)
        assert status == 200
        return sum(row["total"] for row in rows)


def wait_for(what: str, condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
    return value


MAKE_TOKEN = """
from chidao.accounts.models import Role, User
from chidao.accounts.tokens import token_create
from chidao.core.policy import SystemActor
user = User.objects.create(username="quantri_replica", role=Role.ADMIN, is_staff=True,
                           is_superuser=True)
print(token_create(actor=SystemActor("kiểm thử"), user=user))
"""


@pytest.fixture
def clusters():
    suffix = f"{os.getpid()}_{free_port()}"
    primary = Cluster(f"chidao_primary_{suffix}")
    replica = Cluster(f"chidao_replica_{suffix}")
    try:
        primary.create().ctl("start")
        primary.sql("CREATE DATABASE chidao", db="postgres")
        replica.create()
        for child in replica.data.iterdir():  # pg_basebackup fills the empty directory
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        run("runuser", "-u", "postgres", "--", "pg_basebackup", "-h", "127.0.0.1",
            "-p", str(primary.port), "-U", "postgres", "-D", str(replica.data),
            "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        replica.ctl("start")
        yield primary, replica
    finally:
        replica.drop()
        primary.drop()


def test_dashboards_read_from_a_fresh_replica_and_fall_back_to_the_primary(clusters, tmp_path):
    primary, replica = clusters
    env = newcomer_env(
        tmp_path,
        DATABASE_URL=primary.url(),
        CHIDAO_REPLICA_URL=replica.url(),
        CHIDAO_REPLICA_CHECK_EVERY="0",
        CHIDAO_SECRET_KEY="replica-test-key",
        CHIDAO_SECURE_COOKIES="false",
    )

    def chidao(*args):
        return run(str(CHIDAO), *args, cwd=ROOT, env=env).stdout

    chidao("migrate", "--noinput", "-v", "0")
    chidao("synth", "--provinces", "1", "--units", "6", "--tasks", "60", "--events", "120")
    token = chidao("shell", "-c", MAKE_TOKEN).strip().splitlines()[-1]
    # The replica has replayed everything, the token included.
    wait_for(
        "the replica to replay the setup",
        lambda: replica.sql("SELECT count(*) FROM accounts_apitoken")[0][0] == 1,
    )

    with AppServer(env, max_lag=3600) as tolerant, AppServer(env, max_lag=1) as strict:
        before = tolerant.tasks_counted(token)
        assert before == strict.tasks_counted(token) > 0

        replica.sql("SELECT pg_wal_replay_pause()")
        _, tasks = tolerant.get("/api/v1/tasks?limit=1&count=false", token)
        template = tasks[0]
        status, created = tolerant.post(
            "/api/v1/tasks",
            token,
            {
                "committee": template["committee"]["id"],
                "title": "Nhiệm vụ ghi vào máy chủ chính (kiểm thử bản sao)",
                "domain": template["domain"]["code"],
                "lead_unit": template["lead_unit"]["id"],
                "deadline": "2099-12-31",
            },
        )
        assert status == 201
        time.sleep(1.5)  # the paused replica is now more than a second behind

        assert tolerant.tasks_counted(token) == before  # from the replica
        assert strict.tasks_counted(token) == before + 1  # too far behind: the primary
        status, task = tolerant.get(f"/api/v1/tasks/{created['id']}", token)
        assert (status, task["id"]) == (200, created["id"])  # pages read the primary

        replica.sql("SELECT pg_wal_replay_resume()")
        wait_for("the replica to catch up", lambda: tolerant.tasks_counted(token) == before + 1)

        replica.ctl("stop")
        assert tolerant.tasks_counted(token) == before + 1  # the replica is down: the primary
