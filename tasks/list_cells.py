"""The task lists' cells that show more than their value, written in Python (core.lists: Column.render, PageCells).

A template per cell cost the Tasks list 200 includes a page. Description (with the system task type), Date (red
with "overdue" when past and open), Contact No. (with the name) and Status (with Canceled, or on My Tasks the
Close button) are here; the phone cards (tasks/_task_cards.html) show the date with the `task_date` filter.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from core.lists import PageCells
from core.markup import escaped, markup
from tasks.models import Task


def task_description(task: Task, value) -> str:
    """The description, with a badge for what the task is to a group (BC's System To-do Type) but the organizer's."""
    if task.system_task_type == Task.SystemTaskType.ORGANIZER:
        return escaped(value)
    label = next((kind.label for kind in Task.SystemTaskType if kind == task.system_task_type), task.system_task_type)
    return markup('{} <span class="badge text-bg-light">{}</span>', value, label)


def task_date(task: Task, today: datetime.date | None = None) -> str:
    """The weekday and the date in the reader's notation; red, and read out as overdue, when past and still open."""
    shown = date_format(task.date, f"D {get_format('SHORT_DATE_FORMAT')}")
    if not task.closed and task.date < (today or timezone.localdate()):
        return markup(
            '<span class="text-danger fw-semibold">{} <span class="visually-hidden">{}</span></span>',
            shown,
            _("overdue"),
        )
    return escaped(shown)


def task_date_cell(task: Task, _value) -> str:
    return task_date(task)


def task_contact(task: Task, value) -> str:
    """The contact's No. and, smaller, its name."""
    if task.contact_id is None:
        return ""
    return markup('{} <span class="small text-muted">{}</span>', value, task.contact.name)


def task_status(task: Task, value) -> str:
    """The status, with a Canceled badge."""
    if task.canceled:
        return markup('{} <span class="badge text-bg-secondary">{}</span>', value, _("Canceled"))
    return escaped(value)


def close_buttons(request: HttpRequest) -> PageCells:
    """My Tasks, for a user who may close tasks: an open task's Status cell holds its Close button."""

    def status_with_close(task: Task, value) -> str:
        if task.closed:
            return task_status(task, value)
        return render_to_string("tasks/_close_button.html", {"task": task, "where": "row"}, request)

    return {"status": status_with_close}
