"""The contact lists and the contacts' code tables for the shared list tests (tests/test_lists.py)."""

from contacts.models import BusinessRelation, Contact, IndustryGroup, JobResponsibility, MailingGroup
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def make_contacts(count: int) -> None:
    """Persons of one company (the Company Name cell links to it) and companies, with a salesperson."""
    salesperson = SalespersonFactory()
    start = Contact.objects.count()
    company = Contact.objects.create(no=f"LK{start:05d}", name="Lamp Works AS", salesperson=salesperson)
    Contact.objects.bulk_create(
        Contact(
            no=f"LK{start + 1 + n:05d}",
            name=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            type=Contact.Type.PERSON if n % 3 else Contact.Type.COMPANY,
            company=company if n % 3 else None,
            company_name=company.name if n % 3 else "",
            salesperson=salesperson,
            city="Oslo" if n % 2 else "Bergen",
            exclude_from_segment=n % 4 == 0,
        )
        for n in range(count - 1)
    )


def make_codes(model):
    """Make n rows of a code table, every other one described as a lamp."""

    def make(count: int) -> None:
        start = model.objects.count()
        model.objects.bulk_create(
            model(code=f"C{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}") for n in range(count)
        )

    return make


LIST_CASES = [ListCase("contacts.contacts", "contacts:list", make_contacts, filter="?type=person&city=oslo")]
LIST_CASES += [
    ListCase(
        f"contacts.{model._meta.model_name}", f"contacts:{model._meta.model_name}_list", make_codes(model), "?q=lamp"
    )
    for model in (IndustryGroup, BusinessRelation, MailingGroup, JobResponsibility)
]
