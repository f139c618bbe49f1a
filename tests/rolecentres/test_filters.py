"""The list filters the role centres' cues link to, read on their own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.rolecentres import data

pytestmark = pytest.mark.django_db


def listed(client, name: str, query: str) -> list[str]:
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    return sorted(str(row) for row in response.context["page_obj"].object_list)


def campaign_nos(client, query: str) -> list[str]:
    response = client.get(reverse("campaigns:list") + query)
    return sorted(row.no for row in response.context["page_obj"].object_list)


def test_campaigns_activated_or_not(client_as, personas, marketer):
    data.marketing()
    client = client_as(marketer)
    assert campaign_nos(client, "?activated=true") == ["CPA", "CPD"]
    assert campaign_nos(client, "?activated=false") == ["CPB", "CPC", "CPE"]


def test_campaigns_starting_or_ending_within_days(client_as, personas, marketer):
    data.marketing()
    client = client_as(marketer)
    assert campaign_nos(client, "?starting_or_ending_within=14") == ["CPB", "CPC"]
    assert campaign_nos(client, "?starting_or_ending_within=6") == ["CPB"]
    assert campaign_nos(client, "?starting_or_ending_within=1.5") == []
    assert campaign_nos(client, "?starting_or_ending_within=-1") == []
    assert len(campaign_nos(client, "?starting_or_ending_within=abc")) == 5  # not a number: the field's error


def test_status_codes_without_sort_order(client_as, personas, admin):
    data.CampaignStatusFactory(code="1-PLAN", description="Plan", sort_order=10)
    data.CampaignStatusFactory(code="NEW", description="New", sort_order=0)
    client = client_as(admin)
    assert listed(client, "campaigns:status_list", "?no_sort_order=true") == ["NEW New"]
    assert listed(client, "campaigns:status_list", "?no_sort_order=false") == ["1-PLAN Plan"]


def test_users_by_role_and_without_one(client_as, personas, admin):
    client = client_as(admin)
    assert listed(client, "salespeople:user_list", "?role=none") == ["Olga Outsider"]
    assert listed(client, "salespeople:user_list", "?role=Marketer") == ["Mia Marketer"]


def test_interaction_entries_by_campaign_response_postponed_and_campaign(client_as, personas, marketer):
    data.marketing()
    client = client_as(marketer)
    response = client.get(reverse("interactions:entry_list") + "?campaign_response=true&postponed=true")
    assert response.context["page_obj"].paginator.count == 1
    response = client.get(reverse("interactions:entry_list") + "?campaign_response=true")
    assert response.context["page_obj"].paginator.count == 6
    response = client.get(reverse("interactions:entry_list") + "?campaign_response=true&with_campaign=false")
    assert response.context["page_obj"].paginator.count == 1


def test_contact_imports_waiting_for_confirmation(client_as, personas, marketer):
    data.marketing()
    response = client_as(marketer).get(reverse("contacts:import") + "?status=preview")
    assert [item.file_name for item in response.context["recent"]] == ["waiting.csv"]
    assert "Imports waiting for confirmation" in response.content.decode()
    response = client_as(marketer).get(reverse("contacts:import") + "?status=nonsense")
    assert [item.file_name for item in response.context["recent"]] == ["done.csv", "waiting.csv"]
