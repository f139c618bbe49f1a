"""The entry ledger (BC InsertEntry, CreateTask, OnInsert; OPPORTUNITIES.md §6.1, §6.2, §6.5).

Every change of an opportunity goes through `insert_entry`: the active entry is closed with its Days Open,
the new one becomes the only active entry (a partial unique index guarantees it), old tasks are canceled
and the stage's activity becomes tasks, and the opportunity's Status follows the new entry.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from core.services import RECORD_CHANGED
from opportunities.models import Opportunity, OpportunityEntry, SalesCycleStage
from tasks.models import Task
from tasks.services import TaskValues, assign_activity

Action = OpportunityEntry.ActionTaken
CLOSING_ACTIONS = {Action.WON, Action.LOST}
ONE_DAY = datetime.timedelta(days=1)


def lock_opportunity(opportunity: Opportunity, *, expected_version: int | None = None) -> Opportunity:
    """Lock the opportunity's row for the change; refuse when someone changed it since the user's page was built."""
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(RECORD_CHANGED, params={"model": Opportunity._meta.verbose_name}, code="record_changed")
    return locked


def cancel_open_tasks(opportunity: Opportunity, *, today: datetime.date) -> int:
    """Cancel every open task of the opportunity (organizer, team, attendee tasks alike); return how many."""
    return Task.objects.filter(opportunity_no=opportunity.no, closed=False, canceled=False).update(
        recurring=False,
        canceled=True,
        closed=True,
        status=Task.Status.COMPLETED,
        date_closed=today,
        last_date_modified=today,
        version=F("version") + 1,
    )


def create_stage_tasks(
    opportunity: Opportunity, entry: OpportunityEntry, stage: SalesCycleStage, *, today: datetime.date
) -> int:
    """Assign the stage's activity for the entry's salesperson and contact, dated from the Date of Change.

    The opportunity's segment is written on the tasks afterwards: handed to Assign Activity it would create
    tasks for every contact of the segment, where BC creates them for the opportunity's contact only.
    """
    if stage.activity is None:
        return 0
    values = TaskValues(
        date=entry.date_of_change,
        description=stage.activity.description,
        salesperson=entry.salesperson,
        contact=entry.contact,
        campaign=entry.campaign,
        opportunity_no=opportunity.no,
        activity=stage.activity,
        duration=ONE_DAY,
    )
    result = assign_activity(values=values, today=today)
    created = Task.objects.filter(pk__in=[task.pk for task in result.heads]) | Task.objects.filter(
        organizer_task__in=[task.pk for task in result.heads]
    )
    created.update(segment_id=opportunity.segment_id, opportunity_entry_no=entry.pk)
    return result.count


@transaction.atomic
def insert_entry(
    *,
    opportunity: Opportunity,
    entry: OpportunityEntry,
    stage: SalesCycleStage | None,
    cancel_old_tasks: bool,
    create_new_tasks: bool,
    today: datetime.date,
) -> OpportunityEntry:
    """Append `entry` as the opportunity's active entry and apply its consequences (the caller holds the row lock)."""
    previous = OpportunityEntry.objects.select_for_update().filter(opportunity=opportunity, active=True).first()
    if previous is not None:
        previous.active = False
        previous.days_open = max((entry.date_of_change - previous.date_of_change).days, 0)
        previous.save(update_fields=["active", "days_open"])
    entry.opportunity = opportunity
    entry.active = True
    entry.days_open = 0
    if entry.action_taken in CLOSING_ACTIONS:
        entry.sales_cycle_stage = 0
        entry.date_closed = entry.estimated_close_date = entry.date_of_change
        opportunity.status = Opportunity.Status.WON if entry.action_taken == Action.WON else Opportunity.Status.LOST
        opportunity.closed, opportunity.date_closed = True, entry.date_of_change
    else:
        entry.sales_cycle_stage_description = stage.description if stage else ""
        opportunity.status = Opportunity.Status.IN_PROGRESS
    entry.save()
    Opportunity.objects.filter(pk=opportunity.pk).update(
        status=opportunity.status,
        closed=opportunity.closed,
        date_closed=opportunity.date_closed,
        version=F("version") + 1,
    )
    opportunity.version += 1
    if cancel_old_tasks:
        cancel_open_tasks(opportunity, today=today)
    if create_new_tasks and stage is not None:
        create_stage_tasks(opportunity, entry, stage, today=today)
    return entry


def new_entry(
    opportunity: Opportunity, *, date_of_change: datetime.date, previous: OpportunityEntry | None
) -> OpportunityEntry:
    """An entry prefilled as BC's Opportunity No. validation does: copies of the opportunity and its active entry."""
    entry = OpportunityEntry(
        opportunity=opportunity,
        sales_cycle_id=opportunity.sales_cycle_id,
        contact_id=opportunity.contact_id,
        contact_company_id=opportunity.contact_company_id,
        salesperson_id=opportunity.salesperson_id,
        campaign_id=opportunity.campaign_id,
        date_of_change=date_of_change,
    )
    if previous is not None:
        entry.estimated_value = previous.estimated_value
        entry.chances_of_success_pct = previous.chances_of_success_pct
        entry.estimated_close_date = previous.estimated_close_date
        entry.previous_sales_cycle_stage = previous.sales_cycle_stage
        entry.calcd_current_value = previous.calcd_current_value
    return entry
