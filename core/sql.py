"""Set-based SQL: INSERT … SELECT, single-statement DELETE and UPDATE, and many rows from Python data.

The SELECT is always an ORM queryset (`query.sql_with_params()`), so values travel as parameters, never
formatted into SQL, and the statements work on PostgreSQL and SQLite alike. The `…_returning` variants also
say what they wrote, grouped and counted by the columns asked for, from the statement itself (RETURNING)
instead of a second scan of the table.

Django has no public API for an UPDATE or DELETE whose SQL we run ourselves, so a few private parts of the
ORM are used here and nowhere else (see PRIVATE_ORM); tests/core/test_sql.py fails when a Django upgrade
changes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, transaction
from django.db.models import sql as orm_sql

# The private ORM this module relies on (checked by tests/core/test_sql.py on every Django upgrade).
PRIVATE_ORM = (
    "QuerySet._raw_delete(using)",
    "Query.is_empty()",
    "Query.chain(klass)",
    "Query.clone() with __class__ = sql.DeleteQuery",
    "UpdateQuery.add_update_values(values)",
    "Query.get_compiler(using).as_sql()",
    "CursorWrapper.cursor (psycopg's own cursor, for COPY)",
)

_PREPARED_TYPES = {"JSONField", "DateTimeField", "DecimalField"}
_TEMP_TABLE = "bulk_insert_rows"

# --- INSERT … SELECT ------------------------------------------------------------------------------------------


def insert_select_sql(
    *, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object], keep_order: bool = False
) -> tuple[str, Sequence, str]:
    """The INSERT … SELECT statement, its parameters and database alias.

    `columns` maps a field name of `model` to an expression over `source` (F(), Value(), Case(), Window()…).
    With `keep_order` the SELECT keeps `source`'s ORDER BY, so the new rows are numbered in that order.
    """
    aliases = {f"cd_col_{i}": expression for i, expression in enumerate(columns.values())}
    select = (source if keep_order else source.order_by()).annotate(**aliases).values(*aliases)
    sql, params = select.query.sql_with_params()
    quote = connections[select.db].ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) {sql}", params, select.db


def insert_select(
    *, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object], keep_order: bool = False
) -> int:
    """INSERT INTO model's table (columns) SELECT the expressions over `source`; return the rows inserted."""
    statement, params, using = insert_select_sql(model=model, source=source, columns=columns, keep_order=keep_order)
    with connections[using].cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def insert_select_returning(
    *, model: type[models.Model], source: models.QuerySet, columns: Mapping[str, object], returning: Sequence[str]
) -> Counter[tuple]:
    """insert_select, counting the inserted rows by the values of the `returning` columns."""
    statement, params, using = insert_select_sql(model=model, source=source, columns=columns)
    return run_returning(statement, params, using, model=model, returning=returning)


# --- DELETE and UPDATE ----------------------------------------------------------------------------------------


def delete_rows(queryset: models.QuerySet) -> int:
    """DELETE the rows of `queryset` in one statement (no per-row signals; callers notify what changed)."""
    return queryset.order_by()._raw_delete(queryset.db)


def delete_sql(queryset: models.QuerySet) -> tuple[str, Sequence] | None:
    """The single DELETE statement of `queryset` and its parameters; None when it selects nothing by design."""
    if queryset.query.is_empty():  # .none() (an invalid filter) compiles to no SQL at all
        return None
    query = queryset.order_by().query.clone()
    query.__class__ = orm_sql.DeleteQuery
    return query.get_compiler(queryset.db).as_sql()


def update_sql(queryset: models.QuerySet, values: Mapping[str, Any]) -> tuple[str, Sequence] | None:
    """The single UPDATE statement setting `values` on `queryset`'s rows; None when it selects nothing by design."""
    if queryset.query.is_empty():
        return None
    query = queryset.order_by().query.chain(orm_sql.UpdateQuery)
    query.add_update_values(dict(values))
    return query.get_compiler(queryset.db).as_sql()


def delete_returning(queryset: models.QuerySet, *, returning: Sequence[str]) -> Counter[tuple]:
    """DELETE the rows of `queryset` in one statement, counting them by the values of the `returning` columns."""
    if (built := delete_sql(queryset)) is None:
        return Counter()
    return run_returning(*built, queryset.db, model=queryset.model, returning=returning)


def update_returning(queryset: models.QuerySet, values: Mapping[str, Any], *, returning: Sequence[str]) -> Counter:
    """UPDATE the rows of `queryset` in one statement, counting them by the values of the `returning` columns."""
    if (built := update_sql(queryset, values)) is None:
        return Counter()
    return run_returning(*built, queryset.db, model=queryset.model, returning=returning)


def run_returning(
    statement: str, params: Sequence, using: str, *, model: type[models.Model], returning: Sequence[str]
) -> Counter[tuple]:
    """Run an INSERT/UPDATE/DELETE with RETURNING the `returning` fields; count the rows per distinct value tuple.

    PostgreSQL groups the returned rows in the same statement (a data-modifying CTE), so 100,000 rows come
    back as a few; SQLite returns them all and they are counted here.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    names = [quote(model._meta.get_field(name).column) for name in returning]
    listed = ", ".join(names)
    if connection.vendor == "postgresql":
        statement = (
            f"WITH written AS ({statement} RETURNING {listed}) SELECT {listed}, COUNT(*) FROM written GROUP BY {listed}"  # noqa: S608 - names quoted by connection.ops.quote_name and SQL compiled by the ORM; values are parameters
        )
    else:
        statement = f"{statement} RETURNING {listed}, 1"
    counts: Counter[tuple] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for *values, rows in cursor.fetchall():
            counts[tuple(values)] += rows
    return counts


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


# --- many rows from Python data -------------------------------------------------------------------------------


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, returning: bool = False
) -> list[int]:
    """Insert `rows` (tuples of values for `fields`, by attname) into `model`'s table (contact import, generators).

    Returns the new primary keys in row order when `returning` is set (else an empty list). On PostgreSQL the
    rows travel with COPY (psycopg writes them in C, no SQL text per row); when the new keys are needed they are
    copied into a temporary table first and moved with one `INSERT … SELECT … ORDER BY … RETURNING`. Elsewhere
    (SQLite: tests, `make run`) Django's bulk_create does the same job.
    """
    if not rows:
        return []
    using = model._default_manager.db
    connection = connections[using]
    model_fields = [model._meta.get_field(name) for name in fields]
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        created = model._default_manager.bulk_create(objects, batch_size=2000)
        return [obj.pk for obj in created] if returning else []
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in model_fields)
    prepared = [i for i, f in enumerate(model_fields) if f.get_internal_type() in _PREPARED_TYPES]

    def prepare(row: Sequence[Any]) -> Sequence[Any]:
        if not prepared:
            return row
        row = list(row)
        for index in prepared:
            row[index] = model_fields[index].get_db_prep_save(row[index], connection)
        return row

    with transaction.atomic(using=using), connection.cursor() as cursor:
        if not returning:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepare(row))
            return []
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_TEMP_TABLE} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608 - names quoted by connection.ops.quote_name and SQL compiled by the ORM; values are parameters
        )
        cursor.execute(f"ALTER TABLE {_TEMP_TABLE} ADD COLUMN row_order bigint")
        with cursor.cursor.copy(f"COPY {_TEMP_TABLE} ({columns}, row_order) FROM STDIN") as copy:
            for order, row in enumerate(rows):
                copy.write_row([*prepare(row), order])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {_TEMP_TABLE} ORDER BY row_order "  # noqa: S608 - names quoted by connection.ops.quote_name and SQL compiled by the ORM; values are parameters
            f"RETURNING {quote(model._meta.pk.column)}"
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {_TEMP_TABLE}")
    return ids
