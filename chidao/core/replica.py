"""Reading dashboards and exports from a streaming replica, when there is one and it is fresh.

Dashboards and exports are the heavy reads (aggregates over every task, whole workbooks);
a deployment with a PostgreSQL streaming replica (CHIDAO_REPLICA_URL, docs/deployment.md)
sends them there and keeps the primary for everything else. A view opts in with
`@reads_from_replica`; inside it, the router (chidao.core.db_router) sends reads to the
replica while `replica_usable()` says it is fresh, and to the primary otherwise:
- not configured (the default, and SQLite): the primary;
- behind the primary by more than CHIDAO_REPLICA_MAX_LAG seconds (default 30): the primary,
  so a dashboard is never older than that;
- down or unreachable (connect timeout 2 s): the primary, and the replica is not tried again
  for CHIDAO_REPLICA_CHECK_EVERY seconds (default 5; the freshness check is cached as long).
Writes always go to the primary, so an export's audit row is written where it belongs.

Freshness is measured against the primary itself: the bytes of WAL the replica has not
replayed (pg_current_wal_lsn() on the primary ÷ pg_last_wal_replay_lsn() on the replica). A
replica that has replayed everything is fresh however long ago the last change was; one that
is behind is fresh only while its last replayed transaction is at most MAX_LAG seconds old.
"""

import contextvars
import functools
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
_reading = contextvars.ContextVar("chidao_reads_from_replica", default=False)
_state = {"checked_at": None, "usable": False}


def configured() -> bool:
    return REPLICA in settings.DATABASES


def reading_from_replica() -> bool:
    """True inside a view that opted in (the router asks)."""
    return _reading.get()


def reads_from_replica(view):
    """Run the view's reads on the replica when it is usable (a view or an API operation)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        token = _reading.set(True)
        try:
            return view(*args, **kwargs)
        finally:
            _reading.reset(token)

    return wrapped


def _lsn(text: str | None) -> int | None:
    """'16/B374D848' → the byte position."""
    if not text:
        return None
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _measure() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        primary = _lsn(cursor.fetchone()[0])
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
            "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
        )
        in_recovery, replayed, seconds = cursor.fetchone()
    if not in_recovery:
        return True  # a server that is not replaying is as current as itself
    behind = primary - (_lsn(replayed) or 0)
    if behind <= 0:
        return True
    max_lag = float(getattr(settings, "CHIDAO_REPLICA_MAX_LAG", 30))
    return seconds is not None and float(seconds) <= max_lag


def replica_usable() -> bool:
    """Whether reads may go to the replica now (checked at most every CHECK_EVERY seconds)."""
    if not configured():
        return False
    every = float(getattr(settings, "CHIDAO_REPLICA_CHECK_EVERY", 5))
    now = time.monotonic()
    checked_at = _state["checked_at"]
    if checked_at is not None and now - checked_at < every:
        return _state["usable"]
    try:
        usable = _measure()
    except DatabaseError as error:
        logger.warning("The replica cannot be read (%s); reading from the primary.", error)
        connections[REPLICA].close()
        usable = False
    _state.update(checked_at=time.monotonic(), usable=usable)
    return usable
