"""Set-based inserts of many rows from Python data (contact import, generated benchmark contacts).

On PostgreSQL one `INSERT … SELECT … FROM unnest(%s::type[], …)` per chunk: every column travels as one
array parameter, so 100,000 rows are a handful of statements instead of 100,000 model instances.
Elsewhere (SQLite: tests, `make run`) Django's bulk_create does the same job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

CHUNK_SIZE = 20_000
_PREPARED_TYPES = {"JSONField", "DateTimeField", "DecimalField"}


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
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in model_fields)
    sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays})"
    if returning:
        sql += f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    prepared = [f.get_internal_type() in _PREPARED_TYPES for f in model_fields]
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK_SIZE):
            chunk = rows[start : start + CHUNK_SIZE]
            params = []
            for index, field in enumerate(model_fields):
                column = [row[index] for row in chunk]
                if prepared[index]:
                    column = [field.get_db_prep_save(value, connection) for value in column]
                params.append(column)
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids
