"""Set-based SQL built by the ORM: INSERT … SELECT, and single-statement DELETE and UPDATE.

The SELECT is always an ORM queryset (`query.sql_with_params()`), so values travel as parameters
and the statement works on PostgreSQL and SQLite alike.

The `…_campaigns` variants also report which campaigns the written segment lines belong to (for
campaigns.signals.notify_targets_changed) from the statement itself (RETURNING), instead of a second
scan of 100,000 lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import sql as orm_sql


@dataclass
class Written:
    """What a statement wrote: the row count and the campaigns of the rows that are (or were) targets."""

    count: int
    campaign_ids: set[int]


def _insert_statement(model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object]):
    aliases = {f"cd_col_{i}": expression for i, expression in enumerate(columns.values())}
    select = source.order_by().annotate(**aliases).values(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connections[select.db].ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params, select.db


def insert_select(*, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object]) -> int:
    """INSERT INTO model's table (columns) SELECT the expressions over `source`; return the rows inserted.

    `columns` maps a field name of `model` to an expression over `source` (F(), Value(), Case(), Window()…).
    """
    statement, params, using = _insert_statement(model, source, columns)
    with connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def insert_select_campaigns(
    *, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object]
) -> Written:
    """insert_select, also returning the campaigns of the inserted Campaign Target lines."""
    statement, params, using = _insert_statement(model, source, columns)
    return _returning(statement, params, using, target_flag=True)


def delete_rows(queryset: models.QuerySet) -> int:
    """DELETE the rows of `queryset` in one statement (no per-row signals; callers notify what changed)."""
    return queryset.order_by()._raw_delete(queryset.db)


def delete_rows_campaigns(queryset: models.QuerySet) -> Written:
    """delete_rows, also returning the campaigns of the deleted Campaign Target lines."""
    if queryset.query.is_empty():  # .none() (an invalid filter) compiles to no SQL at all
        return Written(0, set())
    query = queryset.order_by().query.clone()
    query.__class__ = orm_sql.DeleteQuery
    statement, params = query.get_compiler(queryset.db).as_sql()
    return _returning(statement, params, queryset.db, target_flag=True)


def update_rows_campaigns(queryset: models.QuerySet, **values) -> Written:
    """UPDATE the rows of `queryset` with `values` in one statement; return the campaigns of all changed rows."""
    if queryset.query.is_empty():  # .none() (an invalid filter) compiles to no SQL at all
        return Written(0, set())
    query = queryset.order_by().query.chain(orm_sql.UpdateQuery)
    query.add_update_values(values)
    statement, params = query.get_compiler(queryset.db).as_sql()
    return _returning(statement, params, queryset.db, target_flag=False)


def _returning(statement: str, params, using: str, *, target_flag: bool) -> Written:
    """Run an INSERT/UPDATE/DELETE on segment lines with RETURNING campaign_id (and campaign_target).

    PostgreSQL groups the returned rows in the same statement (a data-modifying CTE); SQLite returns
    them and they are grouped here.
    """
    connection = connections[using]
    flag = '"campaign_target"' if target_flag else "true"
    if connection.vendor == "postgresql":
        statement = (
            f'WITH written AS ({statement} RETURNING "campaign_id", {flag} AS target) '
            "SELECT campaign_id, target, COUNT(*) FROM written GROUP BY campaign_id, target"
        )
    else:
        statement = f'{statement} RETURNING "campaign_id", {flag}, 1'
    count, campaign_ids = 0, set()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for campaign_id, target, rows in cursor.fetchall():
            count += rows
            if campaign_id and target:
                campaign_ids.add(campaign_id)
    return Written(count=count, campaign_ids=campaign_ids)


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
