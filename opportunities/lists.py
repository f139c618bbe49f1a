"""The opportunity lists (core.lists): the Opportunity List, Sales Cycles and Close Opportunity Codes."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from core.codetables import CodeTable
from core.lists import Column, ListSpec
from opportunities.filters import OpportunityFilter
from opportunities.filters_setup import CloseOpportunityCodeFilter, SalesCycleFilter
from opportunities.forms_setup import CloseOpportunityCodeForm
from opportunities.models import CloseOpportunityCode
from opportunities.services import setup
from opportunities.services.setup import CLOSE_CODE_IN_USE


def amount(_opportunity, value) -> str:
    """An amount with two decimals, grouped, in the reader's notation."""
    return floatformat(value, "2g")


# BC's Opportunity List (page 5123): the first eleven columns as the page opens; the rest can be chosen.
OPPORTUNITIES = ListSpec(
    key="opportunities.opportunities",
    permission="opportunities.view_opportunity",
    title=_("Opportunities"),
    filterset=OpportunityFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("description", _("Description")),
        Column("contact", _("Contact Name"), field="contact__name"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("campaign", _("Campaign No."), field="campaign__no", title="campaign__description"),
        Column("sales_cycle", _("Sales Cycle Code"), field="sales_cycle__code", title="sales_cycle__description"),
        Column("stage", _("Current Sales Cycle Stage"), field="list_stage", css="num"),
        Column("status", _("Status")),
        Column("estimated_value", _("Estimated Value (LCY)"), css="num", render=amount),
        Column("calcd_current_value", _("Calcd. Current Value (LCY)"), css="num", render=amount),
        Column("estimated_closing_date", _("Estimated Closing Date")),
        Column("contact_no", _("Contact No."), field="contact__no", visible=False),
        Column("contact_company", _("Contact Company Name"), field="contact_company__name", visible=False),
        Column("segment", _("Segment No."), field="segment__no", visible=False),
        Column("priority", _("Priority"), visible=False),
        Column("creation_date", _("Creation Date"), visible=False),
        Column("closed", _("Closed"), visible=False),
        Column("date_closed", _("Date Closed"), visible=False),
        Column("chances_of_success_pct", _("Chances of Success %"), css="num", visible=False),
        Column("completed_pct", _("Completed %"), css="num", visible=False),
        Column("probability_pct", _("Probability %"), css="num", visible=False),
    ),
    default_order=("no",),
    empty=_("No opportunities match the filters."),
    always_joined=(),
)

SALES_CYCLES = ListSpec(
    key="opportunities.sales_cycles",
    permission="opportunities.view_salescycle",
    title=_("Sales Cycles"),
    filterset=SalesCycleFilter,
    columns=(
        Column("code", _("Code"), link=True),
        Column("description", _("Description")),
        Column("probability_calculation", _("Probability Calculation")),
        Column("blocked", _("Blocked")),
        Column("stages", _("No. of Stages"), field="no_of_stages", css="num"),
        Column(
            "opportunities",
            _("No. of Opportunities"),
            field="no_of_opportunities",
            css="num",
            template="opportunities/cells/cycle_opportunities.html",
        ),
    ),
    default_order=("code",),
    empty=_("No sales cycles match the filters."),
)

# Close Opportunity Codes (BC table 5094) on the code table stack: list, card, New and Delete; the card keeps its
# URL name opportunities:close_code_detail (see opportunities.views.setup.urlpatterns).
CLOSE_CODES = CodeTable(
    CloseOpportunityCode,
    namespace="opportunities",
    prefix="close-codes/",
    name="close_code",
    form=CloseOpportunityCodeForm,
    filterset=CloseOpportunityCodeFilter,
    columns=(Column("type", _("Type")),),
    used_by="entries",
    used_by_caption=_("No. of Opportunities"),
    in_use=CLOSE_CODE_IN_USE,
    delete=lambda close_code: setup.delete_close_code(close_code=close_code),
)
