"""The list kit's own rules: formula-safe exports, blanks sorted as BC sorts them, unknown sorts ignored."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Campaign
from core.lists import spreadsheet_safe, spreadsheet_unescape
from core.models import ListLayout


def test_text_a_spreadsheet_would_run_is_escaped_and_read_back():
    for formula in ("=1+1", "@SUM(A1)", "+@x", "-=1", "--1", "-SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(formula) == "'" + formula
        assert spreadsheet_unescape(spreadsheet_safe(formula)) == formula
    for plain in ("-42.50", "+47 22 33 44 55", "Lamp", "", "'quoted"):
        assert spreadsheet_safe(plain) == plain


def test_exports_escape_formulas_in_csv_and_xlsx(client, admin):
    Campaign.objects.create(no="CP1", description='=HYPERLINK("http://evil")')
    Campaign.objects.create(no="CP2", description="bell\x07 and nul-free control")
    client.force_login(admin)
    csv_text = b"".join(client.get(reverse("campaigns:list") + "?export=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    book = load_workbook(io.BytesIO(b"".join(client.get(reverse("campaigns:list") + "?export=xlsx").streaming_content)))
    cells = list(book.active.iter_rows(values_only=True))
    assert cells[1][1] == '\'=HYPERLINK("http://evil")'
    assert cells[2][1] == "bell and nul-free control"  # a control character Excel refuses is left out


def test_blanks_sort_first_ascending_and_last_descending(client, admin):
    Campaign.objects.create(no="CP1", description="b")
    Campaign.objects.create(no="CP2", description="a", starting_date="2026-01-01")
    Campaign.objects.create(no="CP3", description="c")
    client.force_login(admin)
    up = client.get(reverse("campaigns:list") + "?o=starting_date")
    down = client.get(reverse("campaigns:list") + "?o=-starting_date")
    assert [row.object.no for row in up.context["listing"].rows] == ["CP1", "CP3", "CP2"]
    assert [row.object.no for row in down.context["listing"].rows] == ["CP2", "CP3", "CP1"]


def test_an_unknown_or_hostile_sort_keeps_the_default_order(client, admin):
    Campaign.objects.create(no="CP2", description="a")
    Campaign.objects.create(no="CP1", description="b")
    client.force_login(admin)
    for order in ("nonsense", "-", "pk", "\x00", "status__code", "-" * 300):
        response = client.get(reverse("campaigns:list"), {"o": order})
        assert response.status_code == 200
        assert [row.object.no for row in response.context["listing"].rows] == ["CP1", "CP2"]


def test_the_column_chooser_refuses_an_unknown_list_and_ignores_unknown_columns(client, admin):
    client.force_login(admin)
    assert client.get(reverse("core:list_columns", args=["no.such.list"])).status_code == 404
    url = reverse("core:list_columns", args=["campaigns.campaigns"])
    response = client.post(url, {"columns": ["no", "bogus", "no"], "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert ListLayout.objects.get(user=admin).columns == ["no"]


def test_a_search_longer_than_any_name_is_told_next_to_the_field(client, admin):
    Campaign.objects.create(no="CP1", description="Lamp")
    client.force_login(admin)
    for value in ("x" * 100_000, "y" * 251):
        response = client.get(reverse("campaigns:list"), {"q": value})
        assert response.status_code == 200
        assert "Ensure this value has at most 250 characters" in response.content.decode()
        assert response.context["filter"].errors["q"]  # the search is not applied; the field says why
    assert len(client.get(reverse("campaigns:list"), {"q": "lamp"}).context["listing"].rows) == 1


def test_a_long_list_counts_up_to_the_cap_and_pages_within_it(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.lists import CappedPaginator

    Campaign.objects.bulk_create(Campaign(no=f"CP{n:02d}") for n in range(12))
    queryset = Campaign.objects.select_related("status", "salesperson").order_by("-no")
    paginator = CappedPaginator(queryset, 2, cap=5)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped, paginator.count_label, paginator.num_pages) == (6, True, "5+", 3)
    counting = queries.captured_queries[0]["sql"].upper()
    assert "ORDER BY" not in counting and "JOIN" not in counting and "LIMIT 6" in counting
    assert [c.no for c in paginator.get_page(99)] == ["CP07", "CP06"]  # past the window: its last page

    exact = CappedPaginator(queryset, 5, cap=100)
    assert (exact.count, exact.capped, exact.count_label, exact.num_pages) == (12, False, "12", 3)


def test_a_short_first_page_is_its_own_count_and_a_full_one_is_counted(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.lists import CappedPaginator

    Campaign.objects.bulk_create(Campaign(no=f"CP{n:02d}") for n in range(7))
    queryset = Campaign.objects.order_by("no")
    for per_page, pages_asked, expected in [(10, "1", (7, 1, 1, 7)), (7, "1", (7, 1, 1, 7)), (5, "1", (7, 2, 1, 5))]:
        paginator = CappedPaginator(queryset, per_page)
        with CaptureQueriesContext(connection) as queries:
            page = paginator.get_page(pages_asked)
            figures = (paginator.count, paginator.num_pages, page.start_index(), page.end_index())
        assert figures == expected
        # Fewer rows than a page: they are all, and nothing is counted; a full first page is counted as before.
        assert len(queries) == (1 if per_page > 7 else 2)
    assert [c.no for c in CappedPaginator(queryset, 5).get_page("x")] == ["CP00", "CP01", "CP02", "CP03", "CP04"]
    assert [c.no for c in CappedPaginator(queryset, 5).get_page("2")] == ["CP05", "CP06"]
    assert list(CappedPaginator(Campaign.objects.none(), 5).get_page("1")) == []


def test_the_last_page_of_a_capped_list_says_how_to_reach_the_rest(client, admin, monkeypatch):
    monkeypatch.setattr("core.lists.COUNT_CAP", 60)
    Campaign.objects.bulk_create(Campaign(no=f"CP{n:03d}") for n in range(130))
    client.force_login(admin)
    first = client.get(reverse("campaigns:list")).content.decode()
    assert "1–50 of 60+" in first
    last = client.get(reverse("campaigns:list"), {"page": "99"})
    assert [row.object.no for row in last.context["listing"].rows][-1] == "CP060"  # the 61st row: one past the cap
    assert 'data-testid="list-capped"' in last.content.decode()


def test_a_link_to_another_record_is_built_in_python_and_escaped(db):
    from core.lists import Column, _Links

    links = _Links("contacts:detail")
    assert links.anchor("A&B/1") == '<a href="/contacts/A&amp;B~2F1/">A&amp;B/1</a>'
    assert _Links("no:such_page").anchor("<b>") == "&lt;b&gt;"  # a page that does not exist: the value alone
    assert Column("contact", "Contact No.", link_to="contacts:detail").sort_path == "contact"


def test_a_deep_page_finds_its_rows_by_key_first_with_the_same_rows_in_the_same_order(db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import lists
    from core.lists import CappedPaginator
    from tests.campaigns.factories import CampaignFactory, CampaignStatusFactory

    status = CampaignStatusFactory()
    for n in range(30):
        CampaignFactory(no=f"CP{(n * 7) % 30:04d}", description=f"Campaign {n % 4}", status=status)
    queryset = Campaign.objects.select_related("status").order_by("description", "-no", "pk")
    monkeypatch.setattr(lists, "LATE_ROW_LOOKUP", 10)

    plain = [c.no for c in queryset[20:25]]
    with CaptureQueriesContext(connection) as queries:
        page = CappedPaginator(queryset, 5).page(5)  # rows 20-24: by key first
        found = [c.no for c in page.object_list]
        statuses = [c.status.code for c in page.object_list]

    assert found == plain
    assert statuses == [status.code] * 5  # select_related kept for the page's rows
    assert len(queries) == 3  # the count, the page's keys, the page's rows
    assert [c.no for c in CappedPaginator(queryset, 5).page(2).object_list] == [c.no for c in queryset[5:10]]


def test_nulls_first_or_last_is_said_only_of_columns_that_can_be_null(db):
    from campaigns.lists import CAMPAIGNS

    by_no, _key = CAMPAIGNS.sorted(Campaign.objects.all(), "-no")  # NOT NULL: an index can serve it backwards
    by_salesperson, _key = CAMPAIGNS.sorted(Campaign.objects.all(), "-salesperson")  # through a nullable link

    assert "NULLS" not in str(by_no.query).upper()
    assert "NULLS LAST" in str(by_salesperson.query).upper()


def test_a_list_joins_only_what_its_chosen_columns_read(client, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.lists import relation_of
    from tasks.lists import TASKS
    from tasks.models import Task
    from tests.tasks.factories import TaskFactory

    assert relation_of(Task, "salesperson__code") == "salesperson"
    assert relation_of(Task, "description") == ""
    assert relation_of(Task, "priority_order") == ""  # an annotation
    columns = [column for column in TASKS.columns if column.visible]
    joined = TASKS.joined_for(Task.objects.for_list(), columns).query.select_related
    assert set(joined) == {"salesperson", "team", "contact", "campaign"}  # not segment, activity, completed_by
    chosen = [*columns, next(column for column in TASKS.columns if column.key == "completed_by")]
    assert "completed_by" in TASKS.joined_for(Task.objects.for_list(), chosen).query.select_related

    # Chosen columns through a relation the default leaves out are read in the page's query, not one per row.
    for _ in range(3):
        TaskFactory()
    client.force_login(admin)
    ListLayout.objects.create(user=admin, list_key="tasks.tasks", columns=["no", "activity", "completed_by"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tasks:list"))
    for _ in range(5):
        TaskFactory()
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("tasks:list")).status_code == 200
    assert len(more) == len(few)
    assert any('"tasks_activity"' in query["sql"] and "LIMIT" in query["sql"] for query in more.captured_queries)
