"""The segments demo builds its segments through the services, only once, and waits for its prerequisites."""

import pytest
from django.core.management import call_command

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
    assert demo.load() == "0 segments created"
    assert SegmentHeader.objects.count() == 3
