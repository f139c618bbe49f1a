"""The interaction lists (core.lists): log entries, logged segments, templates; Interaction Groups (core.codetables)."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from core.codetables import CodeTable
from core.lists import Column, ListSpec
from interactions import services
from interactions.filters import InteractionTemplateFilter
from interactions.forms import InteractionGroupForm
from interactions.list_cells import canceled_badge
from interactions.log_filters import InteractionLogEntryFilter, LoggedSegmentEntryFilter, LoggedSegmentFilter
from interactions.models import InteractionGroup

CELLS = "interactions/cells"

# BC's Interaction Log Entries page shows some twenty fields; the default set is what fits a 1440 px screen,
# the rest (time, campaign entry, segment, opportunity, flags, user…) can be chosen with Columns.
ENTRIES = ListSpec(
    key="interactions.entries",
    permission="interactions.view_interactionlogentry",
    title=_("Interaction Log Entries"),
    filterset=InteractionLogEntryFilter,
    columns=(
        # Written by interactions.list_cells.entry_selection, which the view gives the list kit.
        Column("select", _("Select"), field="id", sort=None, export=False),
        Column("entry_no", _("Entry No."), field="id", link=True, css="num"),
        Column("date", _("Date"), css="text-nowrap"),
        Column("time_of_interaction", _("Time of Interaction"), visible=False),
        Column("contact", _("Contact No."), field="contact__no", link_to="contacts:detail"),
        Column("contact_name", _("Contact Name"), field="contact__name", css="text-nowrap"),
        Column(
            "template",
            _("Interaction Template Code"),
            field="interaction_template__code",
            title="interaction_template__description",
        ),
        Column("interaction_group", _("Interaction Group Code"), field="interaction_group__code", visible=False),
        Column("description", _("Description"), css="col-text"),
        Column("information_flow", _("Information Flow"), visible=False),
        Column("initiated_by", _("Initiated By"), visible=False),
        Column("campaign", _("Campaign No."), field="campaign__no", link_to="campaigns:detail"),
        Column("campaign_entry", _("Campaign Entry No."), field="campaign_entry_id", css="num", visible=False),
        Column("segment_no", _("Segment No."), visible=False),
        Column("opportunity_no", _("Opportunity No."), visible=False, template=f"{CELLS}/opportunity.html"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("evaluation", _("Evaluation")),
        Column("cost", _("Cost (LCY)"), css="num"),
        Column("duration", _("Duration (Min.)"), css="num"),
        Column("campaign_target", _("Campaign Target"), visible=False),
        Column("campaign_response", _("Campaign Response"), visible=False),
        Column("attempt_failed", _("Attempt Failed"), visible=False),
        Column("canceled", _("Canceled"), render=canceled_badge),
        Column("user", _("User ID"), field="user__username", visible=False),
    ),
    default_order=("-id",),
    empty=_("There are no interaction log entries within the filter."),
    always_joined=(),
)

LOGGED_SEGMENTS = ListSpec(
    key="interactions.logged_segments",
    permission="interactions.view_loggedsegment",
    title=_("Logged Segments"),
    filterset=LoggedSegmentFilter,
    columns=(
        Column("select", _("Select"), field="id", sort=None, export=False, template=f"{CELLS}/select_logged.html"),
        Column("entry_no", _("Entry No."), field="id", link=True, css="num"),
        Column("segment_no", _("Segment No.")),
        Column("description", _("Description")),
        Column("no_of_interactions", _("No. of Interactions"), css="num", template=f"{CELLS}/logged_interactions.html"),
        Column("no_of_campaign_entries", _("No. of Campaign Entries"), css="num"),
        Column("creation_date", _("Creation Date")),
        Column("user", _("User ID"), field="user__username"),
        Column("canceled", _("Canceled"), render=canceled_badge),
    ),
    default_order=("-id",),
    empty=_("There are no logged segments within the filter."),
)


# The interaction log entries of one logged segment, on its card (the view scopes the rows to the segment).
LOGGED_SEGMENT_ENTRIES = ListSpec(
    key="interactions.logged_segment_entries",
    permission="interactions.view_loggedsegment",
    title=_("Interaction Log Entries"),
    filterset=LoggedSegmentEntryFilter,
    columns=(
        Column("entry_no", _("Entry No."), field="id", link=True, css="num"),
        Column("date", _("Date"), css="text-nowrap"),
        Column("contact", _("Contact No."), field="contact__no", link_to="contacts:detail"),
        Column("contact_name", _("Contact Name"), field="contact__name"),
        Column(
            "template",
            _("Interaction Template Code"),
            field="interaction_template__code",
            title="interaction_template__description",
        ),
        Column("campaign", _("Campaign No."), field="campaign__no", link_to="campaigns:detail"),
        Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
        Column("cost", _("Cost (LCY)"), css="num"),
        Column("duration", _("Duration (Min.)"), css="num"),
        Column("campaign_target", _("Campaign Target")),
        Column("campaign_response", _("Campaign Response")),
        Column("canceled", _("Canceled"), render=canceled_badge),
    ),
    default_order=("id",),
    empty=_("No interaction log entries."),
    row_css=lambda entry: "row-canceled" if entry.canceled else "",
)


class InteractionGroupTable(CodeTable):
    """The stack's table, whose rows also carry BC's FlowFields (templates, interactions, cost, duration)."""

    def rows(self) -> QuerySet:
        groups = super().rows().annotate(no_of_templates=Count("templates"))
        return services.with_statistics(groups, entry_field="interaction_group")


# Interaction Groups (BC table 5063) on the code table stack; name="group" keeps interactions:group_list and the rest.
# The delete service says everything that uses a group (templates, log entries, segments and their lines).
GROUPS = InteractionGroupTable(
    InteractionGroup,
    namespace="interactions",
    prefix="setup/groups/",
    name="group",
    form=InteractionGroupForm,
    columns=(
        Column("no_of_templates", _("Interaction Templates"), css="num", template=f"{CELLS}/group_templates.html"),
        Column("no_of_interactions", _("No. of Interactions"), css="num"),
        Column("cost", _("Cost (LCY)"), css="num"),
        Column("duration", _("Duration (Min.)"), css="num"),
    ),
    delete=lambda group: services.delete_group(group=group),
)

TEMPLATES = ListSpec(
    key="interactions.templates",
    permission="interactions.view_interactiontemplate",
    title=_("Interaction Templates"),
    filterset=InteractionTemplateFilter,
    columns=(
        Column("code", _("Code"), template=f"{CELLS}/template_code.html"),
        Column(
            "interaction_group",
            _("Interaction Group Code"),
            field="interaction_group__code",
            title="interaction_group__description",
        ),
        Column("description", _("Description")),
        Column("unit_cost", _("Unit Cost (LCY)"), css="num"),
        Column("unit_duration", _("Unit Duration (Min.)"), css="num"),
        Column("information_flow", _("Information Flow")),
        Column("initiated_by", _("Initiated By")),
        Column("campaign", _("Campaign No."), field="campaign__no", title="campaign__description"),
        Column("campaign_target", _("Campaign Target"), visible=False),
        Column("campaign_response", _("Campaign Response"), visible=False),
        Column("correspondence_type", _("Correspondence Type (Default)"), visible=False),
        Column("ignore_contact_corres_type", _("Ignore Contact Corres. Type"), visible=False),
        Column("no_of_interactions", _("No. of Interactions"), css="num"),
        Column("cost", _("Cost (LCY)"), css="num"),
        Column("duration", _("Duration (Min.)"), css="num"),
    ),
    default_order=("code",),
    empty=_("No interaction templates match the filters."),
)
