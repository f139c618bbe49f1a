"""Interactions, contacts and campaigns link to opportunities: the Opportunity No. filter and history panel,
the links and Create Opportunity on the interaction log entry card, and the opportunity entry points of the
contact card, the campaign card and the campaign statistics.

The opportunities app may not have its pages yet, so the link tests use the stand-in opportunity pages
(same names and arguments) of tests/tasks/test_opportunity_links.py.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ListLayout
from interactions.lists import ENTRIES
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db
with_opportunity_pages = pytest.mark.urls("tests.tasks.test_opportunity_links")


# --- the Opportunity No. filter and the history panel ------------------------------------------------------------


def test_entry_list_filters_on_opportunity_no(client_as, marketer):
    hit = InteractionLogEntryFactory(opportunity_no="OP0001")
    InteractionLogEntryFactory(opportunity_no="OP00010")
    InteractionLogEntryFactory(opportunity_no="")
    response = client_as(marketer).get(reverse("interactions:entry_list"), {"opportunity": "OP0001"})
    assert [e.pk for e in response.context["page_obj"]] == [hit.pk]


def test_history_panel_of_an_opportunity_links_to_all_its_entries(client_as, marketer):
    contact = PersonFactory(no="CT0001")
    InteractionLogEntryFactory(opportunity_no="OP0001", contact=contact, description="About the offer")
    InteractionLogEntryFactory(opportunity_no="OP0002", description="Another opportunity")
    response = client_as(marketer).get(reverse("interactions:history_panel"), {"opportunity": "OP0001"})
    assert response.status_code == 200
    assert [e.description for e in response.context["entries"]] == ["About the offer"]
    assert f'href="{reverse("interactions:entry_list")}?opportunity=OP0001"' in response.text
    assert "All interaction log entries (1)" in response.text
    assert "CT0001" in response.text  # the contact column
    assert "Log Interaction" not in response.text  # the opportunity card offers it, with the contact


def test_history_panel_without_a_record_is_not_found(client_as, marketer):
    assert client_as(marketer).get(reverse("interactions:history_panel")).status_code == 404


# --- the interaction log entry card --------------------------------------------------------------------------------


@with_opportunity_pages
def test_entry_card_links_its_opportunity_and_offers_no_second_one(client_as, marketer):
    entry = InteractionLogEntryFactory(opportunity_no="OP0001")
    html = client_as(marketer).get(entry.get_absolute_url()).content.decode()
    assert f'<a href="{reverse("opportunities:detail", kwargs={"no": "OP0001"})}">OP0001</a>' in html
    assert 'data-testid="create-opportunity"' not in html


@with_opportunity_pages
def test_entry_card_offers_create_opportunity_as_a_post(client_as, marketer):
    entry = InteractionLogEntryFactory()
    html = client_as(marketer).get(entry.get_absolute_url()).content.decode()
    url = reverse("opportunities:create_from_interaction", kwargs={"entry_no": entry.pk})
    assert f'<form method="post" action="{url}"' in html
    assert "Create Opportunity" in html


@with_opportunity_pages
def test_canceled_entry_offers_no_create_opportunity(client_as, marketer):
    entry = InteractionLogEntryFactory(canceled=True)
    html = client_as(marketer).get(entry.get_absolute_url()).content.decode()
    assert 'data-testid="create-opportunity"' not in html


def test_entry_card_without_opportunity_pages_shows_the_plain_number(client_as, marketer):
    entry = InteractionLogEntryFactory(opportunity_no="OP0001")
    response = client_as(marketer).get(entry.get_absolute_url())
    assert response.status_code == 200
    assert "OP0001" in response.text


@with_opportunity_pages
def test_entry_list_links_the_opportunity_and_its_query_count_does_not_grow(client_as, marketer):
    client = client_as(marketer)
    url = reverse("interactions:entry_list")
    # Opportunity No. is not in the default set: the user chooses it.
    ListLayout.objects.create(user=marketer, list_key=ENTRIES.key, columns=[*ENTRIES.default_keys(), "opportunity_no"])
    InteractionLogEntryFactory(opportunity_no="OP0001", campaign=CampaignFactory(), salesperson=SalespersonFactory())
    client.get(url)  # the first request of a session does a little more
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        InteractionLogEntryFactory(
            opportunity_no=f"OP{n + 2:04d}", campaign=CampaignFactory(), salesperson=SalespersonFactory()
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page_obj"]) == 31
    assert len(many) == len(few)
    assert f'<a href="{reverse("opportunities:detail", kwargs={"no": "OP0031"})}">OP0031</a>' in response.text


# --- the contact card ------------------------------------------------------------------------------------------------


@with_opportunity_pages
def test_contact_card_creates_an_opportunity_and_loads_the_opportunities_panel(client_as, marketer):
    contact = PersonFactory(no="CT0001")
    html = client_as(marketer).get(contact.get_absolute_url()).content.decode()
    assert f'href="{reverse("opportunities:create")}?contact=CT0001"' in html
    assert f'hx-get="{reverse("opportunities:panel")}?contact=CT0001"' in html


def test_contact_card_renders_without_opportunity_pages(client_as, marketer):
    contact = PersonFactory(no="CT0001")
    response = client_as(marketer).get(contact.get_absolute_url())
    assert response.status_code == 200


# --- the campaign card and statistics ---------------------------------------------------------------------------


@with_opportunity_pages
def test_campaign_card_links_create_list_panel_and_statistics_of_opportunities(client_as, marketer):
    campaign = CampaignFactory(no="CP0001")
    html = client_as(marketer).get(campaign.get_absolute_url()).content.decode()
    assert f'href="{reverse("opportunities:create")}?campaign=CP0001"' in html
    assert f'href="{reverse("opportunities:list")}?campaign=CP0001"' in html
    assert f'hx-get="{reverse("opportunities:panel")}?campaign=CP0001"' in html
    assert f'hx-get="{reverse("opportunities:campaign_statistics")}?campaign=CP0001"' in html


@with_opportunity_pages
def test_campaign_statistics_passes_the_date_filter_to_the_opportunities_block(client_as, marketer):
    campaign = CampaignFactory(no="CP0001")
    url = reverse("campaigns:statistics", kwargs={"no": "CP0001"})
    stats_url = reverse("opportunities:campaign_statistics")
    client = client_as(marketer)
    html = client.get(url, {"date_from": "2026-01-01", "date_to": "2026-03-31"}).content.decode()
    assert f'hx-get="{stats_url}?campaign=CP0001&amp;date_from=2026-01-01&amp;date_to=2026-03-31"' in html
    assert f'hx-get="{stats_url}?campaign=CP0001"' in client.get(url).content.decode()
    assert campaign.no == "CP0001"


def test_campaign_card_and_statistics_render_without_opportunity_pages(client_as, marketer):
    campaign = CampaignFactory(no="CP0001")
    client = client_as(marketer)
    assert client.get(campaign.get_absolute_url()).status_code == 200
    assert client.get(reverse("campaigns:statistics", kwargs={"no": "CP0001"})).status_code == 200
