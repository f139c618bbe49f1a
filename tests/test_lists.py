"""Every declared list (core.lists) sorts by each column both ways, exports what it shows, remembers the
columns a user chose, and reads the same number of queries for 10 rows as for 1,000."""

from __future__ import annotations

import csv
import importlib
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.lists import LISTS

APPS = sorted(p.parent.name for p in Path(__file__).parent.glob("*/lists.py"))
CASES = [case for app in APPS for case in importlib.import_module(f"tests.{app}.lists").LIST_CASES]


def test_every_declared_list_has_a_case():
    missing = sorted(set(LISTS) - {case.spec for case in CASES})
    assert not missing, f"Add a ListCase to tests/<app>/lists.py for: {missing}"


def open_list(client, personas, case, query: str = ""):
    client.force_login(personas[case.role])
    return client.get(reverse(case.url, kwargs=case.kwargs()) + query)


def page_pks(response) -> list[int]:
    return [row.object.pk for row in response.context["listing"].rows]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_query_count_does_not_grow_with_the_rows(case, client, personas, series):
    case.make(10)
    open_list(client, personas, case)  # warm caches (content types, permissions) as a second request would
    with CaptureQueriesContext(connection) as few:
        assert open_list(client, personas, case).status_code == 200
    case.make(990)
    with CaptureQueriesContext(connection) as many:
        assert open_list(client, personas, case).status_code == 200
    # The same queries but the count: a first page shorter than a page is its own count (CappedPaginator.page), and
    # a list may take its count from a total (the segment card's lines); a list counts once at most.
    counts = {name: [q for q in run.captured_queries if q["sql"].startswith("SELECT COUNT(*)")] for name, run in
              (("few", few), ("many", many))}  # fmt: skip
    assert len(counts["few"]) <= len(counts["many"]) <= 1, counts
    assert len(many) - len(counts["many"]) == len(few) - len(counts["few"]), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_sortable_column_sorts_both_ways(case, client, personas, series):
    case.make(5)
    spec = LISTS[case.spec]
    for column in spec.columns:
        if column.sort_path is None:
            continue
        up = open_list(client, personas, case, f"?o={column.key}")
        down = open_list(client, personas, case, f"?o=-{column.key}")
        assert up.status_code == down.status_code == 200
        assert len(page_pks(up)) >= 2
        assert page_pks(up) == page_pks(down)[::-1], column.key  # ties by pk, reversed too
        if column in up.context["listing"].columns:
            assert f'aria-sort="ascending" data-column="{column.key}"' in up.content.decode()
            assert f'aria-sort="descending" data-column="{column.key}"' in down.content.decode()


def choose(client, case, keys: list[str]):
    url = reverse("core:list_columns", args=[case.spec])
    return client.post(url, {"columns": keys, "next": reverse(case.url, kwargs=case.kwargs())})


@pytest.mark.parametrize("case", CASES, ids=str)
def test_export_has_the_filtered_rows_and_the_chosen_columns(case, client, personas, series):
    case.make(5)
    spec = LISTS[case.spec]
    everything = open_list(client, personas, case).context["listing"].page_obj.paginator.count
    filtered = open_list(client, personas, case, case.filter).context["listing"].page_obj.paginator.count
    assert 0 < filtered < everything, "the case's filter must keep some rows, not all"
    chosen = [spec.columns[0], spec.columns[-1]]
    assert choose(client, case, [column.key for column in chosen]).status_code == 302
    captions = [str(column.caption) for column in chosen if column.export]

    response = open_list(client, personas, case, f"{case.filter}&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == captions
    assert len(rows) - 1 == filtered

    response = open_list(client, personas, case, f"{case.filter}&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == captions
    assert len(rows) - 1 == filtered


@pytest.mark.parametrize("case", CASES, ids=str)
def test_chosen_columns_are_remembered_per_user_and_reset(case, client, personas, series):
    case.make(2)
    spec = LISTS[case.spec]
    last = spec.columns[-1]
    client.force_login(personas[case.role])
    assert choose(client, case, [last.key]).status_code == 302
    shown = [header.column.key for header in open_list(client, personas, case).context["listing"].headers]
    assert shown == [last.key]
    assert choose(client, case, []).status_code == 200  # nothing ticked: told to choose one, nothing saved
    shown = [header.column.key for header in open_list(client, personas, case).context["listing"].headers]
    assert shown == [last.key]
    url = reverse("core:list_columns", args=[case.spec])
    client.post(url, {"reset": "1", "next": "/"})
    shown = [header.column.key for header in open_list(client, personas, case).context["listing"].headers]
    assert shown == spec.default_keys()
