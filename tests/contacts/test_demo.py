"""Demo contacts and generated benchmark contacts."""

import pytest
from django.core.management import call_command

from contacts import demo
from contacts.generate import generate_contacts
from contacts.models import Contact, ContactIndustryGroup, ContactJobResponsibility
from contacts.services.contacts import validate_email_address
from interactions import demo as interactions_demo
from interactions.models import InteractionTemplate
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db


def test_demo_loads_about_300_contacts_in_60_companies_once(series):
    SalespersonFactory(code="JR")
    SalespersonFactory(code="OLD", blocked=True)
    assert demo.load() == "60 companies and 241 persons created"
    assert Contact.objects.companies().count() == 60
    assert Contact.objects.persons().count() == 241
    assert demo.load() == "contacts already loaded"
    assert Contact.objects.count() == 301


def test_demo_contacts_are_consistent(series):
    SalespersonFactory(code="JR")
    demo.load()
    for company in Contact.objects.companies():
        assert company.company_id == company.pk
        assert company.company_name == company.name
        assert company.industry_group_links.exists()
        assert company.business_relation_links.exists()
    for person in Contact.objects.persons().select_related("company"):
        assert person.company.type == Contact.Type.COMPANY
        assert person.company_name == person.company.name
        assert person.job_responsibility_links.exists()
        validate_email_address(person.email)
    assert Contact.objects.filter(exclude_from_segment=True).exists()
    assert Contact.objects.filter(privacy_blocked=True).exists()
    assert not Contact.objects.filter(salesperson__blocked=True).exists()
    assert not Contact.objects.filter(salesperson__isnull=True).exists()
    assert not ContactIndustryGroup.objects.filter(contact__type=Contact.Type.PERSON).exists()
    assert not ContactJobResponsibility.objects.filter(contact__type=Contact.Type.COMPANY).exists()


def test_demo_fills_gaps_after_a_contact_was_deleted(series):
    demo.load()
    person = Contact.objects.persons().order_by("no").last()
    person.delete()
    assert demo.load() == "0 companies and 1 persons created"
    assert Contact.objects.count() == 301


def test_interaction_demo_is_idempotent():
    assert interactions_demo.load() == "12 interaction templates created"
    assert interactions_demo.load() == "0 interaction templates created"
    meeting = InteractionTemplate.objects.get(code="MEETING")
    assert meeting.interaction_group.code == "MEETING"
    assert meeting.unit_duration == 60


def test_generate_contacts_numbers_a_block_and_links_groups(series):
    result = generate_contacts(50)
    assert (result.companies, result.persons, result.first_no, result.last_no) == (10, 40, "CT0001", "CT0050")
    assert Contact.objects.companies().count() == 10
    for company in Contact.objects.companies():
        assert company.company_id == company.pk
        assert company.industry_group_links.exists()
    persons = Contact.objects.persons().select_related("company")
    assert all(p.company.type == Contact.Type.COMPANY and p.company_name == p.company.name for p in persons)
    assert all(p.job_responsibility_links.exists() for p in persons)
    series.contact_nos.refresh_from_db()
    assert series.contact_nos.last_no_used == "CT0050"


def test_generate_contacts_command(series, capsys):
    call_command("generate_contacts", "20")
    assert Contact.objects.count() == 20
    assert "4 companies and 16 persons created (CT0001..CT0020)" in capsys.readouterr().out
