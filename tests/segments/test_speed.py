"""Set-based operations: the number of queries does not depend on the number of contacts or lines."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from interactions.models import InteractionLogEntry
from segments.models import SegmentLine
from segments.services import criteria, lines
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import InteractionTemplateFactory, LoggedSegmentFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def make_contacts(count: int, prefix: str) -> None:
    """`count` contacts in Norway set up in bulk: one company per ten persons."""
    companies = Contact.objects.bulk_create(
        Contact(no=f"{prefix}C{i:05d}", name=f"Company {i}", type="company", country_region_code="NO")
        for i in range(max(count // 10, 1))
    )
    Contact.objects.filter(pk__in=[c.pk for c in companies]).update(company_id=F("id"))
    Contact.objects.bulk_create(
        Contact(
            no=f"{prefix}P{i:05d}",
            name=f"Person {i}",
            type="person",
            company=companies[i % len(companies)],
            company_name=companies[i % len(companies)].name,
            country_region_code="NO",
            city="Oslo" if i % 2 else "Bergen",
        )
        for i in range(count - len(companies))
    )


def queries_of(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def scenario(operation: str, count: int, prefix: str) -> int:
    make_contacts(count, prefix)
    campaign = CampaignFactory()
    segment = SegmentFactory(campaign=campaign, campaign_target=True, interaction_template=InteractionTemplateFactory())
    everyone = {"contact": {"no": f"{prefix}*"}}
    if operation == "add":
        return queries_of(
            lambda: criteria.add_contacts(
                segment=segment,
                filters=everyone,
                options={"expand_companies": True, "allow_related_companies": True},
            )
        )
    criteria.add_contacts(segment=segment, filters=everyone, options={})
    assert segment.lines.count() == count
    if operation == "reduce":
        return queries_of(
            lambda: criteria.remove_contacts(
                segment=segment,
                action="reduce",
                filters={"contact": {"city": "Oslo"}},
                options={"entire_companies": True},
            )
        )
    if operation == "refine":
        return queries_of(
            lambda: criteria.remove_contacts(
                segment=segment, action="refine", filters={"contact": {"city": "Oslo"}}, options={}
            )
        )
    if operation == "go_back_add":
        return queries_of(lambda: criteria.go_back(segment=segment))
    if operation == "go_back_removal":
        criteria.remove_contacts(segment=segment, action="refine", filters={"contact": {"city": "Oslo"}}, options={})
        return queries_of(lambda: criteria.go_back(segment=segment))
    if operation == "campaign_target":
        return queries_of(
            lambda: lines.set_campaign_target(segment=segment, lines=segment.lines.all(), campaign_target=False)
        )
    if operation == "remove_lines":
        line_nos = list(segment.lines.values_list("line_no", flat=True))
        return queries_of(lambda: lines.remove_lines(segment=segment, line_nos=line_nos, reset_criteria=True))
    if operation == "reuse_logged":
        logged = LoggedSegmentFactory()
        InteractionLogEntry.objects.bulk_create(
            InteractionLogEntry(contact_id=line.contact_id, date=segment.date, logged_segment=logged)
            for line in SegmentLine.objects.filter(segment=segment).only("contact_id")
        )
        other = SegmentFactory()
        return queries_of(lambda: criteria.reuse_logged(segment=other, logged_segment=logged))
    if operation == "delete":
        return queries_of(lambda: lines.delete_segment(segment=segment))
    raise AssertionError(operation)


@pytest.mark.parametrize(
    "operation",
    [
        "add",
        "reduce",
        "refine",
        "go_back_add",
        "go_back_removal",
        "campaign_target",
        "remove_lines",
        "reuse_logged",
        "delete",
    ],
)
def test_query_count_is_the_same_for_10_and_1000_contacts(operation):
    assert scenario(operation, 10, "A") == scenario(operation, 1000, "B")


def test_add_contacts_writes_the_lines_with_one_insert():
    make_contacts(200, "A")
    segment = SegmentFactory()
    with CaptureQueriesContext(connection) as captured:
        result = criteria.add_contacts(segment=segment, filters={}, options={"ignore_exclusion": True})
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "segments_segmentline"')]
    assert len(inserts) == 1 and "SELECT" in inserts[0]
    assert result.count == segment.lines.count() == 200


@pytest.mark.postgres
def test_the_existing_contact_check_reads_the_segment_lines_once_on_postgresql():
    """A nested loop would rescan the lines for every selected contact while the INSERT grows them."""
    if connection.vendor != "postgresql":
        pytest.skip("The plan is PostgreSQL's")
    from django.db import transaction

    from core.sql import single_pass_joins

    make_contacts(50, "A")
    segment = SegmentFactory()
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "AC*"}}, options={})
    contacts = criteria.contacts_to_add(segment=segment, filters={}, options={})
    sql, params = contacts.order_by().values("pk").query.sql_with_params()
    with transaction.atomic(), single_pass_joins(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Anti Join" in plan and "Nested Loop" not in plan, plan
