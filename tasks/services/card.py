"""The task card's rules (DOMAIN 7.3): closing, canceling, reopening, Completed By, recurring copies,
editing with BC's validations and the reassignments between a salesperson and a team.

Every write checks the version the user saw (optimistic locking) and then copies the organizer's fields
onto its per-member and attendee tasks, as BC's OnModify does.

Decisions where BC is unclear or inconsistent:
- A recurring copy is made from the organizer task (a salesperson's task or the team task, which brings
  new per-member tasks). Closing one member's task of a recurring team task closes only that task and
  makes no copy (in BC it would create a whole new team task per member closing it).
- Setting Status on the card to Completed closes the task (Date Closed, Completed By check, recurring
  copy) and setting it away from Completed reopens it; the question about an interaction is asked by
  the Close action.
- The salesperson and team of a per-member or attendee task are managed through its team task.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from core.dateformula import DateFormulaError, calc_date
from core.services import assign_nos, update_if_unchanged
from salespeople.models import Salesperson, Team
from tasks.models import Task, TaskType
from tasks.services import messages
from tasks.services.common import (
    COPIED_FIELDS,
    STATE_FIELDS,
    ConfirmationRequired,
    active_opportunity_entry_no,
    check_contact,
    check_date,
    check_duration,
    check_salesperson,
    propagate_to_sub_tasks,
    sub_tasks_for,
    task_state,
)

CARD_FIELDS = [
    "type",
    "description",
    "date",
    "start_time",
    "duration",
    "all_day_event",
    "location",
    "status",
    "priority",
    "salesperson",
    "team",
    "contact",
    "campaign",
    "segment",
    "opportunity_no",
    "opportunity_entry_no",
    "recurring",
    "recurring_date_interval",
    "calc_due_date_from",
]


@dataclass
class TaskChangeResult:
    """What happened besides the change itself, for the messages the user sees."""

    recurring_task: Task | None = None
    closed: bool = False
    reopened: bool = False
    messages: list[str] = field(default_factory=list)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _save(
    task: Task, *, expected_version: int, fields: list[str], today: datetime.date, state_changed: bool = True
) -> None:
    """Store the task and copy it onto its sub-tasks; their state only when the task's state changed."""
    task.last_date_modified = today
    update_if_unchanged(instance=task, expected_version=expected_version, fields=[*fields, "last_date_modified"])
    propagate_to_sub_tasks(task, with_state=state_changed)


def _members(team: Team | None) -> list[Salesperson]:
    return list(team.ordered_members().filter(blocked=False, privacy_blocked=False)) if team else []


def _meeting_organizer(task: Task) -> Salesperson | None:
    sub = task.sub_tasks.filter(system_task_type=Task.SystemTaskType.ORGANIZER).select_related("salesperson").first()
    return sub.salesperson if sub else None


def _insert_sub_tasks(head: Task, subs: list[Task]) -> None:
    if not subs:
        return
    nos, series = assign_nos(setup_field="task_nos", count=len(subs))
    for sub, no in zip(subs, nos, strict=True):
        sub.no, sub.no_series_id, sub.organizer_task_id = no, series.pk, head.pk
    Task.objects.bulk_create(subs)


# --- closing, recurring copy -------------------------------------------------------------------


def check_can_close(task: Task, *, completed_by: Salesperson | None = None) -> None:
    """A task assigned to a team can only be closed (not canceled) with Completed By filled in."""
    if not task.canceled and task.team_id and completed_by is None and task.completed_by_id is None:
        raise ValidationError({"completed_by": ValidationError(messages.COMPLETED_BY_REQUIRED, code="completed_by")})


def _apply_close(task: Task, *, today: datetime.date, result: TaskChangeResult) -> None:
    """BC's Validate(Closed, true) on the in-memory row: checks, state, and the recurring copy."""
    check_can_close(task)
    task.closed = True
    task.date_closed = today
    task.status = Task.Status.COMPLETED
    result.closed = True
    if task.recurring and not task.is_sub_task:
        result.recurring_task = _create_recurring_copy(task, today=today)
        result.messages.append(str(messages.RECURRING_TASK_CREATED % {"new": result.recurring_task.no, "old": task.no}))


def _apply_reopen(task: Task, result: TaskChangeResult) -> None:
    """BC's Validate(Closed, false): not canceled, no Date Closed, Completed → In Progress, no Completed By."""
    task.closed = False
    task.canceled = False
    task.date_closed = None
    if task.status == Task.Status.COMPLETED:
        task.status = Task.Status.IN_PROGRESS
    task.completed_by = None
    result.reopened = True


# An interval of zero (0D, 0W+0D): the next task would fall on the same date, again and again.
ZERO_FORMULA = re.compile(r"[+-]?0+(?:D|WD|W|M|Q|Y)(?:[+-]0+(?:D|WD|W|M|Q|Y))*")


def _create_recurring_copy(task: Task, *, today: datetime.date) -> Task:
    """The next task of a recurring series: Not Started, open, dated by the Recurring Date Interval."""
    if not task.recurring_date_interval or ZERO_FORMULA.fullmatch(task.recurring_date_interval.strip("<>")):
        raise ValidationError(messages.RECURRING_INTERVAL_REQUIRED, params={"no": task.no}, code="recurring")
    if not task.calc_due_date_from:
        raise ValidationError(messages.CALC_DUE_DATE_FROM_REQUIRED, code="recurring")
    base = task.date if task.calc_due_date_from == Task.CalcDueDateFrom.DUE_DATE else today
    try:
        new_date = calc_date(task.recurring_date_interval, base)
    except DateFormulaError as exc:
        raise ValidationError(str(exc), code="date_formula") from None
    check_date(new_date)
    copy = Task(**{name: getattr(task, name) for name in COPIED_FIELDS})
    copy.salesperson_id = task.salesperson_id
    copy.system_task_type = task.system_task_type
    copy.date = new_date
    copy.status, copy.closed, copy.canceled = Task.Status.NOT_STARTED, False, False
    copy.date_closed, copy.completed_by_id = None, None
    copy.last_date_modified = today
    nos, series = assign_nos(setup_field="task_nos", count=1)
    copy.no, copy.no_series_id = nos[0], series.pk
    copy.save(force_insert=True)
    if task.is_team_task:
        organizer = _meeting_organizer(task) if task.type == TaskType.MEETING else None
        has_attendee = task.sub_tasks.filter(system_task_type=Task.SystemTaskType.CONTACT_ATTENDEE).exists()
        subs = sub_tasks_for(
            copy, members=_members(task.team), meeting_organizer=organizer, contact_attendee=has_attendee
        )
        _insert_sub_tasks(copy, subs)
    return copy


@transaction.atomic
def close_task(
    *,
    task: Task,
    expected_version: int,
    completed_by: Salesperson | None = None,
    today: datetime.date | None = None,
) -> TaskChangeResult:
    """Close a task (Date Closed today, Status Completed); a team task needs Completed By."""
    today = _today(today)
    result = TaskChangeResult()
    if task.closed:
        return result
    if completed_by is not None:
        check_salesperson(completed_by, field="completed_by", caption=_("Completed By"))
        task.completed_by = completed_by
    _apply_close(task, today=today, result=result)
    _save(task, expected_version=expected_version, fields=STATE_FIELDS, today=today)
    return result


@transaction.atomic
def cancel_task(*, task: Task, expected_version: int, today: datetime.date | None = None) -> TaskChangeResult:
    """Cancel an open task: it is closed without the interaction question; a recurring task still recurs."""
    today = _today(today)
    result = TaskChangeResult()
    if task.canceled:
        return result
    task.canceled = True
    if not task.closed:
        _apply_close(task, today=today, result=result)
    _save(task, expected_version=expected_version, fields=STATE_FIELDS, today=today)
    return result


@transaction.atomic
def reopen_task(*, task: Task, expected_version: int, today: datetime.date | None = None) -> TaskChangeResult:
    """Reopen a closed or canceled task."""
    today = _today(today)
    result = TaskChangeResult()
    if not task.closed:
        return result
    _apply_reopen(task, result)
    _save(task, expected_version=expected_version, fields=STATE_FIELDS, today=today)
    return result


@transaction.atomic
def set_completed_by(
    *,
    task: Task,
    expected_version: int,
    salesperson: Salesperson,
    close: bool,
    today: datetime.date | None = None,
) -> TaskChangeResult:
    """Fill in Completed By. From blank BC asks "Do you want to close the Task?": `close` is the answer.

    Yes closes the task; No leaves Completed By blank, so nothing changes.
    """
    today = _today(today)
    result = TaskChangeResult()
    check_salesperson(salesperson, field="completed_by", caption=_("Completed By"))
    was_blank = task.completed_by_id is None
    if was_blank and not close:
        return result
    task.completed_by = salesperson
    if was_blank and not task.closed:
        _apply_close(task, today=today, result=result)
    _save(task, expected_version=expected_version, fields=STATE_FIELDS, today=today)
    return result


# --- editing the card --------------------------------------------------------------------------


def _reassignment_question(task: Task, old: Task) -> str | None:
    """BC's question before a change between salesperson and team (or between teams), if any."""
    if task.team_id == old.team_id and not (old.team_id and task.salesperson_id):
        return None
    params = {"no": task.no}
    if old.team_id and task.team_id and task.team_id != old.team_id:
        params |= {"old": old.team.code, "new": task.team.code}
        return str((messages.REOPEN_CHANGE_TEAM_QST if old.closed else messages.TEAM_MEMBER_TASKS_DELETED_QST) % params)
    if old.team_id and task.salesperson_id:
        params["salesperson"] = task.salesperson.code
        if old.type == TaskType.MEETING:
            question = messages.REOPEN_REASSIGN_TEAM_TASK_QST if old.closed else messages.REASSIGN_TASK_QST
        else:
            question = messages.REOPEN_REASSIGN_QST if old.closed else messages.REASSIGN_TEAM_TASK_QST
        return str(question % params)
    if not old.team_id and task.team_id and old.closed:
        return str(messages.REOPEN_ASSIGN_TO_TEAM_QST % (params | {"team": task.team.code}))
    return None


def _validate_card(task: Task, old: Task) -> None:
    if task.type != old.type and TaskType.MEETING in {task.type, old.type}:
        raise ValidationError({"type": ValidationError(messages.TYPE_CHANGE_NOT_ALLOWED, code="type_change")})
    check_date(task.date)
    check_duration(task.duration)
    if task.contact_id != old.contact_id:
        check_contact(task.contact)
    if task.salesperson_id != old.salesperson_id:
        check_salesperson(task.salesperson, field="salesperson", caption=_("Salesperson Code"))
    if task.is_sub_task:
        if (task.salesperson_id, task.team_id) != (old.salesperson_id, old.team_id):
            raise ValidationError(
                _("The salesperson and team of this task follow its team task %(no)s; change them there."),
                params={"no": task.organizer_no},
                code="sub_task",
            )
        return
    if task.salesperson_id is None and task.team_id is None:
        raise ValidationError(messages.MUST_FILL_IN_SALESPERSON_OR_TEAM, code="salesperson_or_team")
    if (
        task.type == TaskType.MEETING
        and not old.team_id
        and not task.team_id
        and task.salesperson_id != old.salesperson_id
    ):
        raise ValidationError(
            {"salesperson": ValidationError(messages.SALESPERSON_IS_MEETING_ORGANIZER, code="organizer")}
        )
    if task.recurring:
        if not task.recurring_date_interval:
            raise ValidationError(
                {
                    "recurring_date_interval": ValidationError(
                        messages.MUST_FILL_IN, params={"field": _("Recurring Date Interval")}, code="required"
                    )
                }
            )
        if not task.calc_due_date_from:
            raise ValidationError(
                {
                    "calc_due_date_from": ValidationError(
                        messages.MUST_FILL_IN, params={"field": _("Calc. Due Date From")}, code="required"
                    )
                }
            )


def _reassign(task: Task, old: Task, result: TaskChangeResult) -> None:
    """Apply a change between salesperson and team to the member tasks (after the user's Yes)."""
    if old.team_id and task.team_id and task.team_id != old.team_id:
        # ChangeTeam: members who stay keep their task, the others lose it, newcomers get one.
        task.salesperson = None
        new_members = _members(task.team)
        keep = {m.pk for m in new_members}
        member_types = [Task.SystemTaskType.ORGANIZER, Task.SystemTaskType.SALESPERSON_ATTENDEE]
        subs = task.sub_tasks.filter(system_task_type__in=member_types)
        subs.exclude(salesperson_id__in=keep).delete()
        have = set(subs.values_list("salesperson_id", flat=True))
        newcomers = [m for m in new_members if m.pk not in have]
        new_subs = sub_tasks_for(task, members=newcomers)
        if task.type == TaskType.MEETING:
            for sub in new_subs:
                sub.system_task_type = Task.SystemTaskType.SALESPERSON_ATTENDEE
        _insert_sub_tasks(task, new_subs)
        if old.closed:
            _apply_reopen(task, result)
    elif old.team_id and task.salesperson_id:
        # ReassignTeamTaskToSalesperson.
        if task.type == TaskType.MEETING:
            task.sub_tasks.filter(salesperson_id=task.salesperson_id).exclude(
                system_task_type=Task.SystemTaskType.CONTACT_ATTENDEE
            ).delete()
            task.sub_tasks.filter(system_task_type=Task.SystemTaskType.ORGANIZER).update(
                system_task_type=Task.SystemTaskType.SALESPERSON_ATTENDEE
            )
        else:
            task.sub_tasks.filter(system_task_type=Task.SystemTaskType.ORGANIZER).delete()
        task.team = None
        task.system_task_type = Task.SystemTaskType.ORGANIZER
        if old.closed:
            _apply_reopen(task, result)
    elif not old.team_id and task.team_id:
        # ReassignSalespersonTaskToTeam: the salesperson becomes one of the members (the organizer of a meeting).
        former = old.salesperson
        task.salesperson = None
        task.system_task_type = Task.SystemTaskType.TEAM
        if old.closed:
            _apply_reopen(task, result)
        organizer = former if task.type == TaskType.MEETING else None
        _insert_sub_tasks(task, sub_tasks_for(task, members=_members(task.team), meeting_organizer=organizer))


@transaction.atomic
def update_task(
    *,
    task: Task,
    expected_version: int,
    confirmed: bool = False,
    today: datetime.date | None = None,
) -> TaskChangeResult:
    """Save the card's changes (already set on `task`) with BC's validations, questions and side effects.

    Raises ConfirmationRequired, before writing anything, when BC would ask first.
    """
    today = _today(today)
    result = TaskChangeResult()
    old = Task.objects.select_related("team", "salesperson").get(pk=task.pk)
    if task.contact_id != old.contact_id:
        task.contact_company_id = (
            Contact.objects.filter(pk=task.contact_id).values_list("company_id", flat=True).first()
        )
    if task.opportunity_no != old.opportunity_no:
        task.opportunity_entry_no = active_opportunity_entry_no(task.opportunity_no)
    _validate_card(task, old)
    reassigning = not task.is_sub_task and (task.team_id != old.team_id or (old.team_id and task.salesperson_id))
    if reassigning:
        question = _reassignment_question(task, old)
        if question and not confirmed:
            raise ConfirmationRequired(question)
        _reassign(task, old, result)
    status_changed = task.status != old.status
    if status_changed and task.status == Task.Status.COMPLETED and not old.closed:
        _apply_close(task, today=today, result=result)
    elif status_changed and old.closed and task.status != Task.Status.COMPLETED:
        wanted = task.status
        _apply_reopen(task, result)
        task.status = wanted
    fields = [*CARD_FIELDS, "contact_company", "system_task_type", *STATE_FIELDS]
    state_changed = task_state(task) != task_state(old)
    _save(
        task,
        expected_version=expected_version,
        fields=list(dict.fromkeys(fields)),
        today=today,
        state_changed=state_changed,
    )
    return result


@transaction.atomic
def delete_task(*, task: Task) -> int:
    """Delete a task with its per-member and attendee tasks (BC OnDelete); return how many were deleted."""
    deleted, _per_model = task.delete()
    return deleted
