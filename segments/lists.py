"""The segment lists (core.lists): segments, saved segment criteria and the lines on a segment card."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec
from segments.filters import LineFilter, SavedCriteriaFilter, SegmentFilter

CELLS = "segments/cells"

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

# The Lines part of the segment card: the view scopes the rows to the segment (segments.views.segment_lines).
# BC's page shows the first columns; the rest of the line's fields can be chosen. The selection checkbox
# (for Remove selected lines) and the line actions are markup only; a data column comes last, after them.
SEGMENT_LINES = ListSpec(
    key="segments.lines",
    permission="segments.view_segmentheader",
    title=_("Segment Lines"),
    filterset=LineFilter,
    always_joined=("contact",),  # segments.line_cells names the contact in Campaign Target's label
    columns=(
        # select, target and actions are written by segments.line_cells, which the card gives the list kit.
        Column("select", _("Select"), field="line_no", sort=None, export=False),
        Column("line", _("Line No."), field="line_no", css="num"),
        Column("contact", _("Contact No."), field="contact__no", link_to="contacts:detail"),
        Column("name", _("Name"), field="contact__name"),
        Column("company", _("Company Name"), field="contact__company_name"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("target", _("Campaign Target"), field="campaign_target"),
        Column(
            "actions",
            _("Actions"),
            field="line_no",
            sort=None,
            export=False,
            css="text-nowrap",
        ),
        Column("correspondence_type", _("Correspondence Type"), visible=False),
        Column(
            "interaction_template",
            _("Interaction Template Code"),
            field="interaction_template__code",
            title="interaction_template__description",
            visible=False,
        ),
        Column("interaction_group", _("Interaction Group Code"), field="interaction_group__code", visible=False),
        Column("campaign", _("Campaign No."), field="campaign__no", template=f"{CELLS}/campaign.html", visible=False),
        Column("contact_company", _("Contact Company No."), field="contact_company__no", visible=False),
        Column("description", _("Description"), visible=False),
        Column("date", _("Date"), css="text-nowrap", visible=False),
        Column("cost", _("Cost (LCY)"), css="num", visible=False),
        Column("duration", _("Duration (Min.)"), css="num", visible=False),
        Column("campaign_response", _("Campaign Response"), visible=False),
        Column("information_flow", _("Information Flow"), visible=False),
        Column("initiated_by", _("Initiated By"), visible=False),
        Column("evaluation", _("Evaluation"), visible=False),
        Column("attempt_failed", _("Attempt Failed"), visible=False),
        Column("opportunity_no", _("Opportunity No."), visible=False),
        Column("action_no", _("Segment Action No."), css="num", visible=False),
    ),
    default_order=("line_no",),
    empty=_("No lines match the filters."),
)
