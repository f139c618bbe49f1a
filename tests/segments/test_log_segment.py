"""Log Segment (DOMAIN 3.5): preconditions with BC's messages, what gets written, follow-up, speed."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import CampaignEntry
from campaigns.signals import campaign_targets_changed
from contacts.models import CorrespondenceType
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.models import SegmentCriteriaAction, SegmentHeader, SegmentHistory, SegmentLine
from segments.services.logging import log_segment, preview_log_segment
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionTemplateFactory, LoggedSegmentFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentLineFactory
from tests.segments.log_helpers import loggable_segment, numbered_segment

pytestmark = pytest.mark.django_db


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


def complete_line(segment, **fields):
    """A line that passes every check unless the test overrides a field."""
    fields.setdefault("interaction_template", segment.interaction_template or InteractionTemplateFactory())
    fields.setdefault("salesperson", segment.salesperson or SalespersonFactory())
    fields.setdefault("campaign", segment.campaign)
    return SegmentLineFactory(segment=segment, **fields)


def nothing_logged():
    return not (
        LoggedSegment.objects.exists() or InteractionLogEntry.objects.exists() or CampaignEntry.objects.exists()
    )


# --- preconditions, in BC's order --------------------------------------------------------------------------------


def test_a_segment_that_was_logged_before_cannot_be_logged_again(series, marketer):
    segment = loggable_segment(2)
    LoggedSegmentFactory(segment_no=segment.no)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == ["Logged Segment for Segment No. SM0001 already exists."]
    assert SegmentLine.objects.filter(segment=segment).count() == 2


def test_already_logged_is_checked_before_the_description(series, marketer):
    segment = loggable_segment(1)
    SegmentHeader.objects.filter(pk=segment.pk).update(description="")
    segment.refresh_from_db()
    LoggedSegmentFactory(segment_no=segment.no)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == ["Logged Segment for Segment No. SM0001 already exists."]


def test_description_must_have_a_value(series, marketer):
    segment = loggable_segment(1)
    segment.description = ""
    segment.save()
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == [
        "Description must have a value in Segment Header: No.=SM0001. It cannot be zero or empty."
    ]
    assert nothing_logged()


def test_an_empty_segment_is_refused_and_the_logged_segment_is_rolled_back(series, marketer):
    segment = numbered_segment(description="Nobody here")
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == ["Segment SM0001 is empty."]
    assert nothing_logged()
    assert SegmentHeader.objects.filter(no="SM0001").exists()


@pytest.mark.parametrize(
    ("blank", "message"),
    [
        (
            "date",
            "Date must have a value in Segment Line: Segment No.=SM0001, Line No.=20000. It cannot be zero or empty.",
        ),
        (
            "salesperson",
            "Salesperson Code must have a value in Segment Line: Segment No.=SM0001, Line No.=20000. "
            "It cannot be zero or empty.",
        ),
        (
            "interaction_template",
            "Interaction Template Code must have a value in Segment Line: Segment No.=SM0001, Line No.=20000. "
            "It cannot be zero or empty.",
        ),
    ],
)
def test_each_line_needs_date_salesperson_and_template(series, marketer, blank, message):
    segment = numbered_segment(campaign=CampaignFactory())
    complete_line(segment, line_no=10000)
    complete_line(segment, line_no=20000, **{blank: None})
    complete_line(segment, line_no=30000)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == [message]
    assert nothing_logged()
    assert SegmentLine.objects.filter(segment=segment).count() == 3


def test_the_first_failing_line_reports_its_first_failing_field(series, marketer):
    segment = numbered_segment()
    complete_line(segment, line_no=10000)
    complete_line(segment, line_no=20000, salesperson=None, interaction_template=None)
    complete_line(segment, line_no=30000, date=None)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == [
        "Salesperson Code must have a value in Segment Line: Segment No.=SM0001, Line No.=20000. "
        "It cannot be zero or empty."
    ]


def test_a_privacy_blocked_contact_cannot_be_logged(series, marketer):
    segment = numbered_segment()
    complete_line(segment, line_no=10000)
    blocked = PersonFactory(no="CT0042", name="Pat Private", privacy_blocked=True)
    complete_line(segment, line_no=20000, contact=blocked)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == [
        "You cannot use contact CT0042 Pat Private because they are marked as blocked due to privacy."
    ]
    assert nothing_logged()


def test_deliver_needs_an_email_for_email_correspondence(series, marketer):
    segment = numbered_segment()
    no_email = PersonFactory(no="CT0007", email="")
    complete_line(segment, line_no=10000, contact=no_email, correspondence_type=CorrespondenceType.EMAIL)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer, deliver=True)
    assert messages_of(excinfo) == [
        "Make sure that the E-Mail field is specified for either contact no. CT0007 or the contact alternative address."
    ]
    assert nothing_logged()


def test_without_deliver_email_correspondence_falls_back_to_blank_when_the_contact_has_no_email(series, marketer):
    segment = numbered_segment()
    no_email = PersonFactory(email="")
    with_email = PersonFactory(email="kim@example.com")
    complete_line(segment, line_no=10000, contact=no_email, correspondence_type=CorrespondenceType.EMAIL)
    complete_line(segment, line_no=20000, contact=with_email, correspondence_type=CorrespondenceType.EMAIL)
    complete_line(segment, line_no=30000, correspondence_type=CorrespondenceType.HARD_COPY)
    log_segment(segment=segment, user=marketer)
    types = list(InteractionLogEntry.objects.order_by("pk").values_list("correspondence_type", flat=True))
    assert types == ["", "email", "hard_copy"]


def test_logging_a_segment_whose_header_row_is_gone_says_it_was_logged(series, marketer):
    segment = loggable_segment(2)
    log_segment(segment=segment, user=marketer)
    with pytest.raises(ValidationError) as excinfo:
        log_segment(segment=segment, user=marketer)
    assert messages_of(excinfo) == ["Logged Segment for Segment No. SM0001 already exists."]
    assert LoggedSegment.objects.count() == 1
    assert InteractionLogEntry.objects.count() == 2


# --- effects -----------------------------------------------------------------------------------------------------


def test_logging_writes_one_logged_segment_and_one_entry_per_line_copying_the_line(series, marketer):
    campaign = CampaignFactory(no="CP0001")
    template = InteractionTemplateFactory(code="LETTER")
    salesperson = SalespersonFactory(code="JR")
    segment = numbered_segment(description="Spring mailing", campaign=campaign)
    contact = PersonFactory(no="CT0001")
    line = SegmentLineFactory(
        segment=segment,
        line_no=10000,
        contact=contact,
        contact_company=contact.company,
        campaign=campaign,
        salesperson=salesperson,
        interaction_template=template,
        interaction_group=template.interaction_group,
        description="Brochure sent",
        date=datetime.date(2026, 3, 5),
        time_of_interaction=datetime.time(9, 30),
        cost=Decimal("3.25"),
        duration=Decimal(12),
        information_flow="outbound",
        initiated_by="us",
        evaluation="positive",
        campaign_target=True,
        campaign_response=True,
        attempt_failed=True,
        opportunity_no="OP0001",
        correspondence_type=CorrespondenceType.HARD_COPY,
    )
    result = log_segment(segment=segment, user=marketer)

    logged = LoggedSegment.objects.get()
    assert result.logged_segment == logged
    assert (logged.segment_no, logged.description, logged.user, logged.canceled) == (
        "SM0001",
        "Spring mailing",
        marketer,
        False,
    )
    assert logged.creation_date == timezone.localdate()
    entry = InteractionLogEntry.objects.get()
    assert result.no_of_interactions == 1
    expected = {
        "contact": line.contact,
        "contact_company": contact.company,
        "date": datetime.date(2026, 3, 5),
        "time_of_interaction": datetime.time(9, 30),
        "description": "Brochure sent",
        "information_flow": "outbound",
        "initiated_by": "us",
        "cost": Decimal("3.25"),
        "duration": Decimal(12),
        "user": marketer,
        "interaction_group": template.interaction_group,
        "interaction_template": template,
        "campaign": campaign,
        "campaign_target": True,
        "campaign_response": True,
        "segment_no": "SM0001",
        "evaluation": "positive",
        "attempt_failed": True,
        "salesperson": salesperson,
        "canceled": False,
        "correspondence_type": "hard_copy",
        "logged_segment": logged,
        "opportunity_no": "OP0001",
        "postponed": False,
    }
    assert {name: getattr(entry, name) for name in expected} == expected
    assert entry.campaign_entry == CampaignEntry.objects.get()


def test_the_interaction_group_falls_back_to_the_templates_group(series, marketer):
    segment = numbered_segment()
    template = InteractionTemplateFactory()
    complete_line(segment, interaction_template=template, interaction_group=None)
    log_segment(segment=segment, user=marketer)
    assert InteractionLogEntry.objects.get().interaction_group == template.interaction_group


def test_entries_follow_the_line_order(series, marketer):
    segment = numbered_segment()
    for line_no, name in [(30000, "third"), (10000, "first"), (20000, "second")]:
        complete_line(segment, line_no=line_no, description=name)
    log_segment(segment=segment, user=marketer)
    assert list(InteractionLogEntry.objects.order_by("pk").values_list("description", flat=True)) == [
        "first",
        "second",
        "third",
    ]


def test_one_campaign_entry_per_campaign_from_its_first_line(series, marketer):
    spring, autumn = CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    early, late, other = SalespersonFactory(code="EARLY"), SalespersonFactory(code="LATE"), SalespersonFactory()
    segment = numbered_segment(description="Two campaigns")
    complete_line(segment, line_no=10000, campaign=spring, salesperson=late, date=datetime.date(2026, 3, 9))
    complete_line(segment, line_no=20000, campaign=spring, salesperson=early, date=datetime.date(2026, 3, 2))
    complete_line(segment, line_no=30000, campaign=spring, salesperson=other, date=datetime.date(2026, 3, 2))
    complete_line(segment, line_no=40000, campaign=autumn, salesperson=other, date=datetime.date(2026, 9, 1))
    complete_line(segment, line_no=50000, campaign=None)
    result = log_segment(segment=segment, user=marketer)

    assert result.no_of_campaign_entries == 2
    logged = result.logged_segment
    entries = {e.campaign.no: e for e in CampaignEntry.objects.select_related("campaign")}
    assert set(entries) == {"CP0001", "CP0002"}
    first = entries["CP0001"]
    assert (first.date, first.salesperson, first.description, first.segment_no) == (
        datetime.date(2026, 3, 2),
        early,
        "Two campaigns",
        "SM0001",
    )
    assert (first.register, first.user, first.canceled, first.document_type) == (logged, marketer, False, "")
    by_campaign = dict(
        InteractionLogEntry.objects.values_list("campaign__no", "campaign_entry").order_by("pk").distinct()
    )
    assert by_campaign == {"CP0001": first.pk, "CP0002": entries["CP0002"].pk, None: None}


def test_an_existing_campaign_entry_of_the_segment_is_reused(series, marketer):
    campaign = CampaignFactory()
    segment = loggable_segment(3, campaign=campaign)
    earlier = LoggedSegmentFactory(segment_no="OLD")
    existing = CampaignEntryFactory(campaign=campaign, segment_no=segment.no, register=earlier)
    result = log_segment(segment=segment, user=marketer)
    assert result.no_of_campaign_entries == 0
    assert CampaignEntry.objects.get() == existing
    assert set(InteractionLogEntry.objects.values_list("campaign_entry", flat=True)) == {existing.pk}
    existing.refresh_from_db()
    assert existing.register == earlier


def test_the_segment_is_removed_with_its_lines_criteria_and_history(series, marketer):
    segment = loggable_segment(2)
    SegmentCriteriaAction.objects.create(segment=segment, action_no=1, action="add", no_of_contacts=2)
    SegmentHistory.objects.create(segment=segment, action_no=1, line_no=30000, contact=PersonFactory())
    log_segment(segment=segment, user=marketer)
    assert not SegmentHeader.objects.filter(no="SM0001").exists()
    assert not SegmentLine.objects.exists()
    assert not SegmentCriteriaAction.objects.exists()
    assert not SegmentHistory.objects.exists()


def test_logging_tells_pricing_that_the_campaigns_targets_changed(series, marketer):
    spring, autumn = CampaignFactory(), CampaignFactory()
    segment = numbered_segment()
    complete_line(segment, campaign=spring)
    complete_line(segment, campaign=autumn)
    complete_line(segment, campaign=None)
    received = []

    def receiver(sender, campaign_ids, **kwargs):
        received.append(campaign_ids)

    campaign_targets_changed.connect(receiver)
    try:
        log_segment(segment=segment, user=marketer)
    finally:
        campaign_targets_changed.disconnect(receiver)
    assert received == [{spring.pk, autumn.pk}]


def test_follow_up_creates_a_new_segment_from_the_logged_entries(series, marketer):
    campaign = CampaignFactory(no="CP0001")
    own = SalespersonFactory(code="OWN")
    segment = loggable_segment(3, campaign=campaign)
    contacts = list(segment.lines.order_by("line_no").values_list("contact", flat=True))
    type(own).objects.filter(pk=own.pk).update(user=marketer)
    result = log_segment(segment=segment, user=marketer, follow_up=True)

    follow_up = result.follow_up_segment
    assert follow_up.no == "SM0002"
    assert (follow_up.campaign, follow_up.description) == (campaign, "Follow-up on segment SM0001")
    assert follow_up.no_series.code == "SEGM"
    assert follow_up.salesperson == own
    assert follow_up.interaction_template is None
    assert not follow_up.campaign_target
    lines = list(follow_up.lines.order_by("line_no"))
    assert [line.line_no for line in lines] == [10000, 20000, 30000]
    assert [line.contact_id for line in lines] == contacts
    line = lines[0]
    assert line.contact_company == line.contact.company
    assert (line.campaign, line.salesperson, line.description, line.date) == (
        campaign,
        own,
        "Follow-up on segment SM0001",
        timezone.localdate(),
    )
    assert (line.campaign_target, line.cost, line.action_no) == (False, 0, 1)
    action = follow_up.criteria_actions.get()
    assert (action.action_no, action.action, action.no_of_contacts) == (1, "reuse_logged", 3)
    assert action.filters == {"logged_segment": result.logged_segment.pk}


def test_follow_up_lines_take_the_contacts_salesperson_and_correspondence_type_when_the_user_has_none(series, marketer):
    segment = numbered_segment(campaign=CampaignFactory())
    contact_salesperson = SalespersonFactory(code="MINE")
    contact = PersonFactory(salesperson=contact_salesperson, correspondence_type=CorrespondenceType.HARD_COPY)
    complete_line(segment, contact=contact)
    result = log_segment(segment=segment, user=marketer, follow_up=True)
    line = result.follow_up_segment.lines.get()
    assert line.salesperson == contact_salesperson
    assert line.correspondence_type == "hard_copy"
    assert result.follow_up_segment.salesperson is None


def test_without_follow_up_no_segment_is_left(series, marketer):
    result = log_segment(segment=loggable_segment(2), user=marketer)
    assert result.follow_up_segment is None
    assert not SegmentHeader.objects.exists()


def test_logging_moves_the_campaigns_figures_by_the_lines_values(series, marketer):
    campaign = CampaignFactory()
    segment = loggable_segment(4, campaign=campaign, targets=3, responses=1, cost=Decimal("1.50"), duration=10)
    log_segment(segment=segment, user=marketer)
    counting = InteractionLogEntry.objects.counting().filter(campaign=campaign)
    assert counting.filter(campaign_target=True).count() == 3
    assert counting.filter(campaign_response=True).count() == 1
    assert sum(e.cost for e in counting) == Decimal("6.00")
    assert sum(e.duration for e in counting) == 40


# --- preview -----------------------------------------------------------------------------------------------------


def test_preview_sums_what_will_be_logged_per_campaign(series, marketer):
    spring = CampaignFactory(no="CP0001")
    segment = loggable_segment(4, campaign=spring, targets=3, responses=2, cost=Decimal("2.00"), duration=5)
    complete_line(segment, line_no=90000, campaign=None, cost=Decimal("1.00"), duration=0)
    preview = preview_log_segment(segment=segment)
    assert (preview.lines, preview.contacts, preview.targets, preview.responses) == (5, 5, 3, 2)
    assert (preview.cost, preview.duration, preview.lines_without_campaign) == (Decimal("9.00"), 20, 1)
    [row] = preview.campaigns
    assert (row.campaign, row.lines, row.targets, row.responses, row.cost) == (spring, 4, 3, 2, Decimal("8.00"))
    assert preview.problem == ""


def test_preview_shows_the_error_logging_would_stop_with(series, marketer):
    segment = loggable_segment(2)
    SegmentLine.objects.filter(segment=segment, line_no=20000).update(date=None)
    preview = preview_log_segment(segment=segment)
    assert preview.problem.startswith("Date must have a value in Segment Line: Segment No.=SM0001, Line No.=20000.")
    assert not LoggedSegment.objects.exists()


# --- speed -------------------------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_lines(series, marketer):
    def queries_for(lines: int, prefix: str) -> int:
        segment = loggable_segment(lines, prefix=prefix)
        with CaptureQueriesContext(connection) as captured:
            result = log_segment(segment=segment, user=marketer, follow_up=True)
        assert result.no_of_interactions == lines
        assert result.follow_up_segment.lines.count() == lines
        return len(captured)

    small = queries_for(10, "SM")
    large = queries_for(1000, "LA")
    assert small == large
    assert large <= 40


# --- concurrency -------------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_to_log_the_same_segment_log_it_once(series, marketer):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL")
    segment = loggable_segment(50)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            stale = SegmentHeader.objects.get(pk=segment.pk)
            barrier.wait()
            log_segment(segment=stale, user=marketer)
            outcomes.append("logged")
        except ValidationError as error:
            outcomes.extend(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Logged Segment for Segment No. SM0001 already exists.", "logged"]
    assert LoggedSegment.objects.count() == 1
    assert InteractionLogEntry.objects.count() == 50
    assert CampaignEntry.objects.count() == 1
