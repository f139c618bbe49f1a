"""core.sql: set-based INSERT … SELECT, DELETE and UPDATE built by the ORM, and the private ORM they rely on."""

from __future__ import annotations

import inspect
from collections import Counter

import django
import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import F, Value
from django.db.models import sql as orm_sql
from django.db.models.functions import Concat
from django.db.models.query import QuerySet
from django.db.models.sql.query import Query
from django.test.utils import CaptureQueriesContext

from core import sql
from core.models import NoSeries
from tests.core.factories import NoSeriesFactory

pytestmark = pytest.mark.django_db

# The Django release core.sql's private uses were last reviewed against.
REVIEWED_DJANGO = (6, 1)


def copied(code) -> dict:
    """Every column of a number series copied, with `code` as the new Code."""
    names = [f.name for f in NoSeries._meta.concrete_fields if f.name not in ("id", "code")]
    return {"code": code} | {name: F(name) for name in names}


def test_the_private_orm_core_sql_uses_is_still_there():
    """Upgrade check: a new Django release must be reviewed against core.sql.PRIVATE_ORM before this passes.

    When it fails, read core/sql.py's delete_rows, delete_sql, update_sql and insert_rows against the new
    release, run this file on PostgreSQL and SQLite, then move REVIEWED_DJANGO on.
    """
    assert django.VERSION[:2] == REVIEWED_DJANGO, (
        f"Django {django.get_version()}: review core.sql's private ORM uses {sql.PRIVATE_ORM}, then update "
        "REVIEWED_DJANGO in tests/core/test_sql.py"
    )
    assert list(inspect.signature(QuerySet._raw_delete).parameters) == ["self", "using"]
    assert list(inspect.signature(Query.is_empty).parameters) == ["self"]
    assert "klass" in inspect.signature(Query.chain).parameters
    assert list(inspect.signature(orm_sql.UpdateQuery.add_update_values).parameters) == ["self", "values"]
    assert issubclass(orm_sql.DeleteQuery, Query) and issubclass(orm_sql.UpdateQuery, Query)
    assert "cursor" in inspect.signature(CursorWrapper.__init__).parameters


def test_the_private_orm_still_compiles_one_statement_with_parameters():
    queryset = NoSeries.objects.filter(code__startswith="X'; DROP")
    statement, params = sql.delete_sql(queryset)
    assert statement.startswith(f"DELETE FROM {connection.ops.quote_name('core_noseries')}")  # noqa: S608 - test code: table names come from the models, no input
    assert "DROP" not in statement and "X'; DROP%" in [str(p) for p in params]
    statement, params = sql.update_sql(queryset, {"description": "new"})
    assert statement.startswith(f"UPDATE {connection.ops.quote_name('core_noseries')} SET")
    assert "new" in params
    assert sql.delete_sql(NoSeries.objects.none()) is None
    assert sql.update_sql(NoSeries.objects.none(), {"description": "new"}) is None


def test_insert_select_copies_rows_in_one_statement():
    for code in ("B", "A", "C"):
        NoSeriesFactory(code=code, description=f"Series {code}")
    with CaptureQueriesContext(connection) as queries:
        inserted = sql.insert_select(
            model=NoSeries,
            source=NoSeries.objects.all(),
            columns=copied(Concat(F("code"), Value("-copy"))),
        )
    assert inserted == 3 and len(queries) == 1
    assert set(NoSeries.objects.filter(code__endswith="-copy").values_list("code", flat=True)) == {
        "A-copy",
        "B-copy",
        "C-copy",
    }


def test_insert_select_keeps_the_source_order_when_asked():
    for code in ("B", "A", "C"):
        NoSeriesFactory(code=code)
    sql.insert_select(
        model=NoSeries,
        source=NoSeries.objects.order_by("-code"),
        columns=copied(Concat(F("code"), Value("2"))),
        keep_order=True,
    )
    copies = NoSeries.objects.filter(code__endswith="2").order_by("pk").values_list("code", flat=True)
    assert list(copies) == ["C2", "B2", "A2"]


def test_delete_and_update_returning_count_rows_by_the_columns_asked_for():
    NoSeriesFactory(code="M1", manual_nos=True)
    NoSeriesFactory(code="M2", manual_nos=True)
    NoSeriesFactory(code="A1", manual_nos=False)
    changed = sql.update_returning(NoSeries.objects.all(), {"description": "x"}, returning=("manual_nos",))
    assert changed == Counter({(True,): 2, (False,): 1})
    assert set(NoSeries.objects.values_list("description", flat=True)) == {"x"}
    deleted = sql.delete_returning(NoSeries.objects.filter(code__startswith="M"), returning=("manual_nos",))
    assert deleted == Counter({(True,): 2})
    assert list(NoSeries.objects.values_list("code", flat=True)) == ["A1"]
    assert sql.delete_returning(NoSeries.objects.none(), returning=("manual_nos",)) == Counter()


def test_delete_rows_deletes_in_one_statement():
    NoSeriesFactory(code="D1")
    NoSeriesFactory(code="D2")
    with CaptureQueriesContext(connection) as queries:
        assert sql.delete_rows(NoSeries.objects.filter(code__startswith="D")) == 2
    assert len(queries) == 1
    assert not NoSeries.objects.exists()


def test_insert_rows_returns_the_new_keys_in_row_order():
    # Every column without a database default is given: PostgreSQL's COPY path writes exactly these columns.
    columns = ["code", "description", "starting_no", "last_no_used", "increment_by", "manual_nos"]
    rows = [("R2", "", "X0001", "", 1, False), ("R1", "", "X0001", "", 1, False)]
    ids = sql.insert_rows(NoSeries, columns, rows, returning=True)
    assert [NoSeries.objects.get(pk=pk).code for pk in ids] == ["R2", "R1"]
    assert sql.insert_rows(NoSeries, columns, []) == []
