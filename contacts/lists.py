"""The contact lists (core.lists) and the code tables segment criteria use (core.codetables)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from contacts.models import BusinessRelation, IndustryGroup, JobResponsibility, MailingGroup
from core.codetables import CodeTable

# Setup: the groupings of DOMAIN 3.4, each with the number of contacts that have it (linked to them).
CONTACTS_HAVE_IT = _("You cannot delete %(table)s %(code)s because contacts have it (%(count)d).")


def contact_code_table(model, prefix: str, contact_filter: str) -> CodeTable:
    return CodeTable(
        model,
        namespace="contacts",
        prefix=f"setup/{prefix}/",
        used_by="contact_links",
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
