"""Lookup fields (core.lookups): records typed by No., suggestions loaded as the user types, never a <select>."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from campaigns.models import Campaign
from core.lookups import LookupField, LookupMultipleField
from segments.forms import CriteriaForm, SegmentHeaderForm
from segments.services import criteria
from tests.campaigns.factories import CampaignFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


class CampaignForm(forms.Form):
    campaign = LookupField(Campaign.objects.all(), options_url="campaigns:options", label="Campaign No.")
    campaigns = LookupMultipleField(Campaign.objects.all(), options_url="campaigns:options", label="Campaign No.")


def test_a_lookup_takes_the_typed_no_in_any_case():
    campaign = CampaignFactory(no="CP0001")
    form = CampaignForm({"campaign": " cp0001 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["campaign"] == campaign


def test_a_lookup_names_the_unknown_no():
    form = CampaignForm({"campaign": "CP9999"})
    assert not form.is_valid()
    assert form.errors["campaign"] == ["There is no Campaign with No. CP9999."]


def test_a_lookup_renders_a_text_input_with_its_own_datalist_and_no_options():
    CampaignFactory.create_batch(3)
    html = str(CampaignForm()["campaign"])
    assert 'type="text"' in html and 'list="id_campaign-options"' in html
    assert '<datalist id="id_campaign-options"></datalist>' in html
    assert f'hx-get="{reverse("campaigns:options")}?field=campaign"' in html
    assert "<option" not in html


def test_a_lookup_shows_the_no_of_a_model_forms_initial_primary_key():
    segment = SegmentFactory(campaign=CampaignFactory(no="CP0042"))
    form = SegmentHeaderForm(instance=segment)
    assert 'value="CP0042"' in str(form["campaign"])


def test_a_multiple_lookup_takes_codes_separated_by_bars_or_repeated():
    first, second = CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    typed = CampaignForm(QueryDict("campaigns=CP0001|cp0002"))
    repeated = CampaignForm(QueryDict("campaigns=CP0002&campaigns=CP0001"))
    assert typed.is_valid() and repeated.is_valid()
    assert typed.cleaned_data["campaigns"] == [first, second]
    assert repeated.cleaned_data["campaigns"] == [second, first]


def test_a_multiple_lookup_names_the_unknown_no():
    CampaignFactory(no="CP0001")
    form = CampaignForm(QueryDict("campaigns=CP0001|NOPE"))
    assert not form.is_valid()
    assert form.errors["campaigns"] == ["There is no Campaign with No. NOPE."]


def test_criteria_store_the_typed_campaign_nos():
    CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    form = CriteriaForm(QueryDict("ile_campaign=CP0002|CP0001"), action=criteria.Action.ADD)
    assert form.is_valid(), form.errors
    assert form.filters()["interaction"]["campaign"] == ["CP0002", "CP0001"]


def test_campaign_options_match_no_and_description_at_most_twenty(client_as, marketer, django_assert_num_queries):
    CampaignFactory(no="CP0001", description="Spring fair")
    CampaignFactory(no="XX0001", description="Autumn spring")
    CampaignFactory.create_batch(25, description="Other")
    client = client_as(marketer)
    url = reverse("campaigns:options")
    client.get(url)  # the session and the user are loaded once
    with django_assert_num_queries(5):  # session, user, two for permissions, the campaigns
        html = client.get(url, {"field": "campaign", "campaign": "spring"}).content.decode()
    assert 'value="CP0001">Spring fair<' in html and 'value="XX0001"' in html
    many = client.get(url, {"field": "campaign", "campaign": "C"}).content.decode()
    assert many.count("<option") == 20


def test_campaign_options_keep_the_codes_typed_before_the_last_one(client_as, marketer):
    CampaignFactory(no="CP0002")
    html = client_as(marketer).get(reverse("campaigns:options"), {"field": "c", "c": "CP0001|CP00"}).content.decode()
    assert 'value="CP0001|CP0002"' in html


def test_options_without_typed_text_are_empty(client_as, marketer):
    CampaignFactory()
    assert "<option" not in client_as(marketer).get(reverse("campaigns:options")).content.decode()


def test_segment_options_match_no_and_description(client_as, marketer, django_assert_num_queries):
    SegmentFactory(no="SM0001", description="Spring mailing")
    SegmentFactory(no="SM0002", description="Other")
    client = client_as(marketer)
    client.get(reverse("segments:options"))
    with django_assert_num_queries(5):
        html = client.get(reverse("segments:options"), {"field": "segment", "segment": "mailing"}).content.decode()
    assert 'value="SM0001"' in html and "SM0002" not in html


def test_options_refuse_an_outsider(client_as, outsider):
    assert client_as(outsider).get(reverse("campaigns:options"), {"q": "CP"}).status_code == 403
