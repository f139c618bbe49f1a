"""The sales manager's workload view: open tasks per salesperson per week, next 8 weeks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, Q, Value, When
from django.db.models.functions import TruncWeek

from salespeople.models import Salesperson, Team
from tasks.models import Task

WEEKS = 8


@dataclass
class WorkloadRow:
    salesperson: Salesperson
    overdue: int = 0
    weeks: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.overdue + sum(self.weeks)


@dataclass
class WorkloadGrid:
    weeks: list[datetime.date]
    rows: list[WorkloadRow]
    teams: list[Team]
    team: Team | None
    week_totals: list[int]
    overdue_total: int

    @property
    def total(self) -> int:
        return self.overdue_total + sum(self.week_totals)


def workload_grid(*, today: datetime.date, team_code: str = "") -> WorkloadGrid:
    """Count open tasks per (salesperson, week) in one grouped query; overdue ones (before this week) apart.

    Salespeople shown: every non-blocked one (of the team, if chosen), plus blocked ones that still have
    open tasks in the window.
    """
    monday = today - datetime.timedelta(days=today.weekday())
    weeks = [monday + datetime.timedelta(weeks=i) for i in range(WEEKS)]
    end = monday + datetime.timedelta(weeks=WEEKS)
    team = Team.objects.filter(code=team_code).first() if team_code else None
    tasks = Task.objects.open().filter(salesperson__isnull=False, date__lt=end)
    people = Salesperson.objects.all()
    if team is not None:
        tasks = tasks.filter(salesperson__memberships__team=team)
        people = people.filter(memberships__team=team)
    counts = (
        tasks.annotate(
            week=Case(When(date__lt=monday, then=Value(None)), default=TruncWeek("date"), output_field=DateField())
        )
        .values("salesperson_id", "week")
        .annotate(open_tasks=Count("pk"))
        .order_by()
    )
    by_person: dict[int, dict[datetime.date | None, int]] = {}
    for row in counts:
        week = row["week"]
        if isinstance(week, datetime.datetime):  # some backends return a datetime for TruncWeek
            week = week.date()
        by_person.setdefault(row["salesperson_id"], {})[week] = row["open_tasks"]
    people = people.filter(Q(blocked=False, privacy_blocked=False) | Q(pk__in=list(by_person))).order_by("code")
    rows = []
    for person in people:
        counts_of = by_person.get(person.pk, {})
        rows.append(WorkloadRow(person, overdue=counts_of.get(None, 0), weeks=[counts_of.get(w, 0) for w in weeks]))
    return WorkloadGrid(
        weeks=weeks,
        rows=rows,
        teams=list(Team.objects.order_by("code")),
        team=team,
        week_totals=[sum(r.weeks[i] for r in rows) for i in range(WEEKS)],
        overdue_total=sum(r.overdue for r in rows),
    )
