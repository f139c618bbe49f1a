"""Target groups stay in step through the segments and logging apps' own services (DOMAIN A.4)."""

import datetime

import pytest

from interactions.log_services import log_interaction, toggle_interactions_canceled
from pricing.models import CampaignTargetGroup
from pricing.services import activate_campaign
from segments.models import SegmentHeader
from segments.services import criteria, lines, propagation
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.pricing.factories import CustomerFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def rows(campaign):
    return sorted(
        (row.type, row.customer.no if row.customer_id else row.contact.no)
        for row in CampaignTargetGroup.objects.filter(campaign=campaign).select_related("customer", "contact")
    )


@pytest.fixture
def world():
    acme = CompanyFactory(no="CT0001", name="Acme")
    beta = CompanyFactory(no="CT0002", name="Beta")
    return {
        "acme": acme,
        "anna": PersonFactory(no="CT0011", company=acme),
        "customer": CustomerFactory(no="C9001", contact=acme),
        "beta": beta,
        "bo": PersonFactory(no="CT0021", company=beta),
        "carl": PersonFactory(no="CT0031", company=None, company_name=""),
    }


@pytest.fixture
def campaign():
    return CampaignFactory(no="CP0001")


@pytest.fixture
def segment(campaign):
    return SegmentFactory(no="SM0001", campaign=campaign, campaign_target=True)


@pytest.fixture
def activated(campaign, segment, world):
    lines.add_contact(segment=segment, contact_no="CT0011")
    activate_campaign(campaign=campaign)
    assert rows(campaign) == [("customer", "C9001")]
    return campaign


def test_adding_a_contact_to_a_targeted_segment_adds_its_company(activated, segment):
    lines.add_contact(segment=segment, contact_no="CT0021")
    lines.add_contact(segment=segment, contact_no="CT0031")
    assert rows(activated) == [("contact", "CT0002"), ("contact", "CT0031"), ("customer", "C9001")]


def test_changing_a_lines_contact_between_persons_without_a_company_moves_the_target(activated, segment):
    from segments.models import SegmentLine

    PersonFactory(no="CT0032", company=None, company_name="")
    line = lines.add_contact(segment=segment, contact_no="CT0031")
    assert rows(activated) == [("contact", "CT0031"), ("customer", "C9001")]
    original = SegmentLine.objects.get(pk=line.pk)
    line.contact = PersonFactory._meta.model.objects.get(no="CT0032")
    lines.update_line(line=line, original=original, changed=["contact"])
    assert rows(activated) == [("contact", "CT0032"), ("customer", "C9001")]


def test_clearing_and_setting_campaign_target_on_a_line(activated, segment):
    line = lines.add_contact(segment=segment, contact_no="CT0021")
    lines.set_line_campaign_target(line=line, campaign_target=False)
    assert rows(activated) == [("customer", "C9001")]
    lines.set_line_campaign_target(line=line, campaign_target=True)
    assert rows(activated) == [("contact", "CT0002"), ("customer", "C9001")]


def test_setting_campaign_target_on_several_lines(activated, segment):
    lines.add_contact(segment=segment, contact_no="CT0021")
    lines.set_campaign_target(segment=segment, lines=segment.lines.all(), campaign_target=False)
    assert rows(activated) == []
    lines.set_campaign_target(segment=segment, lines=segment.lines.all(), campaign_target=True)
    assert rows(activated) == [("contact", "CT0002"), ("customer", "C9001")]


def test_removing_lines(activated, segment):
    line = lines.add_contact(segment=segment, contact_no="CT0021")
    lines.remove_lines(segment=segment, line_nos=[line.line_no])
    assert rows(activated) == [("customer", "C9001")]


def test_add_contacts_by_criteria_and_go_back(activated, segment):
    criteria.add_contacts(segment=segment, filters={"contact": {"no": "CT0021|CT0031"}}, options={})
    assert rows(activated) == [("contact", "CT0002"), ("contact", "CT0031"), ("customer", "C9001")]
    criteria.go_back(segment=segment)
    assert rows(activated) == [("customer", "C9001")]


def test_header_propagation_of_campaign_target(activated, segment):
    lines.add_contact(segment=segment, contact_no="CT0021")
    header = SegmentHeader.objects.get(pk=segment.pk)
    header.campaign_target = False
    changed = propagation.prepare_header(header=header, changed=["campaign_target"])
    propagation.save_with_propagation(
        header=header, expected_version=header.version, changed=changed, answers={"campaign_target": True}
    )
    assert rows(activated) == []


def test_logging_an_interaction_for_a_campaign_target_and_canceling_it(activated, world):
    entry = log_interaction(
        contact=world["bo"],
        template=InteractionTemplateFactory(),
        user=None,
        date=datetime.date(2026, 3, 2),
        salesperson=SalespersonFactory(),
        description="Call",
        campaign=activated,
        campaign_target=True,
    )
    assert rows(activated) == [("contact", "CT0002"), ("customer", "C9001")]
    toggle_interactions_canceled(entry_ids=[entry.pk])
    # Canceled entries still count (BC's activation does not exclude them).
    assert rows(activated) == [("contact", "CT0002"), ("customer", "C9001")]
