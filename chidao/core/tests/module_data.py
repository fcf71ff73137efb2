"""Data loaded once for a test module and rolled back at its end.

Loading the demo takes seconds; a module whose tests only read it (or change it inside their
own test transaction) loads it once. The module's rows live in an outer transaction that each
test's own transaction nests in (a savepoint, rolled back after the test) and that is rolled
back when the module ends, so no other module sees them. Every test of such a module sees the
data, whether it asks for the fixture or not: keep tests that need an empty register in
another module.
"""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back_at_end(django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
