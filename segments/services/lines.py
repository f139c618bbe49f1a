"""Segment headers and lines: create, edit, delete, InitLine, single add, removal and Campaign Target (DOMAIN 3.1, 3.3).

InitLine is one set of SQL expressions (`init_line_columns`) that every insert path selects with, so a
line added by hand, by Add Contacts or by Reuse Logged Segment gets exactly the same values.

Campaign targets: every operation here that changes which lines are Campaign Targets ends with
campaigns.signals.notify_targets_changed, and pricing then re-syncs the campaign target groups and locks the
campaign rows inside the caller's transaction (after the segment header lock, so the order is always the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.signals import notify_targets_changed
from contacts.models import Contact
from core.models import User
from core.services import assign_no, update_if_unchanged
from core.sql import delete_rows, insert_select
from interactions.models import InteractionTemplate
from salespeople.models import Salesperson
from segments.models import (
    LINE_NO_STEP,
    SegmentCriteriaAction,
    SegmentHeader,
    SegmentHistory,
    SegmentLine,
    SegmentLineTotal,
)
from segments.services.sql import delete_rows_campaigns, update_rows_campaigns

CONTACT_DOES_NOT_EXIST = _("The Contact does not exist. Identification fields and values: No.='%(no)s'")
CONTACT_PRIVACY_BLOCKED = _("You cannot use contact %(no)s because they are marked as blocked due to privacy.")
NO_LINES_SELECTED = _("Select the segment lines you want to remove.")
SEGMENT_EMPTY_RESET_QUESTION = _("Your Segment is now empty. Do you want to reset number of criteria actions?")

# Header fields the card edits (and the optimistic-locking save writes).
HEADER_FIELDS = [
    "description",
    "campaign",
    "salesperson",
    "date",
    "interaction_template",
    "interaction_group",
    "unit_cost",
    "unit_duration",
    "correspondence_type",
    "ignore_contact_corres_type",
    "campaign_target",
    "campaign_response",
    "information_flow",
    "initiated_by",
]

# What a header takes over from its Interaction Template when the template is validated (BC CopyFromTemplate).
TEMPLATE_DEFAULTS = {
    "interaction_group": "interaction_group",
    "unit_cost": "unit_cost",
    "unit_duration": "unit_duration",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "correspondence_type": "correspondence_type",
    "ignore_contact_corres_type": "ignore_contact_corres_type",
}

_ID = models.BigIntegerField()


@dataclass
class LockedSegment:
    """A segment header locked for the rest of the transaction, with the numbers new rows continue from."""

    header: SegmentHeader
    last_line_no: int
    last_action_no: int
    has_lines: bool


def lock_segment(segment: SegmentHeader) -> LockedSegment:
    """Lock the header row (serialising line changes of one segment), then read its last line and action numbers.

    Two statements on purpose: on PostgreSQL a SELECT … FOR UPDATE that waits for another transaction's
    lock still reads with the snapshot taken before it waited, so numbers read in the locking statement
    would predate the other transaction's lines. The second statement starts after the lock is ours and
    sees everything committed before it. Line numbers continue after both the lines and the history, so a
    line Go Back restores never collides.
    """
    header = (
        SegmentHeader.objects.select_for_update(of=("self",)).select_related("interaction_template").get(pk=segment.pk)
    )
    last_line = SegmentLine.objects.filter(segment=OuterRef("pk")).order_by("-line_no").values("line_no")[:1]
    last_history_line = SegmentHistory.objects.filter(segment=OuterRef("pk")).order_by("-line_no").values("line_no")[:1]
    last_action = (
        SegmentCriteriaAction.objects.filter(segment=OuterRef("pk")).order_by("-action_no").values("action_no")[:1]
    )
    numbers = (
        SegmentHeader.objects.filter(pk=segment.pk)
        .annotate(
            last_line_no=Coalesce(Subquery(last_line), 0),
            last_history_line_no=Coalesce(Subquery(last_history_line), 0),
            last_action_no=Coalesce(Subquery(last_action), 0),
            has_lines=Exists(SegmentLine.objects.filter(segment=OuterRef("pk"))),
        )
        .values("last_line_no", "last_history_line_no", "last_action_no", "has_lines")
        .get()
    )
    return LockedSegment(
        header=header,
        last_line_no=max(numbers["last_line_no"], numbers["last_history_line_no"]),
        last_action_no=numbers["last_action_no"],
        has_lines=numbers["has_lines"],
    )


# --- InitLine -----------------------------------------------------------------------------------


def init_line_columns(header: SegmentHeader, *, contact: str = "") -> dict[str, models.Expression]:
    """Return InitLine (BC Segment Line, Contact No. OnValidate) as SQL expressions per line column.

    `contact` is the path from the selected rows to the contact: "" when selecting contacts,
    "contact__" when selecting interaction log entries. Header values travel as parameters.
    """

    def from_contact(field: str) -> F:
        return F(f"{contact}{field}")

    template = header.interaction_template
    if header.ignore_contact_corres_type and header.correspondence_type:
        # (a) the header's default, when the header ignores the contact's type
        correspondence = Value(header.correspondence_type)
    elif template is not None and template.ignore_contact_corres_type:
        # (b) the template's default, when the template ignores the contact's type…
        correspondence = Value(template.correspondence_type)
    elif template is not None:
        # (b) …or when the contact has no type of its own; (c) otherwise the contact's type
        correspondence = Case(
            When(**{f"{contact}correspondence_type": ""}, then=Value(template.correspondence_type)),
            default=from_contact("correspondence_type"),
            output_field=models.CharField(),
        )
    else:
        correspondence = from_contact("correspondence_type")
    salesperson = (
        Value(header.salesperson_id, output_field=_ID) if header.salesperson_id else from_contact("salesperson_id")
    )
    return {
        "segment": Value(header.pk, output_field=_ID),
        "contact": from_contact("pk"),
        "contact_company": from_contact("company_id"),
        "campaign": Value(header.campaign_id, output_field=_ID),
        "salesperson": salesperson,
        "correspondence_type": correspondence,
        "interaction_template": Value(header.interaction_template_id, output_field=_ID),
        "interaction_group": Value(header.interaction_group_id, output_field=_ID),
        "cost": Value(header.unit_cost, output_field=models.DecimalField(max_digits=18, decimal_places=2)),
        "duration": Value(header.unit_duration, output_field=models.DecimalField(max_digits=18, decimal_places=0)),
        "campaign_target": Value(header.campaign_target),
        "campaign_response": Value(header.campaign_response),
        "information_flow": Value(header.information_flow),
        "initiated_by": Value(header.initiated_by),
        "evaluation": Value(""),
        "description": Value(header.description),
        "date": Value(header.date, output_field=models.DateField()),
        "time_of_interaction": Value(None, output_field=models.TimeField()),
        "attempt_failed": Value(False),
        "task": Value(None, output_field=_ID),
        "opportunity_no": Value(""),
    }


def insert_lines(
    *,
    locked: LockedSegment,
    source: models.QuerySet,
    contact: str = "",
    order_by: list,
    action_no: int | None,
    overrides: dict[str, models.Expression] | None = None,
) -> int:
    """INSERT … SELECT one initialised line per row of `source`, numbered on after the segment's last line."""
    columns = init_line_columns(locked.header, contact=contact)
    columns["line_no"] = ExpressionWrapper(
        Value(locked.last_line_no) + Window(RowNumber(), order_by=order_by) * Value(LINE_NO_STEP),
        output_field=models.BigIntegerField(),
    )
    columns["action_no"] = Value(action_no, output_field=models.IntegerField())
    columns.update(overrides or {})
    inserted = insert_select(model=SegmentLine, source=source, columns=columns)
    locked.last_line_no += inserted * LINE_NO_STEP
    locked.has_lines = locked.has_lines or inserted > 0
    return inserted


# Line order of Add Contacts: BC sorts the contacts by Company Name, Company No., Type, Name.
CONTACT_LINE_ORDER = [F("company_name").asc(), F("company_id").asc(), F("type").asc(), F("name").asc(), F("no").asc()]


# --- header -------------------------------------------------------------------------------------


def default_salesperson(user: User | None) -> Salesperson | None:
    """The salesperson linked to the user (BC User Setup), if any and not blocked."""
    if user is None or not user.is_authenticated:
        return None
    return Salesperson.objects.selectable().filter(user=user).first()


def apply_template_defaults(header: SegmentHeader, *, keep: set[str] = frozenset()) -> None:
    """Copy the header's template defaults into it (BC CopyFromTemplate), except the fields in `keep`.

    A template with a Campaign No. also sets the header's campaign, as BC's UpdateSegHeader does.
    Clearing the template clears the defaults it brought, but leaves the campaign alone.
    """
    template = header.interaction_template
    for header_field, template_field in TEMPLATE_DEFAULTS.items():
        if header_field in keep:
            continue
        attname = SegmentHeader._meta.get_field(header_field).attname
        if template is not None:
            value = getattr(template, InteractionTemplate._meta.get_field(template_field).attname)
        else:
            value = SegmentHeader._meta.get_field(header_field).get_default()
        setattr(header, attname, value)
    if template is not None and template.campaign_id and "campaign" not in keep:
        header.campaign_id = template.campaign_id


@transaction.atomic
def create_segment(*, header: SegmentHeader, user: User | None, manual_no: str = "") -> SegmentHeader:
    """Insert a segment header: No. from the Segment Nos. series, Date today, salesperson from the user.

    `header` carries what the user entered; a template fills the defaults the user left untouched.
    """
    header.no, header.no_series = assign_no(setup_field="segment_nos", manual_no=manual_no)
    if header.date is None:
        header.date = timezone.localdate()
    if header.salesperson_id is None:
        salesperson = default_salesperson(user)
        header.salesperson_id = salesperson.pk if salesperson else None
    header.full_clean(exclude=["no_series"])
    header.save()
    return header


@transaction.atomic
def delete_segment(*, segment: SegmentHeader) -> None:
    """Delete a segment with its criteria, history and lines; its tasks lose the link (BC OnDelete)."""
    delete_rows(SegmentCriteriaAction.objects.filter(segment=segment))
    delete_rows(SegmentHistory.objects.filter(segment=segment))
    removed = delete_rows_campaigns(SegmentLine.objects.filter(segment=segment))
    segment.delete()
    notify_targets_changed(removed.campaign_ids)


def save_header(*, segment: SegmentHeader, expected_version: int) -> None:
    """Write the card's header fields if nobody else saved the segment meanwhile (no line changes)."""
    update_if_unchanged(instance=segment, expected_version=expected_version, fields=HEADER_FIELDS)


# --- lines --------------------------------------------------------------------------------------


@transaction.atomic
def add_contact(*, segment: SegmentHeader, contact_no: str) -> SegmentLine:
    """Add one contact as a new line, initialised from the header and the contact (InitLine)."""
    contact = Contact.objects.filter(no=contact_no).first()
    if contact is None:
        raise ValidationError(CONTACT_DOES_NOT_EXIST, params={"no": contact_no}, code="contact_missing")
    if contact.privacy_blocked:
        raise ValidationError(CONTACT_PRIVACY_BLOCKED, params={"no": contact.no}, code="privacy_blocked")
    locked = lock_segment(segment)
    insert_lines(locked=locked, source=Contact.objects.filter(pk=contact.pk), order_by=[F("pk")], action_no=None)
    line = SegmentLine.objects.get(segment=segment, line_no=locked.last_line_no)
    if line.campaign_target:
        notify_targets_changed({line.campaign_id})
    return line


def _unlink_tasks(*, segment: SegmentHeader, removed: models.QuerySet) -> None:
    """Clear Segment No. on the segment's tasks whose contact is no longer on any remaining line (BC OnDelete)."""
    remaining = SegmentLine.objects.filter(segment=segment, contact_id=OuterRef("contact_id")).exclude(
        pk__in=removed.values("pk")
    )
    segment.tasks.filter(contact_id__in=removed.values("contact_id")).exclude(Exists(remaining)).update(segment=None)


@dataclass
class RemovalResult:
    removed: int
    segment_empty: bool
    criteria_reset: bool


def removal_empties_segment(*, segment: SegmentHeader, line_nos: list[int]) -> bool:
    """Whether removing these lines leaves the segment empty while it has more than one criteria action.

    That is when BC asks "Your Segment is now empty. Do you want to reset number of criteria actions?".
    """
    if segment.criteria_actions.count() <= 1:
        return False
    return not segment.lines.exclude(line_no__in=line_nos).exists()


@transaction.atomic
def remove_lines(*, segment: SegmentHeader, line_nos: list[int], reset_criteria: bool = False) -> RemovalResult:
    """Remove the chosen lines (no history: only criteria actions can be gone back on).

    With `reset_criteria`, an emptied segment also loses its criteria actions and history (BC's reset question).
    """
    if not line_nos:
        raise ValidationError(NO_LINES_SELECTED, code="no_lines")
    lock_segment(segment)
    removed_lines = SegmentLine.objects.filter(segment=segment, line_no__in=line_nos)
    _unlink_tasks(segment=segment, removed=removed_lines)
    written = delete_rows_campaigns(removed_lines)
    empty = not segment.lines.exists()
    reset = False
    if empty and reset_criteria and segment.criteria_actions.count() > 1:
        delete_rows(SegmentHistory.objects.filter(segment=segment))
        delete_rows(SegmentCriteriaAction.objects.filter(segment=segment))
        reset = True
    notify_targets_changed(written.campaign_ids)
    return RemovalResult(removed=written.count, segment_empty=empty, criteria_reset=reset)


@transaction.atomic
def set_line_campaign_target(*, line: SegmentLine, campaign_target: bool) -> SegmentLine:
    """Set or clear Campaign Target on one line (target-group maintenance via notify)."""
    changed = (
        SegmentLine.objects.filter(pk=line.pk)
        .exclude(campaign_target=campaign_target)
        .update(campaign_target=campaign_target)
    )
    line.campaign_target = campaign_target
    if changed:
        notify_targets_changed({line.campaign_id})
    return line


@transaction.atomic
def set_campaign_target(*, segment: SegmentHeader, lines: models.QuerySet, campaign_target: bool) -> int:
    """Set or clear Campaign Target on the given lines of the segment with one UPDATE; return lines changed."""
    lock_segment(segment)
    to_change = lines.filter(segment_id=segment.pk).exclude(campaign_target=campaign_target)
    changed = update_rows_campaigns(to_change, campaign_target=campaign_target)
    notify_targets_changed(changed.campaign_ids)
    return changed.count


LINE_TEMPLATE_FIELDS = [
    "interaction_group",
    "cost",
    "duration",
    "information_flow",
    "initiated_by",
    "campaign_target",
    "campaign_response",
    "correspondence_type",
]


def reinitialise_line(*, line: SegmentLine, header: SegmentHeader) -> None:
    """Re-run InitLine on an existing line for its (new) contact, with the same expressions as the inserts."""
    columns = init_line_columns(header)
    columns.pop("segment")
    aliases = {f"init_{name}": expression for name, expression in columns.items()}
    values = Contact.objects.filter(pk=line.contact_id).annotate(**aliases).values(*aliases).get()
    for name in columns:
        setattr(line, SegmentLine._meta.get_field(name).attname, values[f"init_{name}"])


def apply_line_template(
    *, line: SegmentLine, header: SegmentHeader, previous_correspondence: str, keep_description: bool = False
) -> None:
    """Validate a line's Interaction Template Code: reset and re-copy the template's values (BC table 5077).

    The template's description replaces the line's (DOMAIN 3.3: "if blank or template changed"), unless
    the user typed a description in the same edit (`keep_description`).
    """
    template = line.interaction_template
    line.interaction_group_id = None
    line.cost = Decimal(0)
    line.duration = Decimal(0)
    line.information_flow = line.initiated_by = line.correspondence_type = ""
    line.campaign_target = line.campaign_response = False
    if template is None:
        return
    contact = line.contact
    line.interaction_group_id = template.interaction_group_id
    if not keep_description or not line.description:
        line.description = template.description
    line.cost, line.duration = template.unit_cost, template.unit_duration
    line.information_flow, line.initiated_by = template.information_flow, template.initiated_by
    line.campaign_target, line.campaign_response = template.campaign_target, template.campaign_response
    if header.ignore_contact_corres_type and header.correspondence_type:
        line.correspondence_type = header.correspondence_type
    elif template.ignore_contact_corres_type or (not contact.correspondence_type and template.correspondence_type):
        line.correspondence_type = template.correspondence_type
    else:
        line.correspondence_type = contact.correspondence_type or previous_correspondence
    if header.campaign_id:
        line.campaign_id = header.campaign_id
    elif template.campaign_id:
        line.campaign_id = template.campaign_id


@transaction.atomic
def update_line(*, line: SegmentLine, original: SegmentLine, changed: list[str]) -> SegmentLine:
    """Save an edited line; a new contact re-initialises it, a new template re-copies the template's values.

    Campaign and Campaign Target changes keep the campaigns' target groups in step (notify old and new).
    """
    header = lock_segment(line.segment).header
    if "contact" in changed:
        if line.contact.privacy_blocked:
            raise ValidationError({"contact": ValidationError(CONTACT_PRIVACY_BLOCKED, params={"no": line.contact.no})})
        reinitialise_line(line=line, header=header)
    elif "interaction_template" in changed:
        apply_line_template(
            line=line,
            header=header,
            previous_correspondence=original.correspondence_type,
            keep_description="description" in changed,
        )
    line.full_clean(exclude=["segment", "line_no"])
    line.save()
    before = original.campaign_id if original.campaign_target else None
    after = line.campaign_id if line.campaign_target else None
    # The target is the contact's company, or a person without a company itself (DOMAIN A.4).
    target_before = original.contact_company_id or original.contact_id
    target_after = line.contact_company_id or line.contact_id
    if before != after or (before and target_before != target_after):
        notify_targets_changed({before, after})
    return line


def line_totals(segment: SegmentHeader) -> dict:
    """No. of Lines, lines with Campaign Target, Cost (LCY) and Duration (Min.): the segment's line totals,
    kept by triggers in the statements that write lines (segments.models.SegmentLineTotal), one row to read."""
    total = SegmentLineTotal.objects.filter(segment=segment).values(
        "no_of_lines", "no_of_targets", "cost", "duration"
    ).first() or {"no_of_lines": 0, "no_of_targets": 0, "cost": 0, "duration": 0}
    return {
        "no_of_lines": total["no_of_lines"],
        "no_of_targets": total["no_of_targets"],
        "cost": Decimal(total["cost"]),
        "duration": Decimal(total["duration"]),
    }
