"""Reads PostgreSQL should plan without parallel workers.

A per-committee aggregate whose grouping keys are correlated subqueries (the statistics as of
a date, chidao.reports.statistics) gets a parallel plan from its estimated cost, but the
costly keys are computed above the Gather, in the leader: the workers only scan a few
thousand rows, and starting them costs more than they save (25 → 17 ms at 100k tasks, and
two more processes on a busy machine). Elsewhere the server's settings stand.
"""

import contextlib

from django.db import connections, router, transaction

SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0"
RESTORE = "SET LOCAL max_parallel_workers_per_gather TO DEFAULT"


@contextlib.contextmanager
def without_parallel_workers(model):
    """The reads of `model` inside run without parallel workers on PostgreSQL (a no-op
    elsewhere): in a transaction of their own (SET LOCAL), or inside the caller's, restored
    on the way out."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic(using=alias):
        with connection.cursor() as cursor:
            cursor.execute(SERIAL)
        try:
            yield
        finally:
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute(RESTORE)
