"""The database router: the replica for the reads of views that opted in while it is fresh
(chidao.core.replica), the primary for everything else. Active only when CHIDAO_REPLICA_URL
configures a replica (settings.DATABASE_ROUTERS)."""

from chidao.core import replica


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if replica.reading_from_replica() and replica.replica_usable():
            return replica.REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both: an object read from the replica is the primary's

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication
