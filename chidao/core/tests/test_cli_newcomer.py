"""The command line as the README offers it: after `make setup` in a checkout, the
`.venv/bin/chidao …` commands work with no variable set, on the server's database.

These run real processes on a fresh var directory after `make setup`, as someone who has just
cloned would (chidao/core/tests/checkout.py); the environment is stripped of every CHIDAO_* and
DATABASE_URL variable except the var directory.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from chidao.core.tests.checkout import ROOT, Checkout, free_port, sqlite_pass_only

pytestmark = sqlite_pass_only


def test_composition_prints_the_head_with_no_variable_set(demo_checkout):
    done = demo_checkout.chidao(
        "composition", "chinh quyen dien tu", "--as-of", "2021-01-01", "--json"
    )
    assert done.returncode == 0, done.stderr
    seats = json.loads(done.stdout)["seats"]
    heads = [seat for seat in seats if seat["role"] == "head"]
    assert [seat["person"] for seat in heads] == ["Chu Ngọc Anh"]


def test_composition_table_names_the_head(demo_checkout):
    done = demo_checkout.chidao("composition", "chinh quyen dien tu", "--as-of", "2021-01-01")
    assert done.returncode == 0, done.stderr
    lines = [line.strip() for line in done.stdout.splitlines()]
    head_lines = [line for line in lines if line.startswith("Trưởng ban ")]
    assert head_lines and "Chu Ngọc Anh" in head_lines[0]


def test_users_lists_the_demo_accounts(demo_checkout):
    var_dir = demo_checkout.var_dir
    done = demo_checkout.chidao("users", "--json")
    assert done.returncode == 0, done.stderr
    listed = {user["username"] for user in json.loads(done.stdout)}
    demo_lines = (var_dir / "demo-accounts.txt").read_text(encoding="utf-8").splitlines()
    demo = {line.split("\t")[0] for line in demo_lines if line.strip()}
    assert demo, "make setup wrote no demo account"
    assert demo <= listed


def test_a_token_made_on_the_command_line_opens_the_servers_api(demo_checkout):
    """Same database, same key: the server `make run` starts (scripts/serve.sh) accepts a
    token that `chidao token create` wrote."""
    done = demo_checkout.chidao("token", "create", "nguoixem")
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [shutil.which("bash"), "scripts/serve.sh", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=demo_checkout.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/tasks",
            headers={"Authorization": f"Bearer {token}"},
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                    status, body = answer.status, json.load(answer)
                break
            except (ConnectionError, TimeoutError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert status == 200
    assert len(body) > 0


def test_without_key_file_or_variable_production_refuses_to_start(tmp_path):
    # The server (wsgi) loads the settings directly: no key, no start.
    checkout = Checkout(tmp_path)
    done = subprocess.run(  # noqa: S603 — our own interpreter, fixed arguments
        [sys.executable, "-c", "import chidao.wsgi"],
        cwd=ROOT,
        env={**checkout.env, "DJANGO_SETTINGS_MODULE": "chidao.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "CHIDAO_SECRET_KEY is not set" in done.stderr


def test_first_command_in_a_checkout_creates_the_key_as_make_setup_does(tmp_path):
    done = Checkout(tmp_path).chidao("check")
    assert done.returncode == 0, done.stderr
    key = tmp_path / "secret_key"
    assert key.exists() and len(key.read_text().strip()) > 40
    assert key.stat().st_mode & 0o777 == 0o600
