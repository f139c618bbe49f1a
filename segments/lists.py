"""The segment lists (core.lists): segments and saved segment criteria."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec
from segments.filters import SavedCriteriaFilter, SegmentFilter

SEGMENTS = ListSpec(
    key="segments.segments",
    permission="segments.view_segmentheader",
    title=_("Segments"),
    filterset=SegmentFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("description", _("Description")),
        Column("campaign", _("Campaign No."), field="campaign__no", template="segments/cells/campaign.html"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("date", _("Date"), css="text-nowrap"),
        Column("no_of_lines", _("No. of Lines"), css="num"),
        Column("campaign_target", _("Campaign Target")),
    ),
    default_order=("-no",),
    empty=_("No segments match the filters."),
)

SAVED_CRITERIA = ListSpec(
    key="segments.saved_criteria",
    permission="segments.view_savedsegmentcriteria",
    title=_("Saved Segment Criteria"),
    filterset=SavedCriteriaFilter,
    columns=(
        Column("code", _("Code")),
        Column("description", _("Description")),
        Column(
            "criteria_actions",
            _("Criteria actions"),
            field="id",
            sort=None,
            export=False,
            template="segments/cells/criteria_actions.html",
        ),
        Column(
            "delete",
            _("Delete"),
            field="id",
            sort=None,
            export=False,
            css="text-end",
            template="segments/cells/saved_criteria_delete.html",
        ),
    ),
    default_order=("code",),
    empty=_("No saved segment criteria match the filters."),
)
