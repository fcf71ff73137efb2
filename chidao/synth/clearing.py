"""Removing the synthetic workload, and only it, table by table (no rows in memory)."""

import time

from django.db import connection, transaction

from chidao.audit.services import record_change
from chidao.committees.models import Committee
from chidao.documents.models import LegalDocument, Source
from chidao.synth.bulk import column_name, table_name
from chidao.synth.params import (
    ACTOR,
    COMMITTEE_ID_PREFIX,
    SOURCE_KEY,
    UNIT_ID_PREFIX,
    Log,
    SynthError,
    quiet,
)
from chidao.tasks.models import (
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskSource,
)
from chidao.units.models import Unit


def _delete_dependents(model, pk_subquery: str, params: list, log: Log, depth: int = 0) -> None:
    """Delete (or unlink) the rows of every table that refers to `model` rows whose primary
    key is in `pk_subquery`, children first, one statement per table: no rows in memory,
    which matters for millions of events. PROTECT is left to the database, which refuses
    when rows outside the workload still refer to it."""
    from django.db.models import CASCADE, SET_NULL

    if depth > 4:
        raise SynthError(f"Quan hệ lồng quá sâu khi xóa {model._meta.label}.")
    tables = set(connection.introspection.table_names())
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        child = relation.related_model
        if child._meta.db_table not in tables:
            continue  # a model whose migration has not been applied has no rows
        fk = relation.field
        column = connection.ops.quote_name(fk.column)
        where = f"{column} IN ({pk_subquery})"
        with connection.cursor() as cursor:
            if fk.remote_field.on_delete is SET_NULL:
                cursor.execute(
                    f"UPDATE {table_name(child)} SET {column} = NULL WHERE {where}",  # noqa: S608
                    params,
                )
                continue
            if fk.remote_field.on_delete is not CASCADE:
                continue
            pk = column_name(child, child._meta.pk.name)
            child_pks = f"SELECT {pk} FROM {table_name(child)} WHERE {where}"  # noqa: S608
            _delete_dependents(child, child_pks, params, log, depth + 1)
            cursor.execute(f"DELETE FROM {table_name(child)} WHERE {where}", params)  # noqa: S608
            if cursor.rowcount:
                log(f"  xóa {cursor.rowcount} {child._meta.db_table}")


def _delete_where(model, where: str, params: list, log: Log) -> int:
    pk = column_name(model, model._meta.pk.name)
    pks = f"SELECT {pk} FROM {table_name(model)} WHERE {where}"  # noqa: S608
    _delete_dependents(model, pks, params, log)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table_name(model)} WHERE {where}", params)  # noqa: S608
        return cursor.rowcount


def clear(*, log: Log = quiet) -> dict[str, int]:
    """Remove the synthetic workload, and only it (not the demo plan's synthetic tasks):
    its tasks with their whole history, plans, committees, units and source.
    Returns the numbers of rows removed by kind.

    On PostgreSQL, outside a transaction, the task tables are vacuumed afterwards so that
    the space of millions of deleted rows is reused by the next workload."""
    counts = _clear(log)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            for model in (Task, TaskCoordination, ExtensionRequest, ProgressReport, TaskEvent):
                cursor.execute(f"VACUUM {table_name(model)}")
        log(f"VACUUM: {time.perf_counter() - mark:.1f} s")
    return counts


@transaction.atomic
def _clear(log: Log) -> dict[str, int]:
    committees = f"SELECT id FROM {table_name(Committee)} WHERE external_id LIKE %s"  # noqa: S608
    of_committees = [COMMITTEE_ID_PREFIX + "%"]
    sources = f"SELECT id FROM {table_name(Source)} WHERE key = %s"  # noqa: S608
    of_source = f"{column_name(LegalDocument, 'source')} IN ({sources})"
    counts = {
        "tasks": _delete_where(Task, f"committee_id IN ({committees})", of_committees, log),
        "plans": _delete_where(TaskSource, f"committee_id IN ({committees})", of_committees, log),
        "documents": _delete_where(LegalDocument, of_source, [SOURCE_KEY], log),
        "committees": _delete_where(Committee, "external_id LIKE %s", of_committees, log),
        "units": _delete_where(Unit, "external_id LIKE %s", [UNIT_ID_PREFIX + "%"], log),
        "sources": _delete_where(Source, "key = %s", [SOURCE_KEY], log),
    }
    if any(counts.values()):
        record_change(
            actor=ACTOR,
            action="delete",
            target_type="documents.source",
            target_repr=f"Dữ liệu mô phỏng ({SOURCE_KEY})",
            before=counts,
        )
    log(f"Đã xóa dữ liệu mô phỏng: {counts}")
    return counts
