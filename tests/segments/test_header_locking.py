"""Optimistic locking of the segment card's header, and of every card: a save without a version is refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns.forms import CampaignForm
from core.forms import VERSION_MISSING
from segments.forms import SegmentHeaderForm
from segments.models import SegmentHeader
from tests.campaigns.factories import CampaignFactory, CampaignStatusFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db

RECORD_CHANGED_START = "Another user has modified the record for this Segment"


def header_post(segment, **changes) -> dict:
    data = {
        "description": segment.description,
        "unit_cost": str(segment.unit_cost),
        "unit_duration": str(segment.unit_duration),
        "date": segment.date.isoformat(),
        "version": str(segment.version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_card_renders_the_header_version(marketer, client_as):
    segment = SegmentFactory()
    SegmentHeader.objects.filter(pk=segment.pk).update(version=7)
    page = client_as(marketer).get(segment.get_absolute_url()).content.decode()
    assert 'name="version" value="7"' in page


def test_the_second_of_two_users_editing_the_header_is_refused(marketer, client_as):
    segment = SegmentFactory(description="Old")
    client = client_as(marketer)
    url = reverse("segments:update", args=[segment.no])
    first = client.post(url, header_post(segment, description="First"))
    second = client.post(url, header_post(segment, description="Second"))  # the page read before the first save
    assert first.status_code == second.status_code == 302
    segment.refresh_from_db()
    assert (segment.description, segment.version) == ("First", 1)
    assert [str(m) for m in get_messages(second.wsgi_request)][-1].startswith(RECORD_CHANGED_START)


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "99999999999999999999"])
def test_a_header_save_without_a_usable_version_is_refused(marketer, client_as, version):
    segment = SegmentFactory(description="Old")
    response = client_as(marketer).post(
        reverse("segments:update", args=[segment.no]), header_post(segment, description="Mine", version=version)
    )
    assert response.status_code == 200
    assert str(VERSION_MISSING) in response.context["form"].non_field_errors()
    segment.refresh_from_db()
    assert (segment.description, segment.version) == ("Old", 0)


def test_the_versioned_form_refuses_a_missing_version_on_an_existing_record():
    campaign = CampaignFactory(description="Old")
    form = CampaignForm({"description": "New"}, instance=campaign)
    assert not form.is_valid()
    assert form.non_field_errors() == [str(VERSION_MISSING)]


def test_the_versioned_form_needs_no_version_for_a_new_record():
    form = SegmentHeaderForm({"description": "New", "unit_cost": "0", "unit_duration": "0"})
    assert form.is_valid(), form.errors


def test_the_versioned_form_gives_the_posted_version():
    campaign = CampaignFactory(description="Old")
    form = CampaignForm({"description": "New", "version": "3"}, instance=campaign)
    assert form.is_valid(), form.errors
    assert form.expected_version == 3


def test_advance_status_without_a_version_is_refused(admin, client_as):
    campaign = CampaignFactory(status=CampaignStatusFactory(code="1-PLAN", sort_order=10))
    CampaignStatusFactory(code="2-GO", sort_order=20)
    response = client_as(admin).post(reverse("campaigns:advance_status", args=[campaign.no]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.status.code, campaign.version) == ("1-PLAN", 0)
    assert [str(m) for m in get_messages(response.wsgi_request)][-1].startswith("Another user has modified")
