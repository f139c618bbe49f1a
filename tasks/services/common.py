"""Checks and helpers shared by the task services: BC's field validations, sub-tasks and their propagation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.base import ModelState

from contacts.models import Contact
from salespeople.models import Salesperson
from tasks.models import MAX_DURATION, MIN_DURATION, Task, TaskType
from tasks.services import messages

FIRST_VALID_DATE = datetime.date(1900, 1, 1)
LAST_VALID_DATE = datetime.date(2999, 12, 31)

# The fields a sub-task (per-member, attendee) takes over from its organizer task, as BC's TransferFields
# does on insert and on every modification of the organizer (UpdateAttendeeTasks).
COPIED_FIELDS = [
    "type",
    "description",
    "date",
    "start_time",
    "duration",
    "all_day_event",
    "location",
    "status",
    "priority",
    "team_id",
    "contact_id",
    "contact_company_id",
    "campaign_id",
    "segment_id",
    "opportunity_no",
    "opportunity_entry_no",
    "activity_id",
    "closed",
    "date_closed",
    "canceled",
    "completed_by_id",
    "recurring",
    "recurring_date_interval",
    "calc_due_date_from",
]


def active_opportunity_entry_no(opportunity_no: str) -> int | None:
    """The Entry No. of the opportunity's active entry (BC's Opportunity No. OnValidate); None without one.

    Opportunities sit above tasks, so the model is looked up by name rather than imported.
    """
    if not opportunity_no:
        return None
    entry_model = apps.get_model("opportunities", "OpportunityEntry")
    return entry_model.objects.filter(opportunity__no=opportunity_no, active=True).values_list("pk", flat=True).first()


class ConfirmationRequired(Exception):
    """The operation needs the user's Yes first (a BC Confirm dialog); nothing has been written."""

    def __init__(self, question: str) -> None:
        super().__init__(question)
        self.question = question


def must_fill_in(field: str, caption: str) -> ValidationError:
    return ValidationError({field: ValidationError(messages.MUST_FILL_IN, params={"field": caption}, code="required")})


def check_date(date: datetime.date | None, field: str = "date") -> None:
    if date is not None and not FIRST_VALID_DATE <= date <= LAST_VALID_DATE:
        raise ValidationError({field: ValidationError(messages.DATE_OUT_OF_RANGE, code="date_range")})


def check_duration(duration: datetime.timedelta | None, field: str = "duration") -> None:
    if duration is None:
        return
    if duration < datetime.timedelta(0):
        message = messages.DURATION_NEGATIVE
    elif duration < MIN_DURATION:
        message = messages.DURATION_UNDER_ONE_MINUTE
    elif duration > MAX_DURATION:
        message = messages.DURATION_OVER_TEN_YEARS
    else:
        return
    raise ValidationError({field: ValidationError(message, code="duration")})


def check_contact(contact: Contact | None, field: str = "contact") -> None:
    if contact is not None and contact.privacy_blocked:
        raise ValidationError(
            {field: ValidationError(messages.CONTACT_PRIVACY_BLOCKED, params={"no": contact.no}, code="privacy")}
        )


def check_salesperson(salesperson: Salesperson | None, *, field: str, caption: str) -> None:
    """A blocked salesperson cannot be chosen on a task (BC's table relation filters Blocked = false)."""
    if salesperson is not None and salesperson.privacy_blocked:
        raise ValidationError(
            {
                field: ValidationError(
                    messages.SALESPERSON_PRIVACY_BLOCKED, params={"code": salesperson.code}, code="privacy"
                )
            }
        )
    if salesperson is not None and salesperson.blocked:
        raise ValidationError(
            {
                field: ValidationError(
                    messages.SALESPERSON_BLOCKED, params={"field": caption, "code": salesperson.code}, code="blocked"
                )
            }
        )


def clone_task(prototype: Task, **changes: object) -> Task:
    """An unsaved copy of an unsaved prototype row with some attributes changed.

    Bulk creation builds thousands of rows that differ in a few columns; copying the prototype's
    attributes is some fifty times cheaper than Task(**kwargs), which resolves every field's default.
    """
    task = Task.__new__(Task)
    task.__dict__ = {**prototype.__dict__, **changes}
    task._state = ModelState()
    return task


def sub_tasks_for(
    head: Task,
    *,
    members: Iterable[Salesperson],
    meeting_organizer: Salesperson | None = None,
    contact_attendee: bool = False,
) -> list[Task]:
    """The per-member (and contact attendee) tasks of a team task, unsaved and without numbers.

    Members come in Salesperson Code order. For a meeting the organizer's task comes first (System To-do
    Type Organizer) and the other members attend; otherwise every member gets an Organizer task.
    """
    prototype = Task(
        **{name: getattr(head, name) for name in COPIED_FIELDS},
        organizer_task_id=head.pk,
        no_series_id=head.no_series_id,
        last_date_modified=head.last_date_modified,
        assignment_id=head.assignment_id,
    )
    organizer, attendee = Task.SystemTaskType.ORGANIZER, Task.SystemTaskType.SALESPERSON_ATTENDEE
    result = []
    if head.type == TaskType.MEETING:
        if meeting_organizer is not None:
            result.append(clone_task(prototype, salesperson_id=meeting_organizer.pk, system_task_type=organizer))
        others = [m for m in members if meeting_organizer is None or m.pk != meeting_organizer.pk]
        result += [clone_task(prototype, salesperson_id=m.pk, system_task_type=attendee) for m in others]
    else:
        result += [clone_task(prototype, salesperson_id=m.pk, system_task_type=organizer) for m in members]
        if contact_attendee and head.contact_id:
            contact_type = Task.SystemTaskType.CONTACT_ATTENDEE
            result.append(clone_task(prototype, salesperson_id=head.salesperson_id, system_task_type=contact_type))
    return result


# The fields of a task's state (closing, canceling, reopening change them). They are copied to the
# sub-tasks only when the organizer's state itself changes, so that editing a team task does not
# reopen the tasks its members have closed.
STATE_FIELDS = ["closed", "date_closed", "canceled", "completed_by", "status"]
STATE_ATTNAMES = [Task._meta.get_field(name).attname for name in STATE_FIELDS]


def task_state(task: Task) -> tuple:
    return tuple(getattr(task, attname) for attname in STATE_ATTNAMES)


def propagate_to_sub_tasks(head: Task, *, with_state: bool = True) -> int:
    """Copy the organizer's fields onto its sub-tasks (BC UpdateAttendeeTasks); return how many changed.

    Per-member and salesperson attendee tasks keep their salesperson; contact attendee tasks keep their
    contact and take the organizer's salesperson. Two UPDATE statements, whatever the number of members.
    Without `with_state` (the organizer was edited, not closed, reopened or canceled) each sub-task
    keeps its own Status, Closed, Date Closed, Canceled and Completed By.
    """
    if head.organizer_task_id is not None:
        return 0
    names = COPIED_FIELDS if with_state else [name for name in COPIED_FIELDS if name not in STATE_ATTNAMES]
    values = {name: getattr(head, name) for name in names}
    subs = Task.objects.filter(organizer_task_id=head.pk).exclude(system_task_type=Task.SystemTaskType.TEAM)
    common = {name: value for name, value in values.items() if name not in {"contact_id", "contact_company_id"}}
    changed = subs.exclude(system_task_type=Task.SystemTaskType.CONTACT_ATTENDEE).update(
        **values, last_date_modified=head.last_date_modified, version=F("version") + 1
    )
    changed += subs.filter(system_task_type=Task.SystemTaskType.CONTACT_ATTENDEE).update(
        **common,
        salesperson_id=head.salesperson_id,
        last_date_modified=head.last_date_modified,
        version=F("version") + 1,
    )
    return changed
