"""Creating opportunities (OPPORTUNITIES.md §4.4–§4.6): the card's New, the Create Opportunity wizard, and the
segment, segment line and interaction log entry paths.

One opportunity is an ordinary insert. A segment's opportunities (one per contact line, privacy-blocked
contacts left out) are set-based: one block of numbers, then one INSERT … SELECT for the opportunities, one
for their first-stage entries and one per activity step for their tasks, whatever the segment's size. The
first-stage figures are computed once by update_estimates: every opportunity of the run gets the same.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.dateformula import DateFormulaError, calc_date
from core.models import MarketingSetup
from core.services import assign_no, assign_nos, nos_expression
from core.sql import insert_select
from interactions.models import InteractionLogEntry
from opportunities.models import Opportunity, OpportunityEntry, SalesCycle, SalesCycleStage
from opportunities.services import messages
from opportunities.services.wizards import (
    activate_first_stage,
    first_stage,
    first_stage_entry,
    must_be_positive,
    must_fill_in,
)
from salespeople.models import Salesperson
from segments.models import SegmentHeader, SegmentLine
from tasks.models import Task, TaskType

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class OpportunityValues:
    """The Create Opportunity wizard's (and the card's) values."""

    description: str = ""
    creation_date: datetime.date | None = None
    priority: str = Opportunity.Priority.NORMAL
    contact: Contact | None = None
    salesperson: Salesperson | None = None
    sales_cycle: SalesCycle | None = None
    campaign: Campaign | None = None
    segment: SegmentHeader | None = None
    sales_quote_no: str = ""


@dataclass
class FirstStage:
    """The wizard's "Activate the First Stage." with its estimates."""

    estimated_value: Decimal | None = None
    chances_of_success_pct: Decimal | None = None
    estimated_close_date: datetime.date | None = None


@dataclass(frozen=True)
class SegmentCreation:
    """What a segment run created: the opportunities (first and last No.), their entries and tasks."""

    count: int
    first_no: str = ""
    last_no: str = ""
    entries: int = 0
    tasks: int = 0
    skipped_privacy_blocked: int = 0
    already_done: bool = False


def default_sales_cycle() -> SalesCycle | None:
    """BC's SetDefaultSalesCycle: Marketing Setup's Default Sales Cycle Code, unless it is blocked."""
    cycle = MarketingSetup.get().default_sales_cycle
    return cycle if cycle is not None and not cycle.blocked else None


def salesperson_of(user) -> Salesperson | None:
    """The user's own salesperson (BC's User Setup), when the user has one."""
    return Salesperson.objects.filter(user=user).first() if user is not None and user.is_authenticated else None


def wizard_defaults(
    *,
    today: datetime.date,
    contact: Contact | None = None,
    salesperson: Salesperson | None = None,
    campaign: Campaign | None = None,
    segment: SegmentHeader | None = None,
    user=None,
) -> OpportunityValues:
    """The wizard's defaults from where it was started (§4.5; later wins): contact, salesperson, campaign, segment."""
    values = OpportunityValues(creation_date=today, sales_cycle=default_sales_cycle(), salesperson=salesperson_of(user))
    if contact is not None:
        values.contact = contact
        values.salesperson = contact.salesperson or values.salesperson
    if salesperson is not None:
        values.salesperson = salesperson
    if campaign is not None:
        values.campaign = campaign
        values.salesperson = campaign.salesperson or values.salesperson
        values.description = values.description or campaign.description
    if segment is not None:
        values.segment = segment
        values.campaign = segment.campaign or values.campaign
        values.salesperson = segment.salesperson or values.salesperson
        values.description = segment.description or values.description
    return values


def check_values(values: OpportunityValues, first: FirstStage | None) -> None:
    """The wizard's Finish checks in BC's order (§4.5), with A.11's Contact and Salesperson on every opportunity."""
    if values.creation_date is None:
        raise must_fill_in("creation_date", _("Creation Date"))
    if not values.description.strip():
        raise must_fill_in("description", _("Description"))
    if values.segment is None and values.contact is None:
        raise ValidationError({"contact": ValidationError(messages.CONTACT_REQUIRED, code="required")})
    if values.salesperson is None:
        raise must_fill_in("salesperson", _("Salesperson Code"))
    if values.sales_cycle is None:
        raise must_fill_in("sales_cycle", _("Sales Cycle Code"))
    if first is not None:
        if first.estimated_value is None or first.estimated_value <= 0:
            raise must_be_positive("estimated_value", "Wizard Estimated Value (LCY)")
        if first.chances_of_success_pct is None or first.chances_of_success_pct <= 0:
            raise must_be_positive("chances_of_success_pct", "Wizard Chances of Success %")
        if first.estimated_close_date is None:
            raise must_fill_in("estimated_close_date", _("Wizard Estimated Closing Date"))
        if first.estimated_close_date < values.creation_date:
            raise ValidationError(
                {"estimated_close_date": ValidationError(messages.CLOSE_DATE_BEFORE_WORKDATE, code="close_date")}
            )
    check_references(values)


def check_references(values: OpportunityValues) -> None:
    """Contacts blocked for privacy, blocked salespeople and blocked cycles cannot be put on an opportunity."""
    if values.contact is not None and values.contact.privacy_blocked:
        raise ValidationError(
            {
                "contact": ValidationError(
                    messages.CONTACT_PRIVACY_BLOCKED, params={"no": values.contact.no}, code="privacy"
                )
            }
        )
    if values.salesperson is not None and (values.salesperson.blocked or values.salesperson.privacy_blocked):
        raise ValidationError(
            {
                "salesperson": ValidationError(
                    messages.SALESPERSON_BLOCKED, params={"code": values.salesperson.code}, code="blocked"
                )
            }
        )
    if values.sales_cycle is not None and values.sales_cycle.blocked:
        raise ValidationError(
            {
                "sales_cycle": ValidationError(
                    messages.CYCLE_BLOCKED, params={"code": values.sales_cycle.code}, code="blocked"
                )
            }
        )
    if (
        values.segment is not None
        and values.campaign is not None
        and values.segment.campaign_id not in (None, values.campaign.pk)
    ):
        raise ValidationError(
            {
                "segment": ValidationError(
                    messages.SEGMENT_OTHER_CAMPAIGN,
                    params={
                        "campaign": values.campaign.no,
                        "segment": values.segment.no,
                        "current": values.segment.campaign.no,
                    },
                    code="segment_campaign",
                )
            }
        )


def _insert_one(values: OpportunityValues, *, manual_no: str = "", creation_id: uuid.UUID | None = None) -> Opportunity:
    no, series = assign_no(setup_field="opportunity_nos", manual_no=manual_no)
    return Opportunity.objects.create(
        no=no,
        no_series=series,
        description=values.description.strip(),
        creation_date=values.creation_date,
        priority=values.priority,
        contact=values.contact,
        contact_company_id=values.contact.company_id,
        salesperson=values.salesperson,
        sales_cycle=values.sales_cycle,
        campaign=values.campaign,
        segment=values.segment,
        sales_quote_no=values.sales_quote_no,
        creation_id=creation_id,
    )


@transaction.atomic
def create_opportunity(
    *,
    values: OpportunityValues,
    first: FirstStage | None = None,
    manual_no: str = "",
    today: datetime.date,
    creation_id: uuid.UUID | None = None,
) -> Opportunity:
    """Create one opportunity (the card's New or the wizard without a segment), with its first stage if asked."""
    if creation_id is not None and (done := Opportunity.objects.filter(creation_id=creation_id).first()):
        return done
    if values.segment is not None and values.campaign is None:
        values.campaign = values.segment.campaign  # A.11: the campaign defaults from the segment on every path
    check_values(values, first)
    if values.contact is None:
        raise ValidationError({"contact": ValidationError(messages.CONTACT_REQUIRED, code="required")})
    opportunity = _insert_one(values, manual_no=manual_no, creation_id=creation_id)
    if first is not None:
        activate_first_stage(
            opportunity=opportunity,
            today=today,
            estimated_value=first.estimated_value,
            chances_of_success_pct=first.chances_of_success_pct,
            estimated_close_date=first.estimated_close_date,
        )
        opportunity.refresh_from_db()
    return opportunity


def _fallback_salesperson(*candidates: Salesperson | None) -> Salesperson | None:
    return next((candidate for candidate in candidates if candidate is not None), None)


@transaction.atomic
def create_from_segment_line(*, line: SegmentLine, today: datetime.date, user=None) -> Opportunity:
    """BC's CreateFromSegmentLine: a Not Started opportunity for the line's contact, with the line's values."""
    segment = line.segment
    values = OpportunityValues(
        description=line.description or segment.description or line.contact.name,
        creation_date=today,
        contact=line.contact,
        salesperson=_fallback_salesperson(line.salesperson, segment.salesperson, salesperson_of(user)),
        sales_cycle=default_sales_cycle(),
        campaign=line.campaign or segment.campaign,
        segment=segment,
    )
    return _create_not_started(values)


@transaction.atomic
def create_from_interaction(*, entry: InteractionLogEntry, today: datetime.date, user=None) -> Opportunity:
    """BC's CreateFromInteractionLogEntry: a Not Started opportunity; the entry then carries its No."""
    entry = (
        InteractionLogEntry.objects.select_for_update(of=("self",))
        .select_related("contact", "campaign", "salesperson")
        .get(pk=entry.pk)
    )
    if entry.canceled:
        raise ValidationError(messages.INTERACTION_CANCELED, params={"no": entry.pk}, code="canceled")
    if entry.opportunity_no:
        raise ValidationError(
            messages.INTERACTION_HAS_OPPORTUNITY,
            params={"no": entry.pk, "opportunity": entry.opportunity_no},
            code="linked",
        )
    segment = SegmentHeader.objects.filter(no=entry.segment_no).first() if entry.segment_no else None
    values = OpportunityValues(
        description=entry.description or entry.contact.name,
        creation_date=today,
        contact=entry.contact,
        salesperson=_fallback_salesperson(entry.salesperson, entry.contact.salesperson, salesperson_of(user)),
        sales_cycle=default_sales_cycle(),
        campaign=entry.campaign,
        segment=segment if segment is not None and segment.campaign_id in (None, entry.campaign_id) else None,
    )
    opportunity = _create_not_started(values)
    InteractionLogEntry.objects.filter(pk=entry.pk).update(opportunity_no=opportunity.no)
    return opportunity


def _create_not_started(values: OpportunityValues) -> Opportunity:
    if values.salesperson is None:
        raise must_fill_in("salesperson", _("Salesperson Code"))
    check_references(values)
    return _insert_one(values)


# --- a segment's opportunities, set-based ---------------------------------------------------------------------


def segment_lines(segment: SegmentHeader) -> models.QuerySet[SegmentLine]:
    """The lines that get an opportunity: those with a contact that is not blocked for privacy."""
    return SegmentLine.objects.filter(segment=segment, contact__privacy_blocked=False)


def segment_count(segment: SegmentHeader) -> tuple[int, int]:
    """(opportunities a run would create, privacy-blocked contacts left out), in one query."""
    figures = SegmentLine.objects.filter(segment=segment).aggregate(
        eligible=models.Count("pk", filter=models.Q(contact__privacy_blocked=False)),
        blocked=models.Count("pk", filter=models.Q(contact__privacy_blocked=True)),
    )
    return figures["eligible"], figures["blocked"]


def check_segment_not_empty(segment: SegmentHeader) -> None:
    if not SegmentLine.objects.filter(segment=segment).exists():
        raise ValidationError(messages.EMPTY_SEGMENT, code="empty_segment")


def _defaults(model: type[models.Model]) -> dict[str, Value]:
    """Every column of `model` with its field default, so an INSERT … SELECT names them all."""
    return {
        field.name: Value(field.get_default(), output_field=field)
        for field in model._meta.concrete_fields
        if not field.primary_key
    }


def _already_created(creation_id: uuid.UUID) -> SegmentCreation | None:
    created = Opportunity.objects.filter(creation_id=creation_id)
    figures = created.aggregate(count=models.Count("pk"), first=models.Min("no"), last=models.Max("no"))
    if not figures["count"]:
        return None
    return SegmentCreation(
        count=figures["count"], first_no=figures["first"], last_no=figures["last"], already_done=True
    )


def _insert_opportunities(
    lines: models.QuerySet[SegmentLine], *, count: int, columns: dict, creation_id: uuid.UUID
) -> tuple[str, str]:
    nos, series = assign_nos(setup_field="opportunity_nos", count=count)
    position = models.Window(RowNumber(), order_by=F("line_no").asc()) - Value(1)
    insert_select(
        model=Opportunity,
        source=lines,
        columns={
            **_defaults(Opportunity),
            "no": nos_expression(first_no=nos[0], increment_by=series.increment_by, position=position),
            "no_series": Value(series.pk),
            "contact": F("contact_id"),
            "contact_company": F("contact_company_id"),
            "creation_id": Value(creation_id, output_field=models.UUIDField()),
            **columns,
        },
    )
    return nos[0], nos[-1]


def _insert_first_stage(
    created: models.QuerySet[Opportunity],
    *,
    sample: Opportunity,
    stage: SalesCycleStage,
    first: FirstStage,
    today: datetime.date,
) -> int:
    entry = first_stage_entry(
        sample,
        stage,
        today=today,
        estimated_value=first.estimated_value,
        chances_of_success_pct=first.chances_of_success_pct,
        estimated_close_date=first.estimated_close_date,
    )
    figures = {
        name: Value(getattr(entry, name), output_field=OpportunityEntry._meta.get_field(name))
        for name in [
            "sales_cycle_stage",
            "date_of_change",
            "action_taken",
            "estimated_value",
            "calcd_current_value",
            "completed_pct",
            "chances_of_success_pct",
            "probability_pct",
            "estimated_close_date",
        ]
    }
    return insert_select(
        model=OpportunityEntry,
        source=created,
        columns={
            **_defaults(OpportunityEntry),
            "opportunity": F("id"),
            "sales_cycle": F("sales_cycle_id"),
            "sales_cycle_stage_description": Value(stage.description),
            "contact": F("contact_id"),
            "contact_company": F("contact_company_id"),
            "salesperson": F("salesperson_id"),
            "campaign": F("campaign_id"),
            "active": Value(True),
            **figures,
        },
    )


def _step_rows(stage: SalesCycleStage, date_of_change: datetime.date) -> list[dict]:
    """What each task of the stage's activity gets (as Assign Activity would: DOMAIN 7.4)."""
    activity = stage.activity
    steps = list(activity.steps.order_by("step_no"))
    if not steps:
        return [
            {"type": TaskType.BLANK, "priority": "normal", "description": activity.description, "date": date_of_change}
        ]
    rows = []
    for step in steps:
        try:
            date = calc_date(step.date_formula, date_of_change)
        except (DateFormulaError, OverflowError, ValueError) as exc:
            raise ValidationError({"date": ValidationError(str(exc), code="date_formula")}) from None
        rows.append({"type": step.type, "priority": step.priority, "description": step.description, "date": date})
    return rows


def _insert_stage_tasks(
    entries: models.QuerySet[OpportunityEntry], *, count: int, stage: SalesCycleStage, today: datetime.date
) -> int:
    if stage.activity is None or not count:
        return 0
    rows = _step_rows(stage, today)
    nos, series = assign_nos(setup_field="task_nos", count=count * len(rows))
    task = Task._meta.get_field
    position = models.Window(RowNumber(), order_by=F("opportunity__no").asc()) - Value(1)
    inserted = 0
    for index, row in enumerate(rows):
        meeting = row["type"] == TaskType.MEETING
        inserted += insert_select(
            model=Task,
            source=entries,
            columns={
                **_defaults(Task),
                "no": nos_expression(
                    first_no=nos[0],
                    increment_by=series.increment_by,
                    position=position * Value(len(rows)) + Value(index),
                ),
                "no_series": Value(series.pk),
                "type": Value(row["type"]),
                "description": Value(row["description"], output_field=task("description")),
                "priority": Value(row["priority"]),
                "date": Value(row["date"], output_field=task("date")),
                "duration": Value(ONE_DAY, output_field=task("duration")),
                "all_day_event": Value(meeting),
                "salesperson": F("salesperson_id"),
                "contact": F("contact_id"),
                "contact_company": F("contact_company_id"),
                "campaign": F("campaign_id"),
                "segment": F("opportunity__segment_id"),
                "opportunity_no": F("opportunity__no"),
                "opportunity_entry_no": F("id"),
                "activity": Value(stage.activity_id),
                "last_date_modified": Value(today, output_field=task("last_date_modified")),
            },
        )
    return inserted


@transaction.atomic
def create_for_segment(
    *,
    values: OpportunityValues,
    first: FirstStage | None,
    today: datetime.date,
    creation_id: uuid.UUID,
    progress: Callable[[int], None] | None = None,
) -> SegmentCreation:
    """The Create Opportunity wizard on a segment, after the user's Yes: one opportunity per contact line.

    Contact and Contact Company come from each line, everything else (the salesperson too) from the wizard;
    with "Activate the First Stage." each gets its first-stage entry and the stage's tasks. Running it again
    with the same `creation_id` creates nothing and returns what the first run created.
    """
    if done := _already_created(creation_id):
        return done
    segment = values.segment
    check_segment_not_empty(segment)
    check_values(values, first)
    lines = segment_lines(segment)
    count, skipped = segment_count(segment)
    stage = first_stage(Opportunity(sales_cycle=values.sales_cycle)) if first is not None else None
    if not count:
        return SegmentCreation(count=0, skipped_privacy_blocked=skipped)
    first_no, last_no = _insert_opportunities(
        lines,
        count=count,
        creation_id=creation_id,
        columns={
            "description": Value(values.description.strip()),
            "creation_date": Value(values.creation_date),
            "priority": Value(values.priority),
            "salesperson": Value(values.salesperson.pk),
            "sales_cycle": Value(values.sales_cycle.pk),
            "campaign": Value(values.campaign.pk if values.campaign else None, output_field=models.BigIntegerField()),
            "segment": Value(segment.pk),
            "status": Value(Opportunity.Status.IN_PROGRESS if first else Opportunity.Status.NOT_STARTED),
        },
    )
    if progress:
        progress(40)
    entries = tasks = 0
    if first is not None:
        created = Opportunity.objects.filter(creation_id=creation_id)
        sample = Opportunity(sales_cycle=values.sales_cycle)
        entries = _insert_first_stage(created, sample=sample, stage=stage, first=first, today=today)
        if progress:
            progress(70)
        tasks = _insert_stage_tasks(
            OpportunityEntry.objects.filter(opportunity__creation_id=creation_id), count=count, stage=stage, today=today
        )
    return SegmentCreation(
        count=count, first_no=first_no, last_no=last_no, entries=entries, tasks=tasks, skipped_privacy_blocked=skipped
    )


@transaction.atomic
def create_not_started_for_segment(
    *, segment: SegmentHeader, today: datetime.date, creation_id: uuid.UUID, user=None
) -> SegmentCreation:
    """The segment action "Create opportunities": a Not Started opportunity per contact line (CreateFromSegmentLine).

    Each takes the line's description, salesperson and campaign (the segment's, then the user's, when the
    line has none: every opportunity has a salesperson, DOMAIN A.11).
    """
    if done := _already_created(creation_id):
        return done
    check_segment_not_empty(segment)
    lines = segment_lines(segment)
    fallback = _fallback_salesperson(segment.salesperson, salesperson_of(user))
    if fallback is None and lines.filter(salesperson__isnull=True).exists():
        raise must_fill_in("salesperson", _("Salesperson Code"))
    cycle = default_sales_cycle()
    count, skipped = segment_count(segment)
    if not count:
        return SegmentCreation(count=0, skipped_privacy_blocked=skipped)
    null_id = Value(None, output_field=models.BigIntegerField())
    first_no, last_no = _insert_opportunities(
        lines,
        count=count,
        creation_id=creation_id,
        columns={
            "description": models.Case(
                models.When(description="", then=Value(segment.description or "")), default=F("description")
            ),
            "creation_date": Value(today),
            "salesperson": models.functions.Coalesce(F("salesperson_id"), Value(fallback.pk) if fallback else null_id),
            "sales_cycle": Value(cycle.pk) if cycle else null_id,
            "campaign": models.functions.Coalesce(
                F("campaign_id"), Value(segment.campaign_id) if segment.campaign_id else null_id
            ),
            "segment": Value(segment.pk),
            "status": Value(Opportunity.Status.NOT_STARTED),
        },
    )
    return SegmentCreation(count=count, first_no=first_no, last_no=last_no, skipped_privacy_blocked=skipped)
