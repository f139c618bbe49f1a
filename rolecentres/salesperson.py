"""The Salesperson's role centre: My Tasks of today, overdue and this week, own open opportunities, own interactions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from core.decimals import as_decimal
from interactions.models import InteractionLogEntry
from opportunities.models import Opportunity
from rolecentres.cues import Cue, list_url, week_of
from salespeople.models import Salesperson
from tasks import access
from tasks.models import Task

TASKS_SHOWN = 10
OPPORTUNITIES_SHOWN = 5
INTERACTIONS_SHOWN = 5


@dataclass
class SalespersonCentre:
    today: datetime.date
    salesperson: Salesperson | None
    cues: list[Cue]
    tasks: list[Task]  # today's open tasks, then the overdue ones, newest first
    opportunities: list[Opportunity]
    interactions: list[InteractionLogEntry]
    open_value: Decimal = Decimal(0)  # the Calcd. Current Value of the open opportunities

    @property
    def today_tasks(self) -> list[Task]:
        return [task for task in self.tasks if task.date == self.today]

    @property
    def overdue_tasks(self) -> list[Task]:
        return [task for task in self.tasks if task.date < self.today]


def task_cues(user, today: datetime.date) -> list[Cue]:
    """Overdue, today's and this week's open tasks of My Tasks, in one aggregate."""
    _monday, sunday = week_of(today)
    figures = (
        access.my_tasks(user)
        .open()
        .aggregate(
            overdue=Count("pk", filter=Q(date__lt=today)),
            today=Count("pk", filter=Q(date=today)),
            week=Count("pk", filter=Q(date__range=(today, sunday))),
        )
    )
    return [
        Cue(
            "my_overdue",
            _("Overdue"),
            figures["overdue"],
            list_url("tasks:my_tasks", overdue="on"),
            tone="danger" if figures["overdue"] else "",
        ),
        Cue(
            "my_today",
            _("Today"),
            figures["today"],
            list_url("tasks:my_tasks", state="open", date_from=today, date_to=today),
        ),
        Cue(
            "my_this_week",
            _("Due this week"),
            figures["week"],
            list_url("tasks:my_tasks", state="open", date_from=today, date_to=sunday),
        ),
    ]


def centre(user, today: datetime.date) -> SalespersonCentre:
    """Everything the salesperson's home shows, in a fixed number of queries."""
    salesperson = access.linked_salesperson(user)
    cues = task_cues(user, today)
    tasks = list(
        access.my_tasks(user)
        .open()
        .filter(date__lte=today)
        .select_related("contact", "campaign")
        .order_by("-date", "start_time", "no")[:TASKS_SHOWN]
    )
    if salesperson is None:
        return SalespersonCentre(today, salesperson, cues, tasks, [], [])
    own_open = Opportunity.objects.filter(salesperson=salesperson).open()
    figures = own_open.with_current().aggregate(count=Count("pk"), calcd=Sum("calcd_current_value"))
    cues.append(
        Cue(
            "my_opportunities",
            _("Open opportunities"),
            figures["count"],
            list_url("opportunities:list", salesperson=salesperson.code, closed="false")
            if user.has_perm("opportunities.view_opportunity")
            else None,
        )
    )
    opportunities = list(
        own_open.with_current()
        .select_related("contact")
        .order_by(F("estimated_closing_date").asc(nulls_last=True), "no")[:OPPORTUNITIES_SHOWN]
    )
    interactions = list(
        InteractionLogEntry.objects.filter(salesperson=salesperson, canceled=False)
        .select_related("contact", "interaction_template")
        .order_by("-date", "-id")[:INTERACTIONS_SHOWN]
    )
    return SalespersonCentre(today, salesperson, cues, tasks, opportunities, interactions, as_decimal(figures["calcd"]))
