"""5. list throughput: chidao under gunicorn on a loopback port, hammered by keep-alive clients.

Apart from the in-process sections because it measures whole requests through a real server
(workers, sockets, concurrency), which the test client skips; `served` is also the server the
Redmine side by side (redmine.py) talks to.
"""

import contextlib
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

from .timing import load
from .workload import ROOT

# ---- 5. throughput ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port: int, paths: list[str], headers: dict, clients: int, seconds: float) -> dict:
    """`clients` threads, each one keep-alive connection, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(seed: int):
        rng = random.Random(seed)  # noqa: S311 (which page to ask for)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", rng.choice(paths), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 500:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else None,
        "errors": errors[0],
        "requests": len(latencies),
    }


@contextlib.contextmanager
def served(env: dict, workers: int):
    """chidao under gunicorn (sync workers) on a free loopback port; its log goes to
    var/bench-gunicorn.log."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "chidao.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(  # noqa: S603 (our own server)
        command, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def throughput(port: int, token: str, units: list[int], args) -> dict:
    paths = [f"/api/v1/tasks?unit={u}&limit=25" for u in units]
    auth = {"Authorization": token}
    hammer(port, paths, auth, args.clients, 2)  # warm-up
    hammer(port, ["/api/v1/tasks"], {}, args.clients, 2)
    before = load()
    listed = hammer(port, paths, auth, args.clients, args.seconds)
    floor = hammer(port, ["/api/v1/tasks"], {}, args.clients, args.seconds)
    return {"list": listed, "floor": floor, "ratio": listed["requests_per_s"] /
            floor["requests_per_s"], "load": f"{before} → {load()}"}  # fmt: skip
