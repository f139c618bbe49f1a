"""The shared factories build valid rows (every app's tests rely on them)."""

import pytest

from tests.campaigns.factories import CampaignEntryFactory
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, PersonFactory, link
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentLineFactory


@pytest.mark.django_db
def test_company_is_its_own_company_and_person_belongs_to_one():
    company = CompanyFactory()
    person = PersonFactory(company=company)
    assert company.company == company
    assert person.company == company
    assert person.company_no == company.no


@pytest.mark.django_db
def test_factories_build_linked_rows():
    group = IndustryGroupFactory(code="RETAIL")
    company = CompanyFactory()
    link(company, group)
    assert list(company.industry_groups.all()) == [group]
    team = TeamFactory(members=[SalespersonFactory(code="B"), SalespersonFactory(code="A")])
    assert [s.code for s in team.ordered_members()] == ["A", "B"]
    line = SegmentLineFactory()
    assert line.contact_company == line.contact.company
    entry = InteractionLogEntryFactory(campaign_entry=CampaignEntryFactory())
    assert entry.interaction_group == entry.interaction_template.interaction_group
