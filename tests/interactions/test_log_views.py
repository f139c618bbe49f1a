"""Pages for interaction log entries, logged segments, the history panel and Log Interaction."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import CampaignEntry
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.services.logging import log_segment
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory, LoggedSegmentFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def listed_entry_ids(response) -> list[int]:
    return [entry.pk for entry in response.context["page_obj"]]


# --- Interaction Log Entries list ---------------------------------------------------------------------------------


def test_the_entry_list_filters_on_every_field(client_as, marketer):
    campaign = CampaignFactory(no="CP0001")
    template = InteractionTemplateFactory(code="CALL")
    salesperson = SalespersonFactory(code="JR")
    contact = PersonFactory(no="CT0001")
    match = InteractionLogEntryFactory(
        contact=contact,
        campaign=campaign,
        interaction_template=template,
        salesperson=salesperson,
        date=datetime.date(2026, 4, 10),
        evaluation="positive",
    )
    canceled = InteractionLogEntryFactory(canceled=True, date=datetime.date(2026, 1, 1))
    other = InteractionLogEntryFactory(date=datetime.date(2026, 6, 1), evaluation="negative")
    client = client_as(marketer)
    url = reverse("interactions:entry_list")

    assert sorted(listed_entry_ids(client.get(url))) == sorted([match.pk, canceled.pk, other.pk])
    for query, expected in [
        ("contact=CT0001", [match.pk]),
        ("campaign=CP0001", [match.pk]),
        ("interaction_template=CALL", [match.pk]),
        ("salesperson=JR", [match.pk]),
        ("date_from=2026-04-01&date_to=2026-04-30", [match.pk]),
        ("canceled=true", [canceled.pk]),
        ("canceled=false", sorted([match.pk, other.pk])),
        ("evaluation=negative", [other.pk]),
    ]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        assert sorted(listed_entry_ids(response)) == expected, query


def test_the_entry_list_sorts_and_paginates(client_as, marketer):
    for day in range(1, 56):
        InteractionLogEntryFactory(date=datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    client = client_as(marketer)
    url = reverse("interactions:entry_list")
    first_page = client.get(f"{url}?o=date")
    dates = [entry.date for entry in first_page.context["page_obj"]]
    assert len(dates) == 50
    assert dates == sorted(dates)
    assert client.get(f"{url}?o=date&page=2").context["page_obj"].object_list[0].date == datetime.date(2026, 2, 21)
    newest = client.get(f"{url}?o=-date").context["page_obj"].object_list[0]
    assert newest.date == datetime.date(2026, 2, 25)


def test_the_entry_list_query_count_does_not_grow_with_the_rows(client_as, marketer):
    client = client_as(marketer)
    url = reverse("interactions:entry_list")
    InteractionLogEntryFactory(campaign=CampaignFactory(), salesperson=SalespersonFactory(), user=marketer)
    client.get(url)  # the first request of a session does a little more
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(30):
        InteractionLogEntryFactory(campaign=CampaignFactory(), salesperson=SalespersonFactory(), user=marketer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 31
    assert len(many) == len(few)


def test_the_entry_card_shows_the_entry(client_as, sales_manager):
    entry = InteractionLogEntryFactory(description="Brochure", cost=Decimal("4.50"))
    response = client_as(sales_manager).get(entry.get_absolute_url())
    assert response.status_code == 200
    assert f"Interaction Log Entry {entry.pk}" in response.text
    assert "Brochure" in response.text and "4.50" in response.text
    assert "Switch Check Mark in Canceled" not in response.text  # a Sales Manager reads only


# --- cancel toggle views ------------------------------------------------------------------------------------------


def test_cancel_entries_asks_first_then_switches_and_says_so(client_as, marketer):
    entries = [InteractionLogEntryFactory(), InteractionLogEntryFactory()]
    ids = [e.pk for e in entries]
    client = client_as(marketer)
    url = reverse("interactions:entry_cancel")
    back = reverse("interactions:entry_list") + "?canceled=false"

    ask = client.post(url, {"selected": ids, "next": back})
    assert ask.status_code == 200
    assert "Do you wish to mark the selected Interaction Log Entry lines as Canceled?" in ask.text
    assert not InteractionLogEntry.objects.filter(canceled=True).exists()
    assert ask.context["hidden"] == {"selected": f"{ids[0]},{ids[1]}", "next": back, "canceled": "yes"}

    confirmed = {"selected": f"{ids[0]},{ids[1]}", "next": back, "canceled": "yes", "confirmed": "yes"}
    done = client.post(url, confirmed)
    assert done.status_code == 302
    assert done["Location"] == back
    assert InteractionLogEntry.objects.filter(canceled=True).count() == 2
    assert messages_of(done) == ["2 Interaction Log Entry lines are now marked Canceled."]
    client.post(url, confirmed)  # submitted twice: still what the user confirmed, not switched back
    assert InteractionLogEntry.objects.filter(canceled=True).count() == 2


def test_cancel_with_nothing_selected_says_so(client_as, marketer):
    response = client_as(marketer).post(reverse("interactions:entry_cancel"), {"confirmed": "yes"})
    assert response.status_code == 302
    assert messages_of(response) == ["Select at least one line."]


def test_uncancel_refused_by_bc_rule_shows_the_message(client_as, marketer):
    logged = LoggedSegmentFactory(canceled=True)
    entry = InteractionLogEntryFactory(logged_segment=logged, canceled=True)
    response = client_as(marketer).post(
        reverse("interactions:entry_cancel"), {"selected": entry.pk, "confirmed": "yes"}
    )
    assert response.status_code == 302
    assert messages_of(response) == [
        f"Canceled must be equal to 'No' in Logged Segment: Entry No.={logged.pk}. Current value is 'Yes'."
    ]


def test_an_unsafe_next_is_ignored(client_as, marketer):
    entry = InteractionLogEntryFactory()
    response = client_as(marketer).post(
        reverse("interactions:entry_cancel"),
        {"selected": entry.pk, "confirmed": "yes", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("interactions:entry_list")


def test_logged_segments_list_shows_bcs_counts_and_cancel_cascades(series, client_as, marketer):
    result = log_segment(segment=loggable_segment(3), user=marketer)
    logged = result.logged_segment
    client = client_as(marketer)
    listing = client.get(reverse("interactions:logged_segment_list"))
    assert listing.status_code == 200
    [row] = listing.context["page_obj"]
    assert (row.no_of_interactions, row.no_of_campaign_entries) == (3, 1)

    url = reverse("interactions:logged_segment_cancel")
    ask = client.post(url, {"selected": logged.pk})
    assert f"Do you wish to mark Logged Segment {logged.pk} as Canceled?" in ask.text
    done = client.post(url, {"selected": logged.pk, "confirmed": "yes", "next": logged.get_absolute_url()})
    assert done["Location"] == logged.get_absolute_url()
    assert messages_of(done) == [f"Logged Segment {logged.pk} is now marked Canceled."]
    assert InteractionLogEntry.objects.filter(canceled=True).count() == 3
    assert CampaignEntry.objects.get().canceled

    again = client.post(url, {"selected": logged.pk})
    assert f"Logged Segment {logged.pk} is marked Canceled. Do you wish to remove the checkmark?" in again.text
    undone = client.post(url, {"selected": logged.pk, "confirmed": "yes"})
    assert messages_of(undone) == [f"The Canceled checkmark of Logged Segment {logged.pk} has been removed."]
    assert not InteractionLogEntry.objects.filter(canceled=True).exists()


def test_logged_segment_list_query_count_does_not_grow(series, client_as, marketer):
    client = client_as(marketer)
    url = reverse("interactions:logged_segment_list")
    LoggedSegmentFactory()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        InteractionLogEntryFactory(logged_segment=LoggedSegmentFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_logged_segment_card_lists_its_entries(series, client_as, sales_manager, marketer):
    logged = log_segment(segment=loggable_segment(2), user=marketer).logged_segment
    response = client_as(sales_manager).get(logged.get_absolute_url())
    assert response.status_code == 200
    assert response.context["logged"].no_of_interactions == 2
    assert len(response.context["page_obj"]) == 2
    assert len(response.context["campaign_entries"]) == 1


def test_the_logged_segment_card_lists_only_its_own_entries_sorted_and_searchable(client_as, marketer):
    logged = LoggedSegmentFactory()
    lamp = InteractionLogEntryFactory(logged_segment=logged, contact=PersonFactory(name="Lamp Person"))
    chair = InteractionLogEntryFactory(logged_segment=logged, contact=PersonFactory(name="Chair Person"))
    InteractionLogEntryFactory(logged_segment=LoggedSegmentFactory())
    InteractionLogEntryFactory()
    client = client_as(marketer)
    url = logged.get_absolute_url()
    assert listed_entry_ids(client.get(url)) == [lamp.pk, chair.pk]
    assert listed_entry_ids(client.get(url, {"o": "-entry_no"})) == [chair.pk, lamp.pk]
    assert listed_entry_ids(client.get(url, {"contact": "lamp"})) == [lamp.pk]
    export = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert len(export.strip().splitlines()) == 3  # the caption row and the segment's two entries


# --- history panel -------------------------------------------------------------------------------------------------


def test_history_panel_shows_a_contacts_latest_interactions(client_as, marketer):
    contact = PersonFactory(no="CT0001")
    for day in range(1, 13):
        InteractionLogEntryFactory(contact=contact, date=datetime.date(2026, 3, day), description=f"Day {day}")
    InteractionLogEntryFactory(description="Someone else")
    response = client_as(marketer).get(reverse("interactions:history_panel") + "?contact=CT0001")
    assert response.status_code == 200
    descriptions = [e.description for e in response.context["entries"]]
    assert descriptions == [f"Day {day}" for day in range(12, 2, -1)]
    assert response.context["total"] == 12
    assert "All interaction log entries (12)" in response.text
    assert reverse("interactions:log_interaction") + "?contact=CT0001" in response.text
    assert "<html" not in response.text


def test_history_panel_of_a_campaign(client_as, sales_manager):
    campaign = CampaignFactory(no="CP0001")
    InteractionLogEntryFactory(campaign=campaign, description="For the campaign")
    InteractionLogEntryFactory(description="Not for it")
    response = client_as(sales_manager).get(reverse("interactions:history_panel") + "?campaign=CP0001")
    assert [e.description for e in response.context["entries"]] == ["For the campaign"]
    assert "Log Interaction" not in response.text  # a Sales Manager reads only


def test_history_panel_of_an_unknown_contact_is_not_found(client_as, marketer):
    assert client_as(marketer).get(reverse("interactions:history_panel") + "?contact=NOPE").status_code == 404


# --- Log Interaction ----------------------------------------------------------------------------------------------


def test_log_interaction_prefills_from_the_contact_and_the_template(client_as, marketer):
    salesperson = SalespersonFactory(code="JR")
    contact = PersonFactory(no="CT0001", salesperson=salesperson)
    InteractionTemplateFactory(
        code="CALL", description="Phone call", unit_cost=Decimal("1.50"), unit_duration=10, campaign_response=True
    )
    response = client_as(marketer).get(
        reverse("interactions:log_interaction") + "?contact=CT0001&interaction_template=CALL"
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["contact"], initial["salesperson"], initial["interaction_template"]) == ("CT0001", "JR", "CALL")
    assert (initial["description"], initial["cost"], initial["duration"]) == ("Phone call", Decimal("1.50"), 10)
    assert initial["campaign_response"] is True
    assert contact.no in response.text


def test_choosing_another_template_refreshes_its_defaults_and_keeps_what_was_typed(client_as, marketer):
    PersonFactory(no="CT0001")
    InteractionTemplateFactory(code="VISIT", description="Visit", unit_cost=Decimal("80.00"), unit_duration=90)
    response = client_as(marketer).get(
        reverse("interactions:log_interaction"),
        {
            "contact": "CT0001",
            "interaction_template": "VISIT",
            "date": "2026-05-04",
            "description": "typed before choosing",
            "evaluation": "positive",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="log-interaction-fields"' in response.text
    initial = response.context["form"].initial
    assert (initial["description"], initial["cost"], initial["duration"]) == ("Visit", Decimal("80.00"), 90)
    assert (initial["date"], initial["evaluation"]) == ("2026-05-04", "positive")


def test_log_interaction_offers_contacts_as_the_user_types(client_as, marketer):
    CampaignFactory(no="CP0001")
    PersonFactory(no="CT0001", name="Ada Lovelace")
    page = client_as(marketer).get(reverse("interactions:log_interaction") + "?campaign=CP0001").content.decode()
    assert 'list="id_contact-options"' in page and '<datalist id="id_contact-options">' in page
    assert f'hx-get="{reverse("contacts:options")}?field=contact"' in page
    options = client_as(marketer).get(reverse("contacts:options"), {"contact": "lovel"}).content.decode()
    assert 'value="CT0001"' in options


def test_log_interaction_from_a_campaign_card_logs_and_returns_to_the_page(client_as, marketer):
    campaign = CampaignFactory(no="CP0001")
    PersonFactory(no="CT0001")
    InteractionTemplateFactory(code="CALL")
    SalespersonFactory(code="JR")
    url = reverse("interactions:log_interaction") + "?campaign=CP0001&next=/campaigns/CP0001/"
    response = client_as(marketer).post(
        url,
        {
            "contact": "CT0001",
            "interaction_template": "CALL",
            "date": "2026-04-01",
            "time_of_interaction": "10:15",
            "description": "Phone call",
            "cost": "1.00",
            "duration": "5",
            "campaign": "CP0001",
            "campaign_target": "on",
            "salesperson": "JR",
            "evaluation": "neutral",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/campaigns/CP0001/"
    entry = InteractionLogEntry.objects.get()
    assert (entry.campaign, entry.campaign_target, entry.user, entry.evaluation) == (
        campaign,
        True,
        marketer,
        "neutral",
    )
    assert entry.campaign_entry.description == "Interactions"
    assert messages_of(response) == [f"Interaction Log Entry {entry.pk} has been logged for contact CT0001."]


def test_log_interaction_with_missing_fields_keeps_what_was_typed(client_as, marketer):
    PersonFactory(no="CT0001")
    response = client_as(marketer).post(
        reverse("interactions:log_interaction") + "?contact=CT0001",
        {"contact": "CT0001", "description": "Typed text", "date": "", "cost": "0", "duration": "0"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["interaction_template"] == ["You must fill in the Interaction Template Code field."]
    assert errors["salesperson"] == ["You must fill in the Salesperson Code field."]
    assert errors["date"] == ["You must fill in the Date field."]
    assert "Typed text" in response.text
    assert not InteractionLogEntry.objects.exists()


def test_log_interaction_refuses_an_unknown_or_privacy_blocked_contact(client_as, marketer):
    PersonFactory(no="CT0002", name="Pat Private", privacy_blocked=True)
    InteractionTemplateFactory(code="CALL")
    SalespersonFactory(code="JR")
    client = client_as(marketer)
    data = {
        "interaction_template": "CALL",
        "date": "2026-04-01",
        "description": "Call",
        "cost": "0",
        "duration": "0",
        "salesperson": "JR",
    }
    url = reverse("interactions:log_interaction")
    unknown = client.post(url, {**data, "contact": "CT9999"})
    assert unknown.context["form"].errors["contact"] == [
        "The Contact does not exist. Identification fields and values: No.='CT9999'"
    ]
    blocked = client.post(url, {**data, "contact": "CT0002"})
    assert blocked.context["form"].errors["contact"] == [
        "You cannot use contact CT0002 Pat Private because they are marked as blocked due to privacy."
    ]
    page = client.get(url + "?contact=CT0002")
    assert page.status_code == 200
    assert 'data-testid="privacy-blocked"' in page.text
    assert not InteractionLogEntry.objects.exists()


def test_a_sales_manager_cannot_log_or_cancel(client_as, sales_manager):
    entry = InteractionLogEntryFactory()
    client = client_as(sales_manager)
    assert client.get(reverse("interactions:log_interaction")).status_code == 403
    response = client.post(reverse("interactions:entry_cancel"), {"selected": entry.pk, "confirmed": "yes"})
    assert response.status_code == 403
    assert not LoggedSegment.objects.exists()
    entry.refresh_from_db()
    assert not entry.canceled
