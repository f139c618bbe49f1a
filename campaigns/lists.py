"""The campaign lists (core.lists) and the Campaign Status code table (core.codetables)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaigns import services
from campaigns.filters import CampaignEntryFilter, CampaignFilter, CampaignStatusFilter
from campaigns.forms import CampaignStatusForm
from campaigns.models import CampaignStatus
from campaigns.services import STATUS_IN_USE
from core.codetables import CodeTable
from core.lists import Column, ListSpec


def status_badge(campaign, value) -> str:
    """The status code as a badge in its colour (by Sort Order), with the status's description beside it."""
    if not campaign.status_id:
        return ""
    return format_html(
        '<span class="badge text-bg-{}" data-testid="status-badge">{}</span> <span class="small">{}</span>',
        campaign.status_colour or "secondary",
        campaign.status.code,
        campaign.status.description,
    )


# The view reads the campaigns with_activated(), with_status_rank() and fetch_mode(FETCH_PEERS) (response rates).
CAMPAIGNS = ListSpec(
    key="campaigns.campaigns",
    permission="campaigns.view_campaign",
    title=_("Campaigns"),
    filterset=CampaignFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("description", _("Description")),
        Column("status", _("Status Code"), field="status__code", sort="status__sort_order", render=status_badge),
        Column("starting_date", _("Starting Date")),
        Column("ending_date", _("Ending Date")),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        # Computed for the page's campaigns only (Campaign.response_rate): not sortable, not exported.
        Column("response_rate", _("Response Rate %"), sort=None, export=False, css="num"),
        Column("activated", _("Activated")),
        Column("last_date_modified", _("Last Date Modified")),
    ),
    default_order=("no",),
    empty=_("No campaigns match the filters."),
)

CAMPAIGN_ENTRIES = ListSpec(
    key="campaigns.entries",
    permission="campaigns.view_campaignentry",
    title=_("Campaign Entries"),
    filterset=CampaignEntryFilter,
    columns=(
        Column("entry_no", _("Entry No."), field="id", css="num", template="campaigns/cells/entry_no.html"),
        Column("description", _("Description")),
        Column("date", _("Date")),
        Column("user", _("User ID"), field="user__username"),
        Column("segment_no", _("Segment No.")),
        Column("canceled", _("Canceled"), template="campaigns/cells/canceled.html"),
        Column("no_of_interactions", _("No. of Interactions"), css="num"),
        Column("cost", _("Cost (LCY)"), css="num"),
        Column("duration", _("Duration (Min.)"), css="num"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("register", _("Register No."), field="register_id", css="num"),
        Column("document_type", _("Document Type")),
        Column(
            "actions",
            _("Actions"),
            field="id",
            sort=None,
            export=False,
            css="text-end text-nowrap",
            template="campaigns/cells/entry_actions.html",
        ),
    ),
    default_order=("id",),
    empty=_("No campaign entries match the filters."),
)


class StatusCodeTable(CodeTable):
    """The stack's table, whose delete question names the status with its description, as it always has."""

    def caption(self, code: str) -> str:
        status = self.model.objects.filter(code=code).first()
        return f"{self.verbose_name} {status or code}"


# Campaign Status codes (DOMAIN A.1) on the code table stack; name="status" keeps campaigns:status_list and the rest.
STATUS_CODES = StatusCodeTable(
    CampaignStatus,
    namespace="campaigns",
    prefix="status-codes/",
    name="status",
    form=CampaignStatusForm,
    intro=_(
        'The phases a campaign goes through, in Sort Order. "Advance status" on the campaign card moves a '
        "campaign to the next one."
    ),
    columns=(Column("sort_order", _("Sort Order"), css="num"),),
    default_order=("sort_order", "code"),
    filterset=CampaignStatusFilter,
    used_by="campaigns",
    used_by_caption=_("Campaigns"),
    used_by_list="campaigns:list",
    used_by_filter="status",
    in_use=STATUS_IN_USE,
    delete=lambda status: services.delete_status(status=status),
)
