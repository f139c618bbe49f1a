"""Campaign services: numbers, defaults, Last Date Modified, optimistic locking, status, entries, deletion."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, CampaignComment, CampaignEntry
from campaigns.signals import campaign_dates_changed, campaign_targets_changed
from core.models import NoSeries
from interactions.models import InteractionLogEntry
from segments.models import SegmentHeader
from tasks.models import Task
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory, CampaignStatusFactory
from tests.core.factories import UserFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets_changed():
    """The campaign ids of every campaign_targets_changed sent during the test."""
    sent: list[set] = []

    def receiver(sender, campaign_ids, **kwargs):
        sent.append(set(campaign_ids))

    campaign_targets_changed.connect(receiver)
    yield sent
    campaign_targets_changed.disconnect(receiver)


@pytest.fixture
def dates_changed():
    sent: list[str] = []

    def receiver(sender, campaign, **kwargs):
        sent.append(campaign.no)

    campaign_dates_changed.connect(receiver)
    yield sent
    campaign_dates_changed.disconnect(receiver)


# --- create -------------------------------------------------------------------------------------


def test_create_draws_the_next_number_and_defaults_the_users_salesperson(series):
    user = UserFactory(username="lena")
    linked = SalespersonFactory(code="LL", user=user)
    first = services.create_campaign(campaign=Campaign(description="Spring"), user=user)
    second = services.create_campaign(campaign=Campaign(description="Summer"), user=user)
    assert (first.no, second.no) == ("CP0001", "CP0002")
    assert first.no_series.code == "CAMP"
    assert first.salesperson == linked
    assert first.last_date_modified is None


def test_create_keeps_a_chosen_salesperson_and_skips_a_blocked_linked_one(series):
    user = UserFactory(username="eva")
    SalespersonFactory(code="EN", user=user, blocked=True)
    chosen = SalespersonFactory(code="KH")
    assert services.create_campaign(campaign=Campaign(), user=user).salesperson is None
    assert services.create_campaign(campaign=Campaign(salesperson=chosen), user=user).salesperson == chosen


def test_create_without_a_campaign_series_gives_bcs_message():
    with pytest.raises(ValidationError) as excinfo:
        services.create_campaign(campaign=Campaign(description="x"), user=None)
    assert excinfo.value.messages == ["Campaign Nos. must have a value in Marketing Setup"]
    assert not Campaign.objects.exists()


def test_a_typed_number_needs_manual_nos_and_must_be_new(series):
    with pytest.raises(ValidationError) as excinfo:
        services.create_campaign(campaign=Campaign(), user=None, manual_no="SPRING")
    assert "activate Manual Nos. in No. Series CAMP" in excinfo.value.messages[0]
    NoSeries.objects.filter(code="CAMP").update(manual_nos=True)
    campaign = services.create_campaign(campaign=Campaign(), user=None, manual_no="SPRING")
    assert (campaign.no, campaign.no_series) == ("SPRING", None)
    with pytest.raises(ValidationError) as excinfo:
        services.create_campaign(campaign=Campaign(), user=None, manual_no="SPRING")
    assert excinfo.value.messages == ["The Campaign already exists. Identification fields and values: No.='SPRING'"]


def test_a_refused_creation_does_not_consume_a_number(series):
    CampaignFactory(no="CP0001")
    with pytest.raises(ValidationError):
        services.create_campaign(campaign=Campaign(), user=None)
    assert NoSeries.objects.get(code="CAMP").last_no_used == ""


# --- modify -------------------------------------------------------------------------------------


def test_update_stamps_last_date_modified_and_the_version():
    campaign = CampaignFactory(description="Old")
    campaign.description = "New"
    services.update_campaign(campaign=campaign, expected_version=0)
    campaign.refresh_from_db()
    assert (campaign.description, campaign.version) == ("New", 1)
    assert campaign.last_date_modified == timezone.localdate()


def test_update_with_a_stale_version_changes_nothing():
    campaign = CampaignFactory(description="Old")
    Campaign.objects.filter(pk=campaign.pk).update(version=3)
    campaign.description = "Mine"
    with pytest.raises(ValidationError) as excinfo:
        services.update_campaign(campaign=campaign, expected_version=2)
    assert excinfo.value.messages[0].startswith("Another user has modified the record for this Campaign")
    campaign.refresh_from_db()
    assert (campaign.description, campaign.last_date_modified) == ("Old", None)


def test_update_tells_pricing_only_when_the_dates_change(dates_changed):
    campaign = CampaignFactory(no="CP0001")
    campaign.description = "Other"
    services.update_campaign(campaign=campaign, expected_version=0)
    assert dates_changed == []
    campaign.ending_date = datetime.date(2026, 6, 30)
    services.update_campaign(campaign=campaign, expected_version=1)
    assert dates_changed == ["CP0001"]


def test_advance_status_walks_the_sort_order_and_stops_at_the_last():
    CampaignStatusFactory(code="2-SCHEDULE", sort_order=20)
    CampaignStatusFactory(code="1-PLAN", sort_order=10)
    campaign = CampaignFactory(no="CP0001")
    assert services.advance_status(campaign=campaign, expected_version=0).code == "1-PLAN"
    assert services.advance_status(campaign=campaign, expected_version=1).code == "2-SCHEDULE"
    campaign.refresh_from_db()
    assert campaign.status.code == "2-SCHEDULE"
    assert campaign.last_date_modified == timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.advance_status(campaign=campaign, expected_version=2)
    assert excinfo.value.messages == ["Campaign CP0001 already has the last status, 2-SCHEDULE."]


def test_advance_status_without_status_codes_says_so():
    with pytest.raises(ValidationError) as excinfo:
        services.advance_status(campaign=CampaignFactory(), expected_version=0)
    assert excinfo.value.messages == ["There are no campaign status codes. An administrator sets them up under Setup."]


def test_advance_status_on_a_stale_page_is_refused():
    CampaignStatusFactory(code="1-PLAN", sort_order=10)
    campaign = CampaignFactory()
    Campaign.objects.filter(pk=campaign.pk).update(version=1)
    with pytest.raises(ValidationError):
        services.advance_status(campaign=campaign, expected_version=0)
    campaign.refresh_from_db()
    assert campaign.status is None


def test_the_database_refuses_starting_after_ending():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        CampaignFactory(starting_date=datetime.date(2026, 5, 2), ending_date=datetime.date(2026, 5, 1))


# --- campaign entries ---------------------------------------------------------------------------


def test_cancel_entry_cascades_to_its_interactions_and_back(targets_changed):
    entry = CampaignEntryFactory()
    interactions = InteractionLogEntryFactory.create_batch(2, campaign=entry.campaign, campaign_entry=entry)
    other = InteractionLogEntryFactory(campaign=entry.campaign)
    services.set_entry_canceled(entry=entry, canceled=True)
    assert CampaignEntry.objects.get(pk=entry.pk).canceled
    assert {i.canceled for i in InteractionLogEntry.objects.filter(pk__in=[i.pk for i in interactions])} == {True}
    assert not InteractionLogEntry.objects.get(pk=other.pk).canceled
    services.set_entry_canceled(entry=entry, canceled=False)
    assert not InteractionLogEntry.objects.filter(canceled=True).exists()
    assert targets_changed == [{entry.campaign_id}, {entry.campaign_id}]


def test_only_a_canceled_entry_can_be_deleted(targets_changed):
    entry = CampaignEntryFactory()
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_campaign_entry(entry=entry)
    assert excinfo.value.messages == [
        f"Campaign Entry {entry.pk} is not canceled. Only canceled campaign entries can be deleted."
    ]
    assert InteractionLogEntry.objects.count() == 1
    services.set_entry_canceled(entry=entry, canceled=True)
    services.delete_campaign_entry(entry=entry)
    assert not CampaignEntry.objects.exists()
    assert not InteractionLogEntry.objects.exists()
    assert targets_changed[-1] == {entry.campaign_id}


def test_batch_delete_takes_only_canceled_entries_within_the_filters(targets_changed):
    campaign = CampaignFactory()
    seller = SalespersonFactory(code="LL")
    march = CampaignEntryFactory(campaign=campaign, canceled=True, date=datetime.date(2026, 3, 2), salesperson=seller)
    april = CampaignEntryFactory(campaign=campaign, canceled=True, date=datetime.date(2026, 4, 2))
    open_entry = CampaignEntryFactory(campaign=campaign, canceled=False, date=datetime.date(2026, 3, 3))
    elsewhere = CampaignEntryFactory(canceled=True, date=datetime.date(2026, 3, 2))
    for entry in (march, april, open_entry, elsewhere):
        InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry, canceled=entry.canceled)

    assert services.delete_campaign_entries(campaign=campaign, salesperson=SalespersonFactory(code="KH")) == 0
    assert services.delete_campaign_entries(campaign=campaign, date_to=datetime.date(2026, 3, 31)) == 1
    assert set(CampaignEntry.objects.values_list("pk", flat=True)) == {april.pk, open_entry.pk, elsewhere.pk}
    assert services.delete_campaign_entries(campaign=campaign, entry_no_from=april.pk, entry_no_to=open_entry.pk) == 1
    assert set(CampaignEntry.objects.values_list("pk", flat=True)) == {open_entry.pk, elsewhere.pk}
    assert InteractionLogEntry.objects.count() == 2
    assert targets_changed == [{campaign.pk}, {campaign.pk}]


def test_entry_figures_count_the_interactions_in_the_entrys_own_state():
    entry = CampaignEntryFactory()
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry, cost=3, duration=10)
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry, cost=4, duration=5)
    InteractionLogEntryFactory(campaign=entry.campaign, campaign_entry=entry, cost=100, duration=99, canceled=True)
    row = CampaignEntry.objects.with_figures().get(pk=entry.pk)
    assert (row.no_of_interactions, row.cost, row.duration) == (2, 7, 15)


# --- delete campaign (DOMAIN A.2) ---------------------------------------------------------------


def test_delete_campaign_is_refused_while_entries_are_not_canceled():
    campaign = CampaignFactory(no="CP0001")
    CampaignEntryFactory.create_batch(2, campaign=campaign)
    CampaignEntryFactory(campaign=campaign, canceled=True)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_campaign(campaign=campaign)
    assert excinfo.value.messages == ["You cannot delete Campaign CP0001 because 2 campaign entries are not canceled."]
    CampaignEntry.objects.filter(canceled=False).first().delete()
    with pytest.raises(ValidationError) as excinfo:
        services.delete_campaign(campaign=campaign)
    assert excinfo.value.messages == ["You cannot delete Campaign CP0001 because 1 campaign entry is not canceled."]
    assert CampaignEntry.objects.count() == 2


def test_delete_campaign_removes_canceled_history_and_detaches_the_rest():
    campaign = CampaignFactory(no="CP0001")
    entry = CampaignEntryFactory(campaign=campaign, canceled=True)
    InteractionLogEntryFactory.create_batch(2, campaign=campaign, campaign_entry=entry, canceled=True)
    postponed = InteractionLogEntryFactory(campaign=campaign, postponed=True)
    CampaignComment.objects.create(campaign=campaign, date=datetime.date(2026, 1, 1), comment="Note")
    segment = SegmentFactory(campaign=campaign)
    task = Task.objects.create(no="TD0001", description="Call", date=datetime.date(2026, 3, 2), campaign=campaign)
    services.delete_campaign(campaign=campaign)
    assert not Campaign.objects.exists()
    assert not CampaignEntry.objects.exists()
    assert list(InteractionLogEntry.objects.all()) == [postponed]
    assert InteractionLogEntry.objects.get().campaign is None
    assert not CampaignComment.objects.exists()
    assert SegmentHeader.objects.get(pk=segment.pk).campaign is None
    assert Task.objects.get(pk=task.pk).campaign is None


def test_delete_campaign_is_refused_while_interactions_without_an_entry_count():
    campaign = CampaignFactory(no="CP0001")
    InteractionLogEntryFactory(campaign=campaign)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_campaign(campaign=campaign)
    assert excinfo.value.messages == [
        "You cannot delete Campaign CP0001 because 1 interaction log entry without a campaign entry is not canceled."
    ]
    assert Campaign.objects.exists()
