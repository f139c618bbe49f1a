"""The campaign lists (core.lists): columns, filters and default order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from campaigns.filters import CampaignFilter
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
