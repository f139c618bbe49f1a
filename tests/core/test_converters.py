"""Codes and Nos. in URLs: whatever a user types (BC allows "/"), the record's pages work."""

from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse

from core.converters import CodeConverter
from tests.campaigns.factories import CampaignFactory
from tests.salespeople.factories import SalespersonFactory


@pytest.mark.parametrize("code", ["CP0001", "A/B", "~2F", "~/", "~7E", "50%", "A B", "Ø-1"])
def test_a_code_goes_into_a_url_and_comes_back_unchanged(code):
    converter = CodeConverter()
    assert converter.to_python(converter.to_url(code)) == code
    url = reverse("campaigns:detail", args=[code])
    assert resolve(unquote(url)).kwargs == {"no": code}  # the server decodes %-escapes before resolving


@pytest.mark.django_db
def test_records_with_a_slash_in_their_code_have_working_lists_and_cards(client_as, admin):
    campaign = CampaignFactory(no="A/B")
    SalespersonFactory(code="S/1")
    client = client_as(admin)
    listing = client.get(reverse("campaigns:list"))
    assert listing.status_code == 200 and "/campaigns/A~2FB/" in listing.content.decode()
    assert client.get("/campaigns/A~2FB/").context["campaign"] == campaign
    assert client.get(reverse("salespeople:list")).status_code == 200
