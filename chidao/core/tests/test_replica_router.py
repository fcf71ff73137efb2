"""The router without a replica (the default, and SQLite): every read and write on the
primary, inside views that opted in too. The replica itself is tested on real clusters in
test_replica.py."""

import pytest

from chidao.core import replica
from chidao.core.db_router import ReplicaRouter


def test_without_a_replica_an_opted_in_view_reads_the_primary():
    router = ReplicaRouter()

    @replica.reads_from_replica
    def view():
        assert replica.reading_from_replica()
        return router.db_for_read(None)

    assert view() == "default"
    assert not replica.reading_from_replica()  # only inside the view
    assert router.db_for_write(None) == "default"


@pytest.mark.parametrize(
    ("text", "position"), [("0/0", 0), ("0/3000148", 0x3000148), ("16/B374D848", 0x16B374D848)]
)
def test_wal_positions_are_read_as_bytes(text, position):
    assert replica._lsn(text) == position


def test_the_replica_is_migrated_by_replication_only():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "tasks")
    assert not router.allow_migrate("replica", "tasks")
