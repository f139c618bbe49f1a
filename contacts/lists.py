"""The contact lists (core.lists) and the code tables segment criteria use (core.codetables)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from contacts.filters import ContactFilter
from contacts.list_cells import company_name, contact_name
from contacts.models import BusinessRelation, IndustryGroup, JobResponsibility, MailingGroup
from core.codetables import CodeTable
from core.lists import Column, ListSpec

# Wide (BC's Contact List has dozens of fields): the default set is what finds a contact; the rest can be chosen.
CONTACTS = ListSpec(
    key="contacts.contacts",
    permission="contacts.view_contact",
    title=_("Contacts"),
    filterset=ContactFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("name", _("Name"), render=contact_name),
        Column("type", _("Type")),
        Column("company_no", _("Company No."), field="company__no", visible=False),
        Column("company_name", _("Company Name"), render=company_name),
        Column("address", _("Address"), visible=False),
        Column("post_code", _("Post Code")),
        Column("city", _("City")),
        Column("country", _("Country/Region Code"), field="country_region_code"),
        Column("territory_code", _("Territory Code"), visible=False),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("phone_no", _("Phone No."), css="text-nowrap"),
        Column("email", _("E-Mail")),
        Column("correspondence_type", _("Correspondence Type"), visible=False),
        Column("language_code", _("Language Code"), visible=False),
        Column("exclude_from_segment", _("Exclude from Segment"), visible=False),
        Column("privacy_blocked", _("Privacy Blocked"), visible=False),
        Column("last_date_modified", _("Last Date Modified"), visible=False),
    ),
    default_order=("no",),
    empty=_("No contacts match the filters."),
)

# Setup: the groupings of DOMAIN 3.4, each with the number of contacts that have it (linked to them).
CONTACTS_HAVE_IT = _("You cannot delete %(table)s %(code)s because contacts have it (%(count)d).")


def contact_code_table(model, prefix: str, contact_filter: str) -> CodeTable:
    return CodeTable(
        model,
        namespace="contacts",
        prefix=f"setup/{prefix}/",
        used_by="contact_links",
        used_by_count="no_of_contacts",  # kept by triggers on the link table (contacts.models.ContactGroup)
        used_by_caption=_("No. of Contacts"),
        used_by_list="contacts:list",
        used_by_filter=contact_filter,
        in_use=CONTACTS_HAVE_IT,
    )


INDUSTRY_GROUPS = contact_code_table(IndustryGroup, "industry-groups", "industry_group")
BUSINESS_RELATIONS = contact_code_table(BusinessRelation, "business-relations", "business_relation")
MAILING_GROUPS = contact_code_table(MailingGroup, "mailing-groups", "mailing_group")
JOB_RESPONSIBILITIES = contact_code_table(JobResponsibility, "job-responsibilities", "job_responsibility")
CODE_TABLES = [INDUSTRY_GROUPS, BUSINESS_RELATIONS, MAILING_GROUPS, JOB_RESPONSIBILITIES]
