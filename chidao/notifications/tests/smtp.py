"""A real SMTP server on loopback (aiosmtpd) for tests, and a helper to run code on its own
database connection. The `smtp` fixture is offered to every test (conftest.py's
pytest_plugins)."""

import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, connections


class Collector:
    """Keeps every message the server accepts; can refuse the next recipients."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Tạm thời không nhận thư"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        payload = message.get_payload(decode=True) or b""
        charset = message.get_content_charset() or "utf-8"
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": str(make_header(decode_header(message["Subject"]))),
                    "message_id": message["Message-ID"],
                    "body": payload.decode(charset, errors="replace"),
                }
            )
        return "250 Message accepted for delivery"

    def about(self, needle) -> list[dict]:
        """The messages whose subject holds `needle` (a string, or an object's title)."""
        text = needle if isinstance(needle, str) else needle.title
        with self.lock:
            return [m for m in self.messages if text in m["subject"]]

    def to(self, address: str) -> list[dict]:
        with self.lock:
            return [m for m in self.messages if address in m["to"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield collector
    controller.stop()


def in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def in_own_thread(function, *args, **kwargs):
    """Run in a new thread, so on its own database connection, outside the test's
    transaction: what it writes is committed and seen by every other connection."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def together(function, count: int = 2) -> list:
    """Run `function` in `count` threads at the same moment (a barrier), each on its own
    database connection; their results, in the order they finished."""
    barrier = threading.Barrier(count)
    results = []

    def run():
        barrier.wait(timeout=10)
        return function()

    threads = [
        threading.Thread(target=lambda: results.append(in_own_thread(run))) for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results
