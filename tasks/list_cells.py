"""The task lists' cells that show more than their value, written in Python (core.lists: Column.render, PageCells).

A template per cell cost the Tasks list 200 includes a page. Description (with the system task type), Date (red
with "overdue" when past and open), Contact No. (with the name) and Status (with Canceled, or on My Tasks the
Close button) are here; the phone cards (tasks/_task_cards.html, `task_cards`) are written here too.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.formats import date_format, get_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.lists import PageCells
from core.markup import escaped, markup
from tasks.models import Priority, Task, TaskType


def task_description(task: Task, value) -> str:
    """The description, with a badge for what the task is to a group (BC's System To-do Type) but the organizer's."""
    if task.system_task_type == Task.SystemTaskType.ORGANIZER:
        return escaped(value)
    label = next((kind.label for kind in Task.SystemTaskType if kind == task.system_task_type), task.system_task_type)
    return markup('{} <span class="badge text-bg-light">{}</span>', value, label)


def task_date(task: Task, labels: CardLabels | None = None) -> str:
    """The weekday and the date in the reader's notation; red, and read out as overdue, when past and still open."""
    labels = labels or card_labels()
    shown = date_format(task.date, labels.date_format)
    if not task.closed and task.date < labels.today:
        return markup(
            '<span class="text-danger fw-semibold">{} <span class="visually-hidden">{}</span></span>',
            shown,
            labels.overdue,
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


# The phone card's priority badge, by priority.
PRIORITY_BADGES = {"high": "text-bg-danger", "low": "text-bg-light border"}


class CardLabels:
    """The words the task rows and phone cards repeat, in the active language and for today: translated once, not
    per task (get_FOO_display() translates every choice of the field on each call, as Django hashes the lazy labels:
    900 gettext calls for a page of 50 cards)."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in Task.Status.choices}
        self.priority = {value: str(label) for value, label in Priority.choices}
        self.type = {value: str(label) for value, label in TaskType.choices}
        self.priority_word = _("Priority")
        self.team = _("Team")
        self.overdue = _("overdue")
        self.date_format = f"D {get_format('SHORT_DATE_FORMAT')}"
        self.today = timezone.localdate()


@functools.lru_cache(maxsize=32)
def _card_labels(_language: str, _today: datetime.date) -> CardLabels:
    return CardLabels()


def card_labels() -> CardLabels:
    """The CardLabels of the active language and today's date, made once for each."""
    return _card_labels(get_language(), timezone.localdate())


def task_cards(tasks: Iterable[Task], close_buttons: dict[int, str] | None = None) -> SafeString:
    """The page's tasks as phone cards (tasks/_task_cards.html); `close_buttons` by task id, on My Tasks."""
    labels = card_labels()
    close_buttons = close_buttons or {}
    return SafeString("".join(task_card(task, labels, close_button=close_buttons.get(task.pk, "")) for task in tasks))


def task_card(task: Task, labels: CardLabels, *, close_button: str = "") -> str:
    """One task on a phone: date and time, status and priority, the description linking to the card, the contact
    with a tap-to-call number, No., type, campaign and team, and My Tasks' Close button."""
    time = ""
    if task.start_time and not task.all_day_event:
        time = " " + time_format(task.start_time, "H:i")
    closed = ""
    if task.closed:
        closed = markup('<span class="badge text-bg-secondary">{}</span>', labels.status.get(task.status, task.status))
    priority = markup(
        '<span class="badge {}"><span class="visually-hidden">{} </span>{}</span>',
        PRIORITY_BADGES.get(task.priority, "text-bg-secondary"),
        labels.priority_word,
        labels.priority.get(task.priority, task.priority),
    )
    contact = ""
    if task.contact_id is not None:
        phone = ""
        if task.contact.phone_no:
            phone = markup(
                '<a href="tel:{}" class="text-nowrap"><span aria-hidden="true">☎</span> {}</a>',
                task.contact.phone_no.replace(" ", ""),
                task.contact.phone_no,
            )
        contact = markup(
            '<div class="d-flex flex-wrap align-items-center column-gap-3 small">'
            '<span class="text-break">{}</span>{}</div>',
            task.contact.name,
            phone,
        )
    facts = [escaped(task.no)]
    if task.type:
        facts.append(escaped(labels.type.get(task.type, task.type)))
    if task.campaign_id is not None:
        facts.append(escaped(task.campaign.no))
    if task.salesperson_id is None and task.team_id is not None:
        facts.append(markup("{} {}", labels.team, task.team.code))
    return markup(
        '<li class="card mb-2" data-testid="task-card-item"><div class="card-body p-2">'
        '<div class="d-flex justify-content-between align-items-start gap-2 small"><span>{date}{time}</span>'
        "<span>{closed} {priority}</span></div>"
        '<h2 class="h6 my-1 text-break"><a href="{url}">{title}</a></h2>{contact}'
        '<div class="d-flex justify-content-between align-items-end gap-2">'
        '<div class="small text-muted">{facts}</div>{close}</div></div></li>',
        date=task_date(task, labels),
        time=time,
        closed=closed,
        priority=priority,
        url=task.get_absolute_url(),
        title=task.description or task.no,
        contact=contact,
        facts=SafeString(" · ".join(facts)),
        close=SafeString(close_button),
    )
