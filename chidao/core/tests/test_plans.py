"""chidao.core.plans: reads without parallel workers on PostgreSQL, nothing elsewhere."""

import pytest
from django.db import connection, transaction

from chidao.core.plans import without_parallel_workers
from chidao.tasks.models import Task

pytestmark = pytest.mark.django_db


def _workers() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def test_inside_no_parallel_workers_and_the_setting_back_after():
    before = _workers()
    with transaction.atomic():  # the test's own transaction: the caller's is restored
        with without_parallel_workers(Task):
            assert _workers() == (None if before is None else "0")
            assert list(Task.objects.all()) == []
        assert _workers() == before
