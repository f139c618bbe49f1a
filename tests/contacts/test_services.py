"""The contact rules (DOMAIN 4, BC table 5050) as services: numbering, company/type, groups, delete."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Contact
from contacts.services import contacts as svc
from contacts.services.contacts import ContactGroups
from core.models import MarketingSetup
from core.services import RECORD_CHANGED
from tasks.models import Task
from tests.contacts.factories import (
    BusinessRelationFactory,
    CompanyFactory,
    IndustryGroupFactory,
    JobResponsibilityFactory,
    MailingGroupFactory,
    PersonFactory,
    link,
)
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentLineFactory

pytestmark = pytest.mark.django_db


def messages_of(excinfo, field):
    return excinfo.value.message_dict[field]


def new_company(name="Nordlys AS", **kwargs):
    return svc.create_contact(contact=Contact(name=name, type=Contact.Type.COMPANY, **kwargs))


def new_person(name="Kari Nordmann", company_no="", **kwargs):
    return svc.create_contact(contact=Contact(name=name, type=Contact.Type.PERSON, **kwargs), company_no=company_no)


# --- create ---------------------------------------------------------------------------------------


def test_new_company_takes_the_next_number_and_is_its_own_company(series):
    company = new_company()
    assert company.no == "CT0001"
    assert company.no_series == series.contact_nos
    company.refresh_from_db()
    assert company.company == company
    assert company.company_no == "CT0001"
    assert company.company_name == "Nordlys AS"
    assert company.last_date_modified == timezone.localdate()


def test_new_person_carries_its_company_name(series):
    company = new_company()
    person = new_person(company_no=company.no)
    assert person.no == "CT0002"
    assert person.company == company
    assert person.company_name == "Nordlys AS"


def test_person_without_company_has_blank_company(series):
    person = new_person()
    assert person.company is None
    assert person.company_no == ""
    assert person.company_name == ""


def test_person_cannot_belong_to_a_person(series):
    other = new_person(name="Ola")
    with pytest.raises(ValidationError) as excinfo:
        new_person(company_no=other.no)
    assert messages_of(excinfo, "company_no") == [
        f"Contact {other.no} is a person. A person's Company No. must be a company contact."
    ]


def test_person_with_unknown_company_no_is_refused(series):
    with pytest.raises(ValidationError) as excinfo:
        new_person(company_no="CT9999")
    assert messages_of(excinfo, "company_no") == ["There is no contact with No. CT9999."]


def test_company_cannot_have_another_company(series):
    other = new_company(name="Other AS")
    with pytest.raises(ValidationError) as excinfo:
        svc.create_contact(contact=Contact(name="X", type=Contact.Type.COMPANY), company_no=other.no)
    assert messages_of(excinfo, "company_no") == [str(svc.COMPANY_HAS_COMPANY)]
    assert Contact.objects.count() == 1


def test_typed_number_needs_manual_nos(series):
    with pytest.raises(ValidationError) as excinfo:
        svc.create_contact(contact=Contact(name="X"), manual_no="K-1")
    assert "please activate Manual Nos. in No. Series CONT" in messages_of(excinfo, "no")[0]
    MarketingSetup.get().contact_nos.__class__.objects.filter(code="CONT").update(manual_nos=True)
    contact = svc.create_contact(contact=Contact(name="X"), manual_no="K-1")
    assert contact.no == "K-1"
    assert contact.no_series is None


def test_typed_number_must_be_new(series):
    series.contact_nos.manual_nos = True
    series.contact_nos.save()
    CompanyFactory(no="K-1")
    with pytest.raises(ValidationError) as excinfo:
        svc.create_contact(contact=Contact(name="X"), manual_no="K-1")
    assert messages_of(excinfo, "no") == ["Contact K-1 already exists."]


def test_contact_nos_must_be_set_up():
    with pytest.raises(ValidationError) as excinfo:
        new_company()
    assert messages_of(excinfo, "no") == ["Contact Nos. must have a value in Marketing Setup"]


def test_drawn_number_already_typed_elsewhere_is_a_clear_error(series):
    CompanyFactory(no="CT0001")
    with pytest.raises(ValidationError) as excinfo:
        new_company()
    assert messages_of(excinfo, "no") == ["Contact CT0001 already exists."]


def test_groups_are_saved_on_the_right_type(series):
    retail, cust, news, buyer = (
        IndustryGroupFactory(code="RETAIL"),
        BusinessRelationFactory(code="CUST"),
        MailingGroupFactory(code="NEWS"),
        JobResponsibilityFactory(code="PURCHASE"),
    )
    company = svc.create_contact(
        contact=Contact(name="Shop AS", type=Contact.Type.COMPANY),
        groups=ContactGroups(industry_groups=[retail], business_relations=[cust], mailing_groups=[news]),
    )
    person = svc.create_contact(
        contact=Contact(name="Per", type=Contact.Type.PERSON),
        company_no=company.no,
        groups=ContactGroups(mailing_groups=[news], job_responsibilities=[buyer]),
    )
    assert list(company.industry_groups.values_list("code", flat=True)) == ["RETAIL"]
    assert list(company.business_relations.values_list("code", flat=True)) == ["CUST"]
    assert list(person.mailing_groups.values_list("code", flat=True)) == ["NEWS"]
    assert list(person.job_responsibilities.values_list("code", flat=True)) == ["PURCHASE"]


def test_person_cannot_have_industry_groups_or_business_relations(series):
    with pytest.raises(ValidationError) as excinfo:
        svc.create_contact(
            contact=Contact(name="Per", type=Contact.Type.PERSON),
            groups=ContactGroups(
                industry_groups=[IndustryGroupFactory()], business_relations=[BusinessRelationFactory()]
            ),
        )
    assert messages_of(excinfo, "industry_groups") == ["Only a company contact can have industry groups."]
    assert messages_of(excinfo, "business_relations") == ["Only a company contact can have business relations."]


def test_company_cannot_have_job_responsibilities(series):
    with pytest.raises(ValidationError) as excinfo:
        svc.create_contact(
            contact=Contact(name="Shop", type=Contact.Type.COMPANY),
            groups=ContactGroups(job_responsibilities=[JobResponsibilityFactory()]),
        )
    assert messages_of(excinfo, "job_responsibilities") == ["Only a person contact can have job responsibilities."]


def test_blocked_salesperson_cannot_be_chosen_but_stays_where_it_is(series):
    blocked = SalespersonFactory(code="OLD", blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        new_company(salesperson=blocked)
    assert messages_of(excinfo, "salesperson") == ["Salesperson OLD is blocked and cannot be chosen."]
    company = CompanyFactory(salesperson=blocked)
    company.city = "Bergen"
    svc.update_contact(contact=company, expected_version=company.version, company_no=company.no)
    company.refresh_from_db()
    assert company.city == "Bergen"
    assert company.salesperson == blocked


# --- update ---------------------------------------------------------------------------------------


def test_renaming_a_company_renames_it_on_its_persons(series):
    company = CompanyFactory(name="Old AS")
    person = PersonFactory(company=company)
    company.name = "New AS"
    svc.update_contact(contact=company, expected_version=0)
    person.refresh_from_db()
    company.refresh_from_db()
    assert company.company_name == "New AS"
    assert person.company_name == "New AS"
    assert company.version == 1


def test_stale_card_is_refused(series):
    company = CompanyFactory()
    Contact.objects.filter(pk=company.pk).update(version=3)
    company.city = "Oslo"
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=company, expected_version=2)
    assert excinfo.value.messages == [str(RECORD_CHANGED % {"model": "Contact"})]


def test_person_moves_to_another_company(series):
    person = PersonFactory()
    other = CompanyFactory(name="Other AS")
    svc.update_contact(contact=person, expected_version=0, company_no=other.no)
    person.refresh_from_db()
    assert person.company == other
    assert person.company_name == "Other AS"


def test_person_on_a_segment_cannot_change_company(series):
    line = SegmentLineFactory()
    person = line.contact
    other = CompanyFactory()
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=person, expected_version=0, company_no=other.no)
    assert messages_of(excinfo, "company_no") == [
        "You cannot change Company No. because one or more unlogged segments are assigned to the contact."
    ]


def test_company_with_persons_cannot_become_a_person(series):
    company = CompanyFactory()
    PersonFactory(company=company)
    company.type = Contact.Type.PERSON
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=company, expected_version=0)
    assert messages_of(excinfo, "type") == [
        "Type cannot be changed because there are one or more related people linked to the contact."
    ]
    assert Contact.objects.get(pk=company.pk).type == Contact.Type.COMPANY


def test_contact_with_interactions_cannot_change_type(series):
    entry = InteractionLogEntryFactory()
    person = entry.contact
    person.type = Contact.Type.COMPANY
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=person, expected_version=0)
    assert messages_of(excinfo, "type") == [
        "Type cannot be changed because one or more interaction log entries are linked to the contact."
    ]


def test_contact_with_tasks_cannot_change_type(series):
    person = PersonFactory()
    Task.objects.create(no="TD0001", description="Call", date=datetime.date(2026, 3, 2), contact=person)
    person.type = Contact.Type.COMPANY
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=person, expected_version=0)
    assert messages_of(excinfo, "type") == [
        "Type cannot be changed because one or more tasks are linked to the contact."
    ]


def test_contact_on_a_segment_cannot_change_type(series):
    line = SegmentLineFactory(contact=PersonFactory(company=None), contact_company=None)
    person = line.contact
    person.type = Contact.Type.COMPANY
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=person, expected_version=0)
    assert messages_of(excinfo, "type") == [
        "You cannot change Type because one or more unlogged segments are assigned to the contact."
    ]


def test_company_becomes_person_only_without_industry_groups_and_relations(series):
    company = CompanyFactory(name="Solo")
    link(company, IndustryGroupFactory())
    company.type = Contact.Type.PERSON
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=company, expected_version=0)
    assert messages_of(excinfo, "type") == [str(svc.TYPE_CHANGE_COMPANY_DATA)]
    # Removing them in the same save is fine.
    svc.update_contact(
        contact=company, expected_version=0, groups=ContactGroups(industry_groups=[], business_relations=[])
    )
    company.refresh_from_db()
    assert company.type == Contact.Type.PERSON
    assert company.company is None
    assert company.company_name == ""
    assert not company.industry_group_links.exists()


def test_person_becomes_its_own_company(series):
    person = PersonFactory(company=CompanyFactory(name="Employer AS"), name="Freelancer")
    link(person, JobResponsibilityFactory())
    person.type = Contact.Type.COMPANY
    with pytest.raises(ValidationError) as excinfo:
        svc.update_contact(contact=person, expected_version=0)
    assert messages_of(excinfo, "type") == [str(svc.TYPE_CHANGE_PERSON_DATA)]
    svc.update_contact(contact=person, expected_version=0, groups=ContactGroups(job_responsibilities=[]))
    person.refresh_from_db()
    assert person.company == person
    assert person.company_name == "Freelancer"


def test_group_links_are_replaced_exactly(series):
    company = CompanyFactory()
    a, b, c = MailingGroupFactory(code="A"), MailingGroupFactory(code="B"), MailingGroupFactory(code="C")
    link(company, a)
    link(company, b)
    svc.update_contact(contact=company, expected_version=0, groups=ContactGroups(mailing_groups=[b, c]))
    assert sorted(company.mailing_groups.values_list("code", flat=True)) == ["B", "C"]


def test_database_refuses_a_company_pointing_at_another_company(series):
    a, b = CompanyFactory(), CompanyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=a.pk).update(company=b)


def test_database_refuses_a_person_being_its_own_company(series):
    person = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Contact.objects.filter(pk=person.pk).update(company=person)


# --- formats --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["kari@example.com", "kari.nordmann+news@firma.no", ""])
def test_valid_email_addresses_pass(value):
    svc.validate_email_address(value)


@pytest.mark.parametrize("value", ["kari@", "kari.example.com", "kari@@example.com", "a b@example.com"])
def test_invalid_email_address_gets_bcs_message(value):
    with pytest.raises(ValidationError) as excinfo:
        svc.validate_email_address(value)
    assert excinfo.value.messages == [f'The email address "{value}" is not valid.']


def test_phone_no_must_not_contain_letters():
    svc.validate_phone_no("+47 22 12 34 56")
    with pytest.raises(ValidationError) as excinfo:
        svc.validate_phone_no("22 CALL ME")
    assert excinfo.value.messages == ["Phone No. must not contain letters."]


# --- delete ---------------------------------------------------------------------------------------


def test_delete_removes_the_contact_and_its_links(series):
    company = CompanyFactory()
    link(company, IndustryGroupFactory())
    link(company, MailingGroupFactory())
    svc.delete_contact(contact=company)
    assert not Contact.objects.filter(pk=company.pk).exists()


def test_contact_on_a_segment_line_cannot_be_deleted(series):
    line = SegmentLineFactory()
    with pytest.raises(ValidationError) as excinfo:
        svc.delete_contact(contact=line.contact)
    assert excinfo.value.messages == [
        f"You cannot delete the {line.contact.no} record of the Contact because the contact is assigned one or "
        "more unlogged segments."
    ]


def test_contact_with_interaction_history_cannot_be_deleted(series):
    entry = InteractionLogEntryFactory()
    with pytest.raises(ValidationError) as excinfo:
        svc.delete_contact(contact=entry.contact)
    assert excinfo.value.messages == [
        f"You cannot delete contact {entry.contact.no} because it has interaction log entries (1). "
        "Interaction history is kept."
    ]


def test_company_with_persons_cannot_be_deleted(series):
    company = CompanyFactory()
    PersonFactory.create_batch(2, company=company)
    with pytest.raises(ValidationError) as excinfo:
        svc.delete_contact(contact=company)
    assert excinfo.value.messages == [
        f"You cannot delete company {company.no} because persons belong to it (2). Delete them or move them to "
        "another company first."
    ]


def test_contact_with_open_tasks_cannot_be_deleted(series):
    person = PersonFactory()
    Task.objects.create(no="TD0001", description="Call", date=datetime.date(2026, 3, 2), contact=person)
    with pytest.raises(ValidationError) as excinfo:
        svc.delete_contact(contact=person)
    assert excinfo.value.messages == [
        f"You cannot delete contact {person.no} because there are one or more tasks open."
    ]


def test_contact_with_closed_tasks_gets_a_clear_message(series):
    person = PersonFactory()
    Task.objects.create(
        no="TD0001", description="Call", date=datetime.date(2026, 3, 2), contact=person, closed=True, status="completed"
    )
    with pytest.raises(ValidationError) as excinfo:
        svc.delete_contact(contact=person)
    assert excinfo.value.messages == [
        f"You cannot delete contact {person.no} because other records refer to it: Tasks."
    ]
    assert Contact.objects.filter(pk=person.pk).exists()


# --- numbers and criteria -------------------------------------------------------------------------


def test_number_block_is_gapless_and_advances_the_series(series):
    with transaction.atomic():
        nos, used = svc.draw_contact_nos(3)
    assert nos == ["CT0001", "CT0002", "CT0003"]
    used.refresh_from_db()
    assert used.last_no_used == "CT0003"
    assert new_company().no == "CT0004"


def test_number_block_follows_increment_and_grows_past_the_width(series):
    cont = series.contact_nos
    cont.last_no_used, cont.increment_by = "CT9990", 5
    cont.save()
    with transaction.atomic():
        nos, _series = svc.draw_contact_nos(3)
    assert nos == ["CT9995", "CT10000", "CT10005"]


def test_criteria_querysets_follow_the_company_for_industry_and_relation(series):
    company = CompanyFactory()
    person = PersonFactory(company=company)
    loner = PersonFactory(company=None)
    retail, cust = IndustryGroupFactory(code="RETAIL"), BusinessRelationFactory(code="CUST")
    news, buyer = MailingGroupFactory(code="NEWS"), JobResponsibilityFactory(code="BUY")
    link(company, retail)
    link(company, cust)
    link(loner, news)
    link(person, buyer)
    assert set(Contact.objects.in_industry_groups([retail])) == {company, person}
    assert set(Contact.objects.with_business_relations([cust])) == {company, person}
    assert set(Contact.objects.in_mailing_groups([news])) == {loner}
    assert set(Contact.objects.with_job_responsibilities([buyer])) == {person}


def test_privacy_blocked_salesperson_cannot_be_chosen(series):
    hidden = SalespersonFactory(code="PRIV", privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        new_company(salesperson=hidden)
    assert messages_of(excinfo, "salesperson") == ["Salesperson PRIV is blocked and cannot be chosen."]
