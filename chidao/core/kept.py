"""SQL kept per query shape: a hot read compiled once, its parameters bound anew each call.

Django builds and compiles a queryset on every call. For the unit's task list that was a
third of a request (building 1.6 ms, compiling 0.9 ms, against 2 ms for the SQL itself, see
bench/README.md), always to the same text. A `KeptQuery` is given the function that builds
the queryset from named values. It is called with a *shape*, everything that changes the SQL's
text (which filters are present, the kind of visibility and the lengths of its id lists, the
day of a computed status), and the *values*, what only changes its parameters (ids, codes,
dates). The first call of a shape builds the queryset once with stand-in values, compiles it
and notes where each value went among the parameters; every call then binds its values there
and runs the SQL. Nothing to invalidate: the shape determines the text.

The stand-ins are checked before a shape is kept: built again with other stand-ins and sliced,
the text must be the same (and the slice's LIMIT/OFFSET added as Django adds it) and the
parameters exactly the first ones with each stand-in replaced. A value that changes the text,
or that the ORM transforms (a LIKE pattern), fails the check: the shape is not kept and the
caller builds its queryset as before (`rows` answers None). Rows are converted as Django's
`values_list` converts them (the backend's and the fields' converters).

Only `values_list` querysets (tuples) are kept, and only values of the types below.
"""

import datetime as dt
import logging
from collections.abc import Callable, Hashable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ValuesListIterable

logger = logging.getLogger(__name__)

# How many shapes a kept query holds before starting again (a shape is a few kB of SQL).
MAX_SHAPES = 512


def _stand_in(kind, generation: int, index: int):
    """A value of `kind` no real query would hold, distinct for each (generation, index)."""
    number = 1_900_000_000 + generation * 100_000 + index * 100
    if kind is int:
        return number
    if kind is str:
        return f"kept:{generation}:{index}"
    if kind is dt.date:
        return dt.date(2900 + generation, 1, 1) + dt.timedelta(days=index)
    if kind is dt.datetime:
        return dt.datetime(2900 + generation, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=index)
    if isinstance(kind, tuple) and kind[0] is int:  # (int, n): n ids in ascending order
        return tuple(number + i for i in range(kind[1]))
    raise TypeError(f"no stand-in for {kind!r}")


def _kind(value):
    """The kind of a value, for its stand-in: int, str, date, datetime or (int, n)."""
    if isinstance(value, bool):
        raise TypeError("a boolean changes the text: put it in the shape")
    if isinstance(value, tuple):
        if not all(type(v) is int for v in value):
            raise TypeError("only tuples of ints are bound")
        return (int, len(value))
    if isinstance(value, dt.datetime):
        return dt.datetime
    for kind in (int, str, dt.date):
        if isinstance(value, kind):
            return kind
    raise TypeError(f"cannot bind a {type(value).__name__}")


def _adapters(connection, kind) -> list[Callable | None]:
    """How a value of `kind` may appear among the parameters: as it is, or adapted as the
    backend adapts a date or a time (SQLite writes them as text)."""
    if kind is dt.date:
        return [None, connection.ops.adapt_datefield_value]
    if kind is dt.datetime:
        return [None, connection.ops.adapt_datetimefield_value]
    return [None]


class _Statement:
    """One shape's SQL, its parameters with the places of the values, and how rows are read."""

    __slots__ = ("sql", "params", "places", "converters", "empty")

    def __init__(self, sql, params, places, converters, empty=False):
        self.sql, self.params, self.places = sql, params, places
        self.converters, self.empty = converters, empty

    def bound(self, connection, values: dict, low: int, high: int | None):
        params = list(self.params)
        for position, name, index, adapter in self.places:
            value = values[name] if index is None else values[name][index]
            params[position] = value if adapter is None else adapter(value)
        limits = connection.ops.limit_offset_sql(low, high)
        return (f"{self.sql} {limits}" if limits else self.sql), tuple(params)


def _compiled(queryset, alias: str):
    compiler = queryset.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    return compiler, sql, list(params)


class KeptQuery:
    """A `values_list` read whose SQL is kept per shape (see the module's docstring).

    `build(**values)` returns the queryset for those values; `rows(shape, values, low, high)`
    answers the rows of `build(**values)[low:high]`, or None when this shape cannot be kept
    (the caller then builds the queryset itself). `shape` must hold everything `build` reads
    besides `values`.
    """

    def __init__(self, build: Callable, *, name: str = ""):
        self.build = build
        self.name = name or getattr(build, "__name__", "query")
        self._kept: dict[Hashable, _Statement | None] = {}

    def statement(self, alias: str, shape: Hashable, kinds: tuple) -> _Statement | None:
        key = (alias, shape, kinds)
        try:
            return self._kept[key]
        except KeyError:
            pass
        if len(self._kept) >= MAX_SHAPES:
            self._kept.clear()
        found = self._kept[key] = self._prepare(alias, shape, kinds)
        return found

    def _prepare(self, alias: str, shape, kinds: tuple) -> _Statement | None:
        connection = connections[alias]
        names = [name for name, _ in kinds]
        first = {name: _stand_in(kind, 1, i) for i, (name, kind) in enumerate(kinds)}
        second = {name: _stand_in(kind, 2, i) for i, (name, kind) in enumerate(kinds)}
        queryset = self.build(shape=shape, **first)
        if queryset._iterable_class is not ValuesListIterable:
            logger.warning("%s: only values_list querysets are kept", self.name)
            return None
        try:
            compiler, sql, params = _compiled(queryset, alias)
        except EmptyResultSet:  # a shape that matches nothing: Django runs no query either
            return _Statement("", [], (), {}, empty=True)
        places = []
        for position, param in enumerate(params):
            place = self._place(connection, names, kinds, first, param)
            if place is not None:
                places.append((position, *place))
        fields = [select[0] for select in compiler.select[: compiler.col_count]]
        statement = _Statement(sql, params, tuple(places), compiler.get_converters(fields))
        # The check: other stand-ins, sliced, give the same text and the bound parameters (a
        # value the ORM transformed stays in the parameters as a constant and fails it).
        sliced = self.build(shape=shape, **second)[3:29]
        try:
            _, check_sql, check_params = _compiled(sliced, alias)
        except EmptyResultSet:
            check_sql, check_params = None, []
        if statement.bound(connection, second, 3, 29) != (check_sql, tuple(check_params)):
            logger.warning("%s: the shape %r does not determine the SQL", self.name, shape)
            return None
        return statement

    @staticmethod
    def _place(connection, names, kinds, stand_ins, param):
        for name, (_, kind) in zip(names, kinds, strict=True):
            value = stand_ins[name]
            items = list(enumerate(value)) if isinstance(value, tuple) else [(None, value)]
            item_kind = int if isinstance(kind, tuple) else kind
            for index, item in items:
                for adapter in _adapters(connection, item_kind):
                    candidate = item if adapter is None else adapter(item)
                    if type(param) is type(candidate) and param == candidate:
                        return name, index, adapter
        return None

    def statement_for(self, shape: Hashable, values: dict, alias: str) -> _Statement | None:
        """The kept statement of `shape` for values like `values` (None: not kept)."""
        kinds = tuple((name, _kind(value)) for name, value in sorted(values.items()))
        return self.statement(alias, shape, kinds)

    def rows(self, shape: Hashable, values: dict, *, low: int = 0, high: int | None = None,
             alias: str) -> list[tuple] | None:  # fmt: skip
        statement = self.statement_for(shape, values, alias)
        if statement is None:
            return None
        if statement.empty:
            return []
        connection = connections[alias]
        sql, params = statement.bound(connection, values, low, high)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if statement.converters:
            found = _converted(found, statement.converters, connection)
        return [tuple(row) for row in found]


def _converted(rows, converters, connection):
    converters = list(converters.items())
    result = []
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters:
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        result.append(row)
    return result
