"""The scale dataset of issue 12 at a tiny size: the sizes asked for, the constraints kept, the numbering goes on."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, CampaignEntry
from campaigns.services import create_campaign
from contacts.models import Contact
from contacts.services import create_contact
from core.models import increment_no
from interactions.models import InteractionLogEntry, LoggedSegment
from pricing.models import Customer, SalesPrice
from segments.models import SegmentHeader
from tasks.models import Task

SIZES = {"contacts": 250, "entries": 2000, "tasks": 120, "campaigns": 12, "segment_lines": 60, "customers": 20}


@pytest.fixture
def before(db):
    call_command("load_demo", verbosity=0)
    return {
        "contacts": Contact.objects.count(),
        "entries": InteractionLogEntry.objects.count(),
        "tasks": Task.objects.count(),
        "campaigns": Campaign.objects.count(),
        "customers": Customer.objects.count(),
        "prices": SalesPrice.objects.count(),
    }


def generate() -> None:
    options = [f"--{name.replace('_', '-')}={value}" for name, value in SIZES.items()]
    call_command("generate_scale_data", *options, "--prices=90", stdout=io.StringIO())


def test_generator_adds_the_sizes_asked_for_with_big_campaigns_and_valid_tasks(before):
    generate()
    assert Contact.objects.count() - before["contacts"] == SIZES["contacts"]
    assert InteractionLogEntry.objects.count() - before["entries"] == SIZES["entries"]
    assert Task.objects.count() - before["tasks"] == SIZES["tasks"]
    assert Campaign.objects.count() - before["campaigns"] == SIZES["campaigns"]
    assert Customer.objects.count() - before["customers"] == SIZES["customers"]
    assert SalesPrice.objects.count() - before["prices"] == 90
    segment = SegmentHeader.objects.get(description="Scale mailing")
    assert segment.lines.count() == SIZES["segment_lines"]
    big = Campaign.objects.get(description="Big scale campaign 1")
    assert segment.campaign == big
    # A big campaign holds a logged segment and a twentieth of the entries.
    entries = InteractionLogEntry.objects.filter(campaign=big)
    assert entries.count() == SIZES["entries"] // 20
    logged = LoggedSegment.objects.get(description="Scale mailing 1")
    assert set(entries.values_list("logged_segment", "segment_no").distinct()) == {(logged.pk, logged.segment_no)}
    assert CampaignEntry.objects.get(campaign=big).register == logged
    # Tasks keep the task rules (closed exactly when completed) and mix open, closed and team tasks.
    tasks = Task.objects.filter(description__in=["Follow up", "Call about the offer", "Customer meeting"])
    assert tasks.count() == SIZES["tasks"]
    assert not tasks.filter(closed=True).exclude(status="completed").exists()
    assert tasks.filter(closed=False).exists() and tasks.filter(team__isnull=False).exists()


def test_numbering_goes_on_after_the_generated_rows(before, admin):
    generate()
    last_contact_no = Contact.objects.order_by("-id").values_list("no", flat=True).first()
    last_campaign_no = Campaign.objects.order_by("-id").values_list("no", flat=True).first()
    contact = create_contact(contact=Contact(name="After the scale data", type=Contact.Type.COMPANY))
    campaign = create_campaign(campaign=Campaign(description="After the scale data"), user=admin)
    assert contact.no == increment_no(last_contact_no)
    assert campaign.no == increment_no(last_campaign_no)


def test_the_totals_kept_by_triggers_agree_with_the_generated_rows(before):
    from django.db.models import Count, Sum

    from contacts.models import IndustryGroup
    from interactions.models import CampaignDayTotal, InteractionTotal
    from segments.models import SegmentLineTotal

    generate()
    segment = SegmentHeader.objects.get(description="Scale mailing")
    line_total = SegmentLineTotal.objects.get(segment=segment)
    assert (line_total.no_of_lines, line_total.no_of_targets) == (
        segment.lines.count(),
        segment.lines.filter(campaign_target=True).count(),
    )
    assert InteractionTotal.objects.aggregate(n=Sum("no_of_entries"))["n"] == InteractionLogEntry.objects.count()
    big = Campaign.objects.get(description="Big scale campaign 1")
    counted = InteractionLogEntry.objects.filter(campaign=big, canceled=False, postponed=False).count()
    assert CampaignDayTotal.objects.filter(campaign=big).aggregate(n=Sum("no_of_interactions"))["n"] == counted
    for group in IndustryGroup.objects.annotate(links=Count("contact_links")):
        assert group.no_of_contacts == group.links, group.code
