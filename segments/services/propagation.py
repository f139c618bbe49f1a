"""Header → line propagation (DOMAIN 3.2, BC Segment Header UpdateSegLinesByFieldNo).

When the user changes a propagating header field and lines carry the header's Interaction Template Code,
BC asks whether to update those lines; for the template field itself it asks about all lines. The
answers come from a real confirmation step in the page; "Yes" is one UPDATE, no per-line validation.

Campaign targets: every operation here that changes which lines are Campaign Targets ends with
campaigns.signals.notify_targets_changed, and pricing then re-syncs the campaign target groups and locks the
campaign rows inside the caller's transaction (after the segment header lock, so the order is always the same).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from campaigns.signals import notify_targets_changed
from segments.models import SegmentHeader, SegmentLine
from segments.services.lines import apply_template_defaults, lock_segment, save_header

UPDATE_LINES_QUESTION = _(
    "You have modified %(field)s. Do you want to update the segment lines where the Interaction Template Code is "
    "%(template)s?"
)
APPLY_TEMPLATE_QUESTION = _(
    "You have modified %(field)s. Do you want to apply the %(field)s %(template)s to all segment lines?"
)

# Header field -> line field that takes its value.
PROPAGATED = {
    "description": "description",
    "campaign": "campaign",
    "salesperson": "salesperson",
    "correspondence_type": "correspondence_type",
    "unit_cost": "cost",
    "unit_duration": "duration",
    "date": "date",
    "campaign_target": "campaign_target",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "campaign_response": "campaign_response",
}
TEMPLATE = "interaction_template"
# What lines take over when the template is applied to them (the line's template validation re-copies these).
TEMPLATE_LINE_VALUES = {
    "interaction_template": "interaction_template",
    "interaction_group": "interaction_group",
    "cost": "unit_cost",
    "duration": "unit_duration",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "correspondence_type": "correspondence_type",
}


@dataclass
class Question:
    field: str
    text: str


def prepare_header(*, header: SegmentHeader, changed: list[str]) -> list[str]:
    """Apply what validating the changed fields does to the header itself; return all fields that changed.

    A new Interaction Template copies its defaults into the fields the user did not change in the same
    save (BC copies them when the template is validated, before the user types the rest).
    """
    changed = list(changed)
    if TEMPLATE in changed:
        apply_template_defaults(header, keep=set(changed))
    return changed


def _changed_propagating(changed: list[str], header: SegmentHeader) -> list[str]:
    fields = [name for name in PROPAGATED if name in changed]
    # BC only propagates a correspondence type that is not blank.
    if "correspondence_type" in fields and not header.correspondence_type:
        fields.remove("correspondence_type")
    return fields


def _template_code(header: SegmentHeader) -> str:
    return header.interaction_template.code if header.interaction_template_id else ""


def questions(*, header: SegmentHeader, changed: list[str], answered: dict[str, bool] | None = None) -> list[Question]:
    """The confirmation questions the changes raise and that are not answered yet (only where lines are affected).

    As in BC the template question comes first and alone: whether the other questions concern all lines
    (the template is applied to them) or only the lines already carrying the new template depends on it.
    """
    answered = answered or {}
    lines = SegmentLine.objects.filter(segment_id=header.pk)
    counts = lines.aggregate(
        all=models.Count("pk"),
        same_template=models.Count("pk", filter=models.Q(interaction_template_id=header.interaction_template_id))
        if header.interaction_template_id
        else models.Count("pk", filter=models.Q(interaction_template__isnull=True)),
    )
    template = _template_code(header)
    if TEMPLATE in changed and counts["all"] and TEMPLATE not in answered:
        caption = SegmentHeader._meta.get_field(TEMPLATE).verbose_name
        return [Question(TEMPLATE, str(APPLY_TEMPLATE_QUESTION) % {"field": caption, "template": template})]
    # After "apply the template to all lines" every line carries it, so the other questions concern all lines.
    affected = counts["all"] if answered.get(TEMPLATE) else counts["same_template"]
    result = []
    if affected:
        for name in _changed_propagating(changed, header):
            if name in answered:
                continue
            caption = SegmentHeader._meta.get_field(name).verbose_name
            result.append(Question(name, str(UPDATE_LINES_QUESTION) % {"field": caption, "template": template}))
    return result


@dataclass
class SaveResult:
    lines_updated: int


@transaction.atomic
def save_with_propagation(
    *, header: SegmentHeader, expected_version: int, changed: list[str], answers: dict[str, bool]
) -> SaveResult:
    """Save the header; propagate each changed field whose question was answered Yes (one UPDATE per kind).

    Lines with another template than the header's are not touched (except by "apply the template to all").
    """
    save_header(segment=header, expected_version=expected_version)
    lock_segment(header)
    lines = SegmentLine.objects.filter(segment_id=header.pk)
    updated = 0
    campaign_ids: set[int] = set()
    if TEMPLATE in changed and answers.get(TEMPLATE):
        values = {_attname(line): _header_value(header, field) for line, field in TEMPLATE_LINE_VALUES.items()}
        if header.campaign_id:
            values["campaign_id"] = header.campaign_id
        template = header.interaction_template
        if template is not None:
            values["description"] = Case(
                When(description="", then=Value(template.description)), default=F("description")
            )
        campaign_ids |= _target_campaigns(lines) | {header.campaign_id}
        updated = lines.update(**values)
    fields = [name for name in _changed_propagating(changed, header) if answers.get(name)]
    if fields:
        matching = lines.filter(interaction_template_id=header.interaction_template_id)
        if "campaign" in fields or "campaign_target" in fields:
            campaign_ids |= _target_campaigns(matching, any_flag="campaign_target" in fields) | {header.campaign_id}
        values = {_attname(PROPAGATED[name]): _header_value(header, name) for name in fields}
        updated = max(updated, matching.update(**values))
    notify_targets_changed(campaign_ids)
    return SaveResult(lines_updated=updated)


def _attname(line_field: str) -> str:
    return SegmentLine._meta.get_field(line_field).attname


def _header_value(header: SegmentHeader, field: str):
    return getattr(header, SegmentHeader._meta.get_field(field).attname)


def _target_campaigns(lines: models.QuerySet, *, any_flag: bool = False) -> set[int]:
    """Campaigns of lines whose targets may change (all flagged lines, or every line when the flag itself changes)."""
    lines = lines if any_flag else lines.filter(campaign_target=True)
    return set(lines.filter(campaign__isnull=False).order_by().values_list("campaign_id", flat=True).distinct())
