"""Set-based SQL built by the ORM: INSERT … SELECT and single-statement DELETE.

The SELECT is always an ORM queryset (`query.sql_with_params()`), so values travel as parameters
and the statement works on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.db import connections, models


def insert_select(*, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object]) -> int:
    """INSERT INTO model's table (columns) SELECT the expressions over `source`; return the rows inserted.

    `columns` maps a field name of `model` to an expression over `source` (F(), Value(), Case(), Window()…).
    """
    aliases = {f"cd_col_{i}": expression for i, expression in enumerate(columns.values())}
    select = source.order_by().annotate(**aliases).values(*aliases)
    sql, params = select.query.sql_with_params()
    connection = connections[select.db]
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    statement = f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def delete_rows(queryset: models.QuerySet) -> int:
    """DELETE the rows of `queryset` in one statement (no per-row signals; callers notify what changed)."""
    return queryset.order_by()._raw_delete(queryset.db)


@contextmanager
def single_pass_joins(using: str = "default") -> Iterator[None]:
    """On PostgreSQL, plan the enclosed statements without nested loops (inside a transaction).

    An INSERT … SELECT whose SELECT checks the target table itself (contacts already on the segment)
    must read that table once, as a hash anti-join. A nested loop would rescan it for every selected
    row while the insert keeps growing it, which turns 100,000 rows into minutes. SQLite probes its
    index and needs no hint.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_nestloop TO DEFAULT")
