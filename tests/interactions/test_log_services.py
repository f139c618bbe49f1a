"""Logging a single interaction (DOMAIN 2.5, 5.2) and the Canceled toggles with their cascades (DOMAIN 3.6)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import CampaignEntry
from campaigns.signals import campaign_targets_changed
from interactions import log_services
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.services.logging import log_segment
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory, LoggedSegmentFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """The campaign id sets sent with campaign_targets_changed during the test."""
    calls: list[set] = []

    def receiver(sender, campaign_ids, **kwargs):
        calls.append(campaign_ids)

    campaign_targets_changed.connect(receiver)
    yield calls
    campaign_targets_changed.disconnect(receiver)


def log(**overrides):
    values = {
        "contact": PersonFactory(),
        "template": InteractionTemplateFactory(),
        "user": None,
        "date": datetime.date(2026, 4, 1),
        "salesperson": SalespersonFactory(),
        "description": "Phone call",
    }
    values.update(overrides)
    return log_services.log_interaction(**values)


# --- Log Interaction --------------------------------------------------------------------------------------------


def test_a_single_interaction_is_logged_with_everything_given(marketer):
    contact = PersonFactory(no="CT0001")
    template = InteractionTemplateFactory(code="CALL")
    salesperson = SalespersonFactory(code="JR")
    entry = log(
        contact=contact,
        template=template,
        user=marketer,
        salesperson=salesperson,
        time_of_interaction=datetime.time(14, 5),
        description="Called about the offer",
        cost=Decimal("1.20"),
        duration=Decimal(15),
        information_flow="outbound",
        initiated_by="us",
        evaluation="very_positive",
        attempt_failed=True,
        correspondence_type="email",
    )
    entry.refresh_from_db()
    assert (entry.contact, entry.contact_company, entry.interaction_group) == (
        contact,
        contact.company,
        template.interaction_group,
    )
    assert (entry.date, entry.time_of_interaction, entry.description) == (
        datetime.date(2026, 4, 1),
        datetime.time(14, 5),
        "Called about the offer",
    )
    assert (entry.cost, entry.duration, entry.evaluation, entry.attempt_failed) == (
        Decimal("1.20"),
        15,
        "very_positive",
        True,
    )
    assert (entry.user, entry.salesperson, entry.segment_no, entry.logged_segment) == (marketer, salesperson, "", None)
    assert (entry.campaign, entry.campaign_entry, entry.canceled, entry.postponed) == (None, None, False, False)
    assert not CampaignEntry.objects.exists()


def test_interactions_with_a_campaign_share_one_ad_hoc_campaign_entry(marketer, received):
    campaign = CampaignFactory()
    first_salesperson = SalespersonFactory(code="FIRST")
    first = log(campaign=campaign, salesperson=first_salesperson, user=marketer, campaign_target=True)
    second = log(campaign=campaign, date=datetime.date(2026, 5, 1), campaign_response=True)

    shared = CampaignEntry.objects.get()
    assert first.campaign_entry == second.campaign_entry == shared
    assert (shared.segment_no, shared.document_type, shared.description, shared.register) == (
        "",
        "",
        "Interactions",
        None,
    )
    assert (shared.date, shared.salesperson, shared.user) == (datetime.date(2026, 4, 1), first_salesperson, marketer)
    assert received == [{campaign.pk}, {campaign.pk}]


def test_a_new_interaction_makes_a_canceled_ad_hoc_entry_live_so_deleting_cannot_take_it(marketer):
    from campaigns import services as campaign_services

    campaign = CampaignFactory()
    first = log(campaign=campaign, campaign_target=True)
    campaign_services.set_entry_canceled(entry=first.campaign_entry, canceled=True)
    second = log(campaign=campaign, campaign_target=True)

    shared = CampaignEntry.objects.get()
    first.refresh_from_db()
    assert (shared.canceled, first.canceled, second.canceled) == (False, True, False)
    with pytest.raises(ValidationError):
        campaign_services.delete_campaign_entry(entry=shared)
    with pytest.raises(ValidationError):
        campaign_services.delete_campaign(campaign=campaign)
    assert InteractionLogEntry.objects.filter(pk=second.pk).exists()


def test_an_entry_of_a_canceled_logged_segment_is_not_un_canceled_on_its_own(series, marketer):
    from campaigns import services as campaign_services

    campaign = CampaignFactory()
    logged = log_segment(segment=loggable_segment(2, campaign=campaign), user=marketer).logged_segment
    log_services.toggle_logged_segments_canceled(logged_segment_ids=[logged.pk])
    entry = CampaignEntry.objects.get(register=logged)
    with pytest.raises(ValidationError) as excinfo:
        campaign_services.set_entry_canceled(entry=entry, canceled=False)
    assert excinfo.value.messages == [
        f"Canceled must be equal to 'No' in Logged Segment: Entry No.={logged.pk}. Current value is 'Yes'."
    ]
    entry.refresh_from_db()
    assert entry.canceled and not InteractionLogEntry.objects.filter(canceled=False).exists()


def test_the_ad_hoc_entry_is_not_the_entry_of_a_logged_segment(series, marketer):
    campaign = CampaignFactory()
    log_segment(segment=loggable_segment(2, campaign=campaign), user=marketer)
    entry = log(campaign=campaign)
    assert CampaignEntry.objects.count() == 2
    assert entry.campaign_entry.segment_no == ""
    assert entry.campaign_entry.register is None


def test_a_privacy_blocked_contact_gets_no_interaction():
    blocked = PersonFactory(no="CT0009", name="Pat Private", privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        log(contact=blocked, campaign=CampaignFactory())
    assert excinfo.value.messages == [
        "You cannot use contact CT0009 Pat Private because they are marked as blocked due to privacy."
    ]
    assert not InteractionLogEntry.objects.exists()
    assert not CampaignEntry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("template", None, "You must fill in the Interaction Template Code field."),
        ("salesperson", None, "You must fill in the Salesperson Code field."),
        ("date", None, "You must fill in the Date field."),
        ("description", "  ", "You must fill in the Description field."),
    ],
)
def test_log_interaction_needs_template_salesperson_date_and_description(field, value, message):
    with pytest.raises(ValidationError) as excinfo:
        log(**{field: value})
    assert excinfo.value.messages == [message]
    assert not InteractionLogEntry.objects.exists()


# --- cancel: interaction log entries ------------------------------------------------------------------------------


def test_canceling_one_entry_asks_bcs_question_and_flips_it(received):
    campaign = CampaignFactory()
    entry = InteractionLogEntryFactory(campaign=campaign)
    plan = log_services.plan_interaction_cancel_toggle(entry_ids=[entry.pk])
    assert plan.question == f"Do you wish to mark Interaction Log Entry {entry.pk} as Canceled?"
    log_services.toggle_interactions_canceled(entry_ids=[entry.pk])
    entry.refresh_from_db()
    assert entry.canceled
    assert received == [{campaign.pk}]
    plan = log_services.plan_interaction_cancel_toggle(entry_ids=[entry.pk])
    assert plan.question == (
        f"Interaction Log Entry {entry.pk} is marked Canceled. Do you wish to remove the checkmark?"
    )
    log_services.toggle_interactions_canceled(entry_ids=[entry.pk])
    entry.refresh_from_db()
    assert not entry.canceled


def test_several_entries_take_the_opposite_of_the_first_selected():
    first = InteractionLogEntryFactory(canceled=True)
    second = InteractionLogEntryFactory(canceled=False)
    third = InteractionLogEntryFactory(canceled=True)
    ids = [third.pk, second.pk, first.pk]
    plan = log_services.plan_interaction_cancel_toggle(entry_ids=ids)
    assert plan.question == "Do you wish to remove the checkmark from the selected Interaction Log Entry lines?"
    result = log_services.toggle_interactions_canceled(entry_ids=ids)
    assert (result.canceled, result.count) == (False, 3)
    assert not InteractionLogEntry.objects.filter(canceled=True).exists()
    plan = log_services.plan_interaction_cancel_toggle(entry_ids=ids)
    assert plan.question == "Do you wish to mark the selected Interaction Log Entry lines as Canceled?"


def test_an_entry_of_a_canceled_logged_segment_cannot_be_uncanceled_alone():
    logged = LoggedSegmentFactory(canceled=True)
    entry = InteractionLogEntryFactory(logged_segment=logged, canceled=True)
    with pytest.raises(ValidationError) as excinfo:
        log_services.toggle_interactions_canceled(entry_ids=[entry.pk])
    assert excinfo.value.messages == [
        f"Canceled must be equal to 'No' in Logged Segment: Entry No.={logged.pk}. Current value is 'Yes'."
    ]
    entry.refresh_from_db()
    assert entry.canceled


def test_an_entry_of_a_canceled_campaign_entry_cannot_be_uncanceled_alone():
    campaign_entry = CampaignEntryFactory(canceled=True)
    entry = InteractionLogEntryFactory(campaign=campaign_entry.campaign, campaign_entry=campaign_entry, canceled=True)
    with pytest.raises(ValidationError) as excinfo:
        log_services.toggle_interactions_canceled(entry_ids=[entry.pk])
    assert excinfo.value.messages == [
        f"Canceled must be equal to 'No' in Campaign Entry: Entry No.={campaign_entry.pk}. Current value is 'Yes'."
    ]


def test_nothing_selected_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        log_services.plan_interaction_cancel_toggle(entry_ids=[])
    assert excinfo.value.messages == ["Select at least one line."]


# --- cancel: logged segments --------------------------------------------------------------------------------------


def test_canceling_a_logged_segment_cascades_to_its_campaign_entries_and_interactions_and_back(
    series, marketer, received
):
    campaign = CampaignFactory()
    result = log_segment(segment=loggable_segment(4, campaign=campaign), user=marketer)
    logged = result.logged_segment
    other = log_segment(segment=loggable_segment(2, campaign=campaign, prefix="OT"), user=marketer).logged_segment
    received.clear()

    plan = log_services.plan_logged_segment_cancel_toggle(logged_segment_ids=[logged.pk])
    assert plan.question == f"Do you wish to mark Logged Segment {logged.pk} as Canceled?"
    log_services.toggle_logged_segments_canceled(logged_segment_ids=[logged.pk])

    logged.refresh_from_db()
    assert logged.canceled
    assert list(CampaignEntry.objects.filter(register=logged).values_list("canceled", flat=True)) == [True]
    assert InteractionLogEntry.objects.filter(logged_segment=logged, canceled=True).count() == 4
    assert not InteractionLogEntry.objects.filter(logged_segment=other, canceled=True).exists()
    assert not CampaignEntry.objects.get(register=other).canceled
    assert InteractionLogEntry.objects.counting().filter(campaign=campaign).count() == 2
    assert received == [{campaign.pk}]

    plan = log_services.plan_logged_segment_cancel_toggle(logged_segment_ids=[logged.pk])
    assert plan.question == f"Logged Segment {logged.pk} is marked Canceled. Do you wish to remove the checkmark?"
    log_services.toggle_logged_segments_canceled(logged_segment_ids=[logged.pk])
    assert not LoggedSegment.objects.filter(canceled=True).exists()
    assert not CampaignEntry.objects.filter(canceled=True).exists()
    assert InteractionLogEntry.objects.counting().filter(campaign=campaign).count() == 6


def test_several_logged_segments_take_the_opposite_of_the_lowest_entry_no():
    first = LoggedSegmentFactory(canceled=False)
    second = LoggedSegmentFactory(canceled=True)
    entry = InteractionLogEntryFactory(logged_segment=second, canceled=True)
    ids = [second.pk, first.pk]
    plan = log_services.plan_logged_segment_cancel_toggle(logged_segment_ids=ids)
    assert plan.question == "Do you wish to mark the selected Logged Segment lines as Canceled?"
    log_services.toggle_logged_segments_canceled(logged_segment_ids=ids)
    assert LoggedSegment.objects.filter(canceled=True).count() == 2
    entry.refresh_from_db()
    assert entry.canceled
    plan = log_services.plan_logged_segment_cancel_toggle(logged_segment_ids=ids)
    assert plan.question == "Do you wish to remove the checkmark from the selected Logged Segment lines?"


def test_logged_segment_counts_follow_its_own_canceled_value(series, marketer):
    result = log_segment(segment=loggable_segment(3), user=marketer)
    logged = result.logged_segment
    one = InteractionLogEntry.objects.filter(logged_segment=logged).order_by("pk").first()
    log_services.toggle_interactions_canceled(entry_ids=[one.pk])
    counted = LoggedSegment.objects.with_counts().get(pk=logged.pk)
    assert (counted.no_of_interactions, counted.no_of_campaign_entries) == (2, 1)
    log_services.toggle_logged_segments_canceled(logged_segment_ids=[logged.pk])
    counted = LoggedSegment.objects.with_counts().get(pk=logged.pk)
    assert (counted.no_of_interactions, counted.no_of_campaign_entries) == (3, 1)
