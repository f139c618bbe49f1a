from contacts.models import ContactImport
from core.models import Job
from tests.access import ADMIN, ALL_ROLES, MANAGER, MARKETER, Route, roles_
from tests.contacts.factories import (
    BusinessRelationFactory,
    CompanyFactory,
    IndustryGroupFactory,
    JobResponsibilityFactory,
    MailingGroupFactory,
)


def contact(user):
    return {"no": CompanyFactory(no="CT0900", name="Matrix AS").no}


def contact_import(user):
    row, _created = ContactImport.objects.get_or_create(file_name="matrix.csv", defaults={"total_rows": 0})
    return {"pk": row.pk}


def export_job(user):
    """A finished background export of `user` whose file has expired (the download then goes to the job)."""
    job = Job.objects.create(
        operation="contacts.export_contacts",
        description="Export contacts for import",
        target_type="core.user",
        target_key=str(user.pk if user else 0),
        status=Job.Status.SUCCEEDED,
        created_by=user,
    )
    return {"pk": job.pk}


def lookup(factory, code):
    return lambda user: {"code": factory(code=code).code}


EDITORS = roles_(ADMIN, MARKETER)
READERS = roles_(ADMIN, MARKETER, MANAGER)

ROUTES = [
    Route("contacts:list", get=ALL_ROLES),
    Route("contacts:detail", get=ALL_ROLES, kwargs=contact),
    Route("contacts:create", get=EDITORS, post=EDITORS),
    Route("contacts:update", get=EDITORS, post=EDITORS, kwargs=contact),
    Route("contacts:delete", post=EDITORS, kwargs=contact),
    Route("contacts:export", get=EDITORS, post=EDITORS),
    Route("contacts:export_download", get=EDITORS, kwargs=export_job),
    Route("contacts:options", get=ALL_ROLES, query="?contact_no=CT"),
    Route("contacts:import", get=EDITORS, post=EDITORS),
    Route("contacts:import_template", get=EDITORS),
    Route("contacts:import_detail", get=EDITORS, kwargs=contact_import),
    Route("contacts:import_confirm", post=EDITORS, kwargs=contact_import),
    Route("contacts:import_discard", post=EDITORS, kwargs=contact_import),
]
for name, factory, code in [
    ("industrygroup", IndustryGroupFactory, "RETAIL"),
    ("businessrelation", BusinessRelationFactory, "CUST"),
    ("mailinggroup", MailingGroupFactory, "NEWS"),
    ("jobresponsibility", JobResponsibilityFactory, "PURCHASE"),
]:
    ROUTES += [
        Route(f"contacts:{name}_list", get=READERS),
        Route(f"contacts:{name}_create", get=roles_(ADMIN), post=roles_(ADMIN)),
        # The card opens read-only for those who may see the table (core.codetables).
        Route(f"contacts:{name}_update", get=READERS, post=roles_(ADMIN), kwargs=lookup(factory, code)),
        Route(f"contacts:{name}_delete", post=roles_(ADMIN), kwargs=lookup(factory, code)),
    ]
