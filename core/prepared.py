"""Queries built once with the ORM and executed many times with new values (for hot paths such as pricing).

Building and compiling a complex queryset costs more than running it on a warm database. A prepared
query is built with `Param` placeholders where the values go, compiled once per database alias, and
then executed with a dict of values: the SQL text never changes and the values are always passed as
parameters, never formatted into it. On PostgreSQL the statement is also prepared on the server
(parsed and planned once per connection) unless settings.PREPARED_STATEMENTS is off, which a
connection pooler in transaction mode may need. The statements still go through Django's cursor
wrapper, so query counting and logging see them.

    query = PreparedQuery(lambda: Item.objects.filter(pk=Param("item_id", models.IntegerField())).values("no"))
    rows = query.execute({"item_id": 42})
"""

from __future__ import annotations

import datetime
import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Slot:
    """Where a Param's value goes in the compiled parameter list."""

    name: str


class Param(models.Expression):
    """A named placeholder for a value supplied at execution (see PreparedQuery)."""

    def __init__(self, name: str, output_field: models.Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: SQLCompiler, connection) -> tuple[str, list[Any]]:
        return "%s", [_Slot(self.name)]

    def get_group_by_cols(self) -> list:
        return []


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]  # constants of the query, and _Slot where a Param's value goes
    converters: tuple[Callable[[Any], Any] | None, ...]
    columns: tuple[str, ...]  # the names of values(), in row order


def _converter(field: models.Field | None) -> Callable[[Any], Any] | None:
    """Turn what a raw cursor returns into the Python value (SQLite returns dates as text, booleans as 0/1)."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return lambda value: datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(field, models.BooleanField):
        return lambda value: None if value is None else bool(value)
    return None


class PreparedQuery:
    """A queryset built by `build` once, compiled once per database alias, executed with new values."""

    def __init__(self, build: Callable[[], models.QuerySet]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compile(self, using: str) -> _Compiled:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                queryset = self._build()
                compiler = queryset.query.get_compiler(using=using)
                sql, params = compiler.as_sql()
                fields = [expression.output_field for expression, _sql, _alias in compiler.select] or [None]
                converters = tuple(_converter(field) for field in fields)
                columns = tuple(alias for _expression, _sql, alias in compiler.select)
                compiled = self._compiled[using] = _Compiled(sql, tuple(params), converters, columns)
        return compiled

    def execute(self, values: Mapping[str, Any], *, using: str = "default") -> list[tuple]:
        """The rows, as tuples in the order of the queryset's values(), with dates and booleans converted."""
        compiled = self._compile(using)
        params = [values[p.name] if isinstance(p, _Slot) else p for p in compiled.params]
        with _cursor(connections[using]) as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        converters = [(i, c) for i, c in enumerate(compiled.converters) if c is not None]
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for i, convert in converters:
                row[i] = convert(row[i])
            converted.append(tuple(row))
        return converted

    def execute_dicts(self, values: Mapping[str, Any], *, using: str = "default") -> list[dict[str, Any]]:
        """The rows as dicts keyed by the names of the queryset's values()."""
        columns = self._compile(using).columns
        return [dict(zip(columns, row, strict=True)) for row in self.execute(values, using=using)]


def _cursor(connection):
    """A Django cursor; on PostgreSQL one whose statements are prepared on the server."""
    if connection.vendor != "postgresql" or not getattr(settings, "PREPARED_STATEMENTS", True):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # Django's own wrapping (execute wrappers, query logging) around a server-binding psycopg cursor.
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@functools.cache
def _preparing_cursor_class() -> type:
    """Django's server-binding psycopg cursor, preparing every statement it executes."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor
