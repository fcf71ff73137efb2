"""Writing rows fast: COPY on PostgreSQL, executemany elsewhere; ids and sequences."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Max

from chidao.synth.params import SynthError


def table_name(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column_name(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


class RowWriter:
    """Writes tuples into a model's table: COPY on PostgreSQL, executemany elsewhere.

    `columns` are field names the caller supplies, in order; every other column gets its
    field's default (so a column added later with a default does not break synth)."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.table = table_name(model)
        fields = {f.name: f for f in model._meta.concrete_fields}
        self.columns = [fields[name].column for name in columns]
        self.extra: tuple = ()
        extra_columns = []
        for name, model_field in fields.items():
            if name in columns:
                continue
            if model_field.has_default():
                value = model_field.get_db_prep_save(model_field.get_default(), connection)
            elif model_field.null:
                value = None
            else:
                raise SynthError(f"synth không biết điền cột {model._meta.label}.{name}.")
            extra_columns.append(model_field.column)
            self.extra += (value,)
        self.columns += extra_columns
        self.names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        self.postgres = connection.vendor == "postgresql"
        self.rows = 0

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        extra = self.extra
        if self.postgres:
            raw = connection.connection
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {self.table} ({self.names}) FROM STDIN") as copy:  # noqa: S608
                    write_row = copy.write_row
                    if extra:
                        for row in rows:
                            write_row(row + extra)
                    else:
                        for row in rows:
                            write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {self.table} ({self.names}) VALUES ({marks})"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.executemany(sql, [row + extra for row in rows] if extra else rows)
        self.rows += len(rows)


def next_id(model) -> int:
    """The first id of the rows to write: past the largest id and, on PostgreSQL, past the
    sequence too, so ids of deleted rows (a previous workload) are never reused: a new key
    landing on a dead index entry of the same value costs a heap visit per row."""
    top = model.objects.aggregate(m=Max("pk"))["m"] or 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            )
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608
                top = max(top, cursor.fetchone()[0])
    return top + 1


def reset_sequences(models: Iterable) -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
