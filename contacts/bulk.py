"""Set-based inserts of many rows from Python data (contact import, generated benchmark contacts).

On PostgreSQL the rows travel with COPY (psycopg writes them in C, no SQL text per row); when the new
primary keys are needed they are copied into a temporary table first and moved with one
`INSERT … SELECT … ORDER BY … RETURNING`. Elsewhere (SQLite: tests, `make run`) Django's bulk_create
does the same job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction

_PREPARED_TYPES = {"JSONField", "DateTimeField", "DecimalField"}
_TEMP_TABLE = "bulk_insert_rows"


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, returning: bool = False
) -> list[int]:
    """Insert `rows` (tuples of values for `fields`, by attname) into `model`'s table.

    Returns the new primary keys in row order when `returning` is set (else an empty list).
    """
    if not rows:
        return []
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

    with transaction.atomic(), connection.cursor() as cursor:
        if not returning:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepare(row))
            return []
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_TEMP_TABLE} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"ALTER TABLE {_TEMP_TABLE} ADD COLUMN row_order bigint")
        with cursor.cursor.copy(f"COPY {_TEMP_TABLE} ({columns}, row_order) FROM STDIN") as copy:
            for order, row in enumerate(rows):
                copy.write_row([*prepare(row), order])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {_TEMP_TABLE} ORDER BY row_order "
            f"RETURNING {quote(model._meta.pk.column)}"
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {_TEMP_TABLE}")
    return ids
