"""The plans of the pages that must stay fast at a million contacts (issue 12), pinned on PostgreSQL.

The tables are tiny, so `enable_seqscan = off` makes the planner show which index it would use when a scan of the
whole table is what it must avoid; a query that no index serves still shows a Seq Scan (or a Sort) and fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.filters import ContactFilter
from contacts.models import Contact
from tasks.filters import TaskFilter
from tasks.lists import TASKS
from tasks.models import Task
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.salespeople.factories import SalespersonFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("The plans are PostgreSQL's")


def plan(sql: str, params=(), *, off: tuple[str, ...] = ("seqscan",)) -> str:
    """EXPLAIN of the statement, with sequential scans (and any other `off` plan types) priced out."""
    with transaction.atomic(), connection.cursor() as cursor:
        for plan_type in off:
            cursor.execute(f"SET LOCAL enable_{plan_type} = off")
        cursor.execute("ANALYZE")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


# On a few rows a bitmap scan of the table and a sort cost nothing; at scale they read the rows the index holds.
NO_TABLE_READS = ("seqscan", "bitmapscan")
# Where an index must answer alone (index-only, no sort): with three rows the planner may still prefer a plain
# index and a sort of three rows, depending on the statistics of the moment; pricing those out shows whether an
# index exists that serves the query the way it must be served at scale.
INDEX_ONLY = ("seqscan", "bitmapscan", "indexscan", "sort")
IN_ORDER = ("seqscan", "bitmapscan", "sort")


def plan_of_queryset(queryset, **options) -> str:
    return plan(*queryset.query.sql_with_params(), **options)


def plan_of_last_query(run: Callable[[], object], **options) -> str:
    """EXPLAIN of the last statement `run` sends (the one that reads the rows)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return plan(queries.captured_queries[-1]["sql"], **options)


def many_contacts(count: int = 3000) -> list[Contact]:
    """Enough contacts that reading them all costs more than an index, in one INSERT."""
    return Contact.objects.bulk_create(
        Contact(
            no=f"BK{n:05d}",
            name=f"Person {n}",
            type=Contact.Type.PERSON,
            company_name=f"Firm {n % 50}",
            email=f"person{n}@example.com",
        )
        for n in range(count)
    )


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_contact_search_uses_the_trigram_indexes():
    many_contacts()
    PersonFactory(name="Anders de Vries", email="anders@vries.example.com")
    search = ContactFilter({"q": "Vries"}, queryset=Contact.objects.all()).qs.order_by("no", "pk")[:50]
    # A few thousand rows cost less to filter in the order of the No. index than four GIN probes; at a million
    # contacts the planner takes the trigram indexes by itself. What is pinned: they match the search's expressions.
    explained = plan_of_queryset(search, off=("seqscan", "indexscan"))
    for column in ("no", "name", "company_name", "email"):
        assert f"contacts_contact_{column}_trgm_idx" in explained, explained
    assert [contact.name for contact in search] == ["Anders de Vries"]
    # Words with a space between them cannot be in an e-mail address: that index is not probed.
    two_words = ContactFilter({"q": "Anders de Vries"}, queryset=Contact.objects.all()).qs.order_by("no", "pk")[:50]
    explained = plan_of_queryset(two_words, off=("seqscan", "indexscan"))
    assert "contacts_contact_name_trgm_idx" in explained and "email_trgm_idx" not in explained, explained
    assert [contact.name for contact in two_words] == ["Anders de Vries"]


def test_contact_search_matches_the_no_prefix_and_the_other_fields_anywhere():
    person = PersonFactory(no="CT90001", name="Kari Nordmann", email="kari@fjord.example.com")
    found = ContactFilter({"q": "ct9000"}, queryset=Contact.objects.all()).qs
    assert list(found) == [person]
    assert not ContactFilter({"q": "T9000"}, queryset=Contact.objects.all()).qs.exists()  # No. is a prefix match
    assert list(ContactFilter({"q": "FJORD.EX"}, queryset=Contact.objects.all()).qs) == [person]


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_tasks_panel_finds_a_contacts_tasks_through_the_id_columns():
    company = CompanyFactory()
    person = PersonFactory(company=company)
    own = TaskFactory(contact=person, contact_company=company)
    Task.objects.bulk_create(
        Task(no=f"BK{n:05d}", description="Other", date=datetime.date(2026, 3, 2), contact=other)
        for n, other in enumerate(many_contacts())
    )
    tasks = TaskFilter({"contact": company.no}, queryset=Task.objects.for_list()).qs
    explained = plan_of_queryset(tasks.open().order_by("date", "no")[:10])
    assert "Index Cond: (contact_id = " in explained, explained
    assert "Index Cond: (contact_company_id = " in explained, explained
    assert "Index Cond: ((no)::text = " in explained  # the contact is resolved by its No., not joined
    assert list(tasks) == [own]


def test_tasks_panel_shows_a_companys_tasks_of_its_people(client_as, sales_manager):
    company = CompanyFactory()
    TaskFactory(contact=PersonFactory(company=company), contact_company=company, description="Call the buyer")
    response = client_as(sales_manager).get(reverse("tasks:panel"), {"contact": company.no})
    assert response.context["counts"]["total"] == 1
    assert "Call the buyer" in response.text


def many_tasks(count: int = 3000) -> None:
    salesperson = SalespersonFactory()
    Task.objects.bulk_create(
        Task(
            no=f"BK{n:05d}",
            description="Task",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
            salesperson=salesperson,
            closed=n % 2 == 0,
            status="completed" if n % 2 == 0 else "not_started",
        )
        for n in range(count)
    )


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_task_list_default_order_reads_its_index_without_sorting():
    many_tasks()
    page = TASKS.sorted(Task.objects.for_list(), "")[0][:50]
    explained = plan_of_queryset(page)
    assert "tasks_task_list_order_idx" in explained, explained
    assert "Sort" not in explained, explained


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_task_list_filtered_on_open_reads_the_open_tasks_index_without_sorting():
    many_tasks()
    open_tasks = TaskFilter({"state": "open"}, queryset=Task.objects.for_list()).qs
    explained = plan_of_queryset(TASKS.sorted(open_tasks, "")[0][:50])
    assert "tasks_task_open_order_idx" in explained, explained
    assert "Sort" not in explained, explained


def index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


@pytest.mark.postgres
@pytest.mark.usefixtures("postgresql")
def test_the_entry_list_and_statistics_indexes_serve_their_queries():
    """Entries of a campaign newest first, and the campaign statistics from the day totals' index alone.

    On three rows the planner's choice between these and the primary key depends on the statistics of the moment
    (it differed between machines), so the indexes' definitions are pinned: the columns in the order the queries
    filter and sort, and the statistics index's columns and predicate, which make an index-only scan possible.
    """
    assert "(campaign_id, id DESC)" in index_definition("interactions_ile_cmp_list_idx")
    days = index_definition("interactions_cdt_day_idx")
    assert "(campaign_id, date) INCLUDE (contacted, responded, no_of_interactions, cost, duration)" in days, days
