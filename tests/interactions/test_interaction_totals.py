"""The interaction totals (BC's SIFT for the FlowFields of groups, templates and logged segments) follow every
way of writing entries, in the same transaction, on both databases."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from campaigns.statistics import campaign_statistics, response_rates
from interactions import log_services
from interactions.models import (
    CampaignDayTotal,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTotal,
    LoggedSegment,
)
from interactions.services import with_statistics
from segments.services.logging import log_segment
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = pytest.mark.django_db


def summed_from_entries() -> dict[tuple, tuple]:
    """The totals computed afresh from the entries (what the triggers must keep)."""
    rows = (
        InteractionLogEntry.objects.order_by()
        .values(
            "interaction_group", "interaction_template", "logged_segment", "campaign_entry", "canceled", "postponed"
        )
        .annotate(n=Count("pk"), cost=Sum("cost"), duration=Sum("duration"))
    )
    return {
        (
            r["interaction_group"] or 0,
            r["interaction_template"] or 0,
            r["logged_segment"] or 0,
            r["campaign_entry"] or 0,
            r["canceled"],
            r["postponed"],
        ): (r["n"], Decimal(r["cost"]), Decimal(r["duration"]))
        for r in rows
    }


def kept_totals() -> dict[tuple, tuple]:
    """The totals as the triggers keep them, without the rows that went back to zero."""
    return {
        (
            t.interaction_group_key,
            t.interaction_template_key,
            t.logged_segment_key,
            t.campaign_entry_id,
            t.canceled,
            t.postponed,
        ): (
            t.no_of_entries,
            Decimal(t.cost),
            Decimal(t.duration),
        )
        for t in InteractionTotal.objects.all()
        if t.no_of_entries or t.cost or t.duration
    }


def days_from_entries() -> dict[tuple, tuple]:
    """The campaign day totals computed afresh from the counting entries."""
    rows = (
        InteractionLogEntry.objects.counting()
        .filter(campaign__isnull=False)
        .order_by()
        .values("campaign", "date")
        .annotate(
            contacted=Count("pk", filter=Q(campaign_target=True)),
            responded=Count("pk", filter=Q(campaign_response=True)),
            n=Count("pk"),
            cost=Sum("cost"),
            duration=Sum("duration"),
        )
    )
    return {
        (r["campaign"], r["date"]): (r["contacted"], r["responded"], r["n"], Decimal(r["cost"]), Decimal(r["duration"]))
        for r in rows
    }


def kept_days() -> dict[tuple, tuple]:
    return {
        (d.campaign_id, d.date): (d.contacted, d.responded, d.no_of_interactions, Decimal(d.cost), Decimal(d.duration))
        for d in CampaignDayTotal.objects.all()
        if d.no_of_interactions or d.cost or d.duration or d.contacted or d.responded
    }


def assert_in_step() -> None:
    assert kept_totals() == summed_from_entries()
    assert kept_days() == days_from_entries()


def test_campaign_day_totals_follow_targets_responses_dates_and_cancelling():
    campaign, other = CampaignFactory(), CampaignFactory()
    day = datetime.date(2026, 3, 2)
    first = InteractionLogEntryFactory(campaign=campaign, campaign_target=True, date=day, cost=2)
    InteractionLogEntryFactory(campaign=campaign, campaign_target=True, campaign_response=True, date=day)
    InteractionLogEntryFactory(campaign=campaign, date=day + datetime.timedelta(days=8), postponed=True)
    InteractionLogEntryFactory(campaign=None)
    assert kept_days() == days_from_entries() == {(campaign.pk, day): (2, 1, 2, Decimal(4), Decimal(10))}

    first.date = day + datetime.timedelta(days=1)
    first.campaign = other
    first.save()
    InteractionLogEntry.objects.filter(campaign=campaign, postponed=True).update(postponed=False)
    assert_in_step()
    InteractionLogEntry.objects.filter(campaign=campaign).update(canceled=True)
    assert_in_step()
    assert kept_days() == {(other.pk, first.date): (1, 0, 1, Decimal(2), Decimal(5))}

    statistics = campaign_statistics(other)
    assert (statistics.target_contacts_contacted, statistics.no_of_interactions, statistics.cost) == (1, 1, 2)
    assert response_rates([campaign.pk, other.pk]) == {other.pk: Decimal(0)}


def test_totals_follow_single_entries_created_edited_and_deleted():
    call = InteractionTemplateFactory(code="CALL")
    first = InteractionLogEntryFactory(interaction_template=call, cost=Decimal("3.50"), duration=10)
    InteractionLogEntryFactory(interaction_template=call, cost=Decimal("1.25"), duration=4)
    InteractionLogEntryFactory(interaction_template=None, interaction_group=None, cost=1, duration=1)
    assert_in_step()
    assert len(kept_totals()) == 2

    first.cost = Decimal("9.99")
    first.postponed = True
    first.save()
    assert_in_step()

    InteractionLogEntry.objects.filter(pk=first.pk).update(description="Edited")  # no counted column: nothing moves
    InteractionLogEntry.objects.filter(pk=first.pk).update(interaction_template=InteractionTemplateFactory())
    assert_in_step()

    InteractionLogEntry.objects.filter(interaction_template=call).delete()
    assert_in_step()


def test_totals_follow_log_interaction_log_segment_and_cancelling(series, marketer):
    template = InteractionTemplateFactory(code="LETTER")
    log_services.log_interaction(
        contact=PersonFactory(),
        template=template,
        user=marketer,
        date=datetime.date(2026, 3, 1),
        salesperson=SalespersonFactory(),
        description="Letter",
        cost=Decimal("2.00"),
        duration=Decimal(3),
    )
    segment = loggable_segment(12, template=template, cost=Decimal("2.50"), duration=Decimal(5))
    result = log_segment(segment=segment, user=marketer)
    assert_in_step()
    logged = LoggedSegment.objects.with_counts().get(pk=result.logged_segment.pk)
    assert logged.no_of_interactions == 12
    entry = logged.campaign_entries.with_figures().get()
    assert (entry.no_of_interactions, entry.cost, entry.duration) == (12, Decimal("30.00"), Decimal(60))

    log_services.toggle_logged_segments_canceled(logged_segment_ids=[logged.pk])
    assert_in_step()
    logged = LoggedSegment.objects.with_counts().get(pk=logged.pk)
    assert logged.canceled
    assert logged.no_of_interactions == 12  # the FlowField counts entries whose Canceled equals the segment's
    assert logged.campaign_entries.with_figures().get().no_of_interactions == 12  # the same for campaign entries

    statistics = with_statistics(InteractionTemplate.objects.filter(pk=template.pk), entry_field="interaction_template")
    assert statistics.get().no_of_interactions == 1  # the 12 canceled entries no longer count
    assert statistics.get().cost == Decimal("2.00")


def test_a_failed_write_leaves_the_totals_as_they_were():
    template = InteractionTemplateFactory()
    InteractionLogEntryFactory(interaction_template=template, cost=1, duration=1)
    before = kept_totals()

    with pytest.raises(RuntimeError), transaction.atomic():
        InteractionLogEntryFactory(interaction_template=template, cost=5, duration=5)
        raise RuntimeError("the rest of the operation failed")

    assert kept_totals() == before == summed_from_entries()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_total():
    template = InteractionTemplateFactory()
    contact = PersonFactory()
    errors = []

    def write(n):
        try:
            for _ in range(n):
                with transaction.atomic():
                    InteractionLogEntryFactory(interaction_template=template, contact=contact, cost=1, duration=2)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(15,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert_in_step()
    total = InteractionTotal.objects.filter(interaction_template_key=template.pk).aggregate(
        n=Coalesce(Sum("no_of_entries"), 0)
    )
    assert total["n"] == 60
