"""The segments demo builds its segments through the services, only once, and waits for its prerequisites."""

import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from campaigns.statistics import campaign_statistics
from interactions.models import LoggedSegment
from segments import demo
from segments.models import SavedSegmentCriteria, SegmentHeader

pytestmark = pytest.mark.django_db


def test_demo_waits_for_contacts_and_campaigns():
    assert demo.load() == "skipped (load the contacts and campaigns demo first)"
    assert not SegmentHeader.objects.exists()


def test_demo_builds_three_segments_once():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard the command's output
    segments = list(SegmentHeader.objects.order_by("no"))
    assert len(segments) == 3
    assert all(segment.lines.exists() and segment.campaign_id for segment in segments)
    summer = SegmentHeader.objects.get(description__startswith="Summer chairs")
    assert summer.criteria_actions.count() == 2
    assert summer.lines.filter(campaign_target=False).exists()
    assert set(SavedSegmentCriteria.objects.values_list("code", flat=True)) == {"KEYACC", "NEWSREAD"}
    assert demo.load() == "0 segments created, 0 segments logged"
    assert SegmentHeader.objects.count() == 3


def test_demo_logs_a_segment_per_running_campaign_with_responses_once():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - discard the command's output
    assert LoggedSegment.objects.count() == 2
    for description in ("Summer office chair promotion", "Loyalty programme for key accounts"):
        statistics = campaign_statistics(Campaign.objects.get(description=description))
        assert statistics.target_contacts_contacted > 0
        assert 0 < statistics.contacts_responded < statistics.target_contacts_contacted
        assert statistics.no_of_campaign_entries == 2  # the logged segment's entry and the ad-hoc entry
        assert len(statistics.weeks) > 1  # the chart has a line to draw
    assert demo.load() == "0 segments created, 0 segments logged"
    assert LoggedSegment.objects.count() == 2
