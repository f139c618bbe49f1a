"""The campaign lists (core.lists): columns, filters and default order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from campaigns.filters import CampaignEntryFilter, CampaignFilter, CampaignStatusFilter
from core.lists import Column, ListSpec

CAMPAIGNS = ListSpec(
    key="campaigns.campaigns",
    permission="campaigns.view_campaign",
    title=_("Campaigns"),
    filterset=CampaignFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("description", _("Description")),
        Column(
            "status", _("Status Code"), field="status__code", sort="status__sort_order", title="status__description"
        ),
        Column("starting_date", _("Starting Date")),
        Column("ending_date", _("Ending Date")),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
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

STATUS_CODES = ListSpec(
    key="campaigns.status_codes",
    permission="campaigns.view_campaignstatus",
    title=_("Campaign Status Codes"),
    filterset=CampaignStatusFilter,
    columns=(
        Column("sort_order", _("Sort Order"), css="num"),
        Column("code", _("Code"), template="campaigns/cells/status_code.html"),
        Column("description", _("Description")),
        Column("campaign_count", _("Campaigns"), css="num", template="campaigns/cells/status_campaigns.html"),
    ),
    default_order=("sort_order", "code"),
    empty=_("No campaign status codes match the filters."),
)
