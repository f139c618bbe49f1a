"""The Sales Manager's role centre: overdue and due tasks per salesperson and team, workload, opportunities by stage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.decimals import as_decimal
from opportunities.models import Opportunity
from rolecentres.cues import Cue, list_url, week_of
from tasks.models import Task
from tasks.workload import WorkloadGrid, workload_grid

# A week at or above this share of the capacity is marked as nearly full.
NEARLY_FULL = Decimal("0.8")
# A team's work is its members' tasks, each once (BC's team card opens the Task List so), not the team task above them.
MEMBER_TASK_TYPES = [Task.SystemTaskType.ORGANIZER, Task.SystemTaskType.SALESPERSON_ATTENDEE]


@dataclass(frozen=True)
class DueRow:
    """A salesperson's or a team's open tasks that are overdue or due in the rest of this week."""

    code: str
    name: str
    overdue: Cue
    due_this_week: Cue


def cues(today: datetime.date, workload_lines: list[WorkloadLine], stages: list[StageRow] | None) -> list[Cue]:
    """Overdue and due tasks of everybody (one aggregate), weeks over capacity, open opportunities (no query)."""
    _monday, sunday = week_of(today)
    figures = Task.objects.open().aggregate(
        overdue=Count("pk", filter=Q(date__lt=today)), due=Count("pk", filter=Q(date__range=(today, sunday)))
    )
    over = sum(cell.tone == "danger" for line in workload_lines for cell in line.cells)
    result = [
        Cue(
            "overdue_tasks",
            _("Overdue tasks"),
            figures["overdue"],
            list_url("tasks:list", overdue="on"),
            tone="danger" if figures["overdue"] else "",
        ),
        Cue(
            "due_tasks",
            _("Tasks due this week"),
            figures["due"],
            list_url("tasks:list", state="open", date_from=today, date_to=sunday),
        ),
        Cue("weeks_over_capacity", _("Weeks over capacity"), over, "#workload", tone="danger" if over else ""),
    ]
    if stages is not None:
        count = sum(row.count.count for row in stages)
        result.append(
            Cue("open_opportunities", _("Open opportunities"), count, list_url("opportunities:list", closed="false"))
        )
    return result


def _due_rows(tasks, field: str, today: datetime.date, **list_params: object) -> list[DueRow]:
    """Group the open tasks up to Sunday by `field` (salesperson or team) in one query; rows with work only."""
    _monday, sunday = week_of(today)
    rows = (
        tasks.open()
        .filter(**{f"{field}__isnull": False}, date__lte=sunday)
        .values(f"{field}__code", f"{field}__name")
        .annotate(overdue=Count("pk", filter=Q(date__lt=today)), due=Count("pk", filter=Q(date__gte=today)))
        .order_by(f"{field}__code")
    )
    result = []
    for row in rows:
        code = row[f"{field}__code"]
        params = {field: code, **list_params}
        result.append(
            DueRow(
                code=code,
                name=row[f"{field}__name"],
                overdue=Cue(
                    f"overdue_{field}_{code}",
                    _("Overdue"),
                    row["overdue"],
                    list_url("tasks:list", **params, overdue="on"),
                    tone="danger" if row["overdue"] else "",
                ),
                due_this_week=Cue(
                    f"due_{field}_{code}",
                    _("Due this week"),
                    row["due"],
                    list_url("tasks:list", **params, state="open", date_from=today, date_to=sunday),
                ),
            )
        )
    return result


def due_by_salesperson(today: datetime.date) -> list[DueRow]:
    return _due_rows(Task.objects.all(), "salesperson", today)


def due_by_team(today: datetime.date) -> list[DueRow]:
    tasks = Task.objects.filter(system_task_type__in=MEMBER_TASK_TYPES)
    return _due_rows(tasks, "team", today, system_task_type=MEMBER_TASK_TYPES)


@dataclass(frozen=True)
class WorkloadCell:
    count: int
    capacity: int

    @property
    def tone(self) -> str:
        """ "danger" above the capacity, "warning" from 80 % of it."""
        if self.count > self.capacity:
            return "danger"
        return "warning" if self.count >= self.capacity * NEARLY_FULL else ""


@dataclass(frozen=True)
class WorkloadLine:
    code: str
    name: str
    capacity: int
    overdue: int
    cells: list[WorkloadCell]


def workload(today: datetime.date) -> tuple[WorkloadGrid, list[WorkloadLine]]:
    """The workload grid of the Workload page (tasks.workload), each week against the salesperson's capacity."""
    grid = workload_grid(today=today)
    lines = [
        WorkloadLine(
            code=row.salesperson.code,
            name=row.salesperson.name,
            capacity=row.salesperson.task_capacity_per_week,
            overdue=row.overdue,
            cells=[WorkloadCell(count, row.salesperson.task_capacity_per_week) for count in row.weeks],
        )
        for row in grid.rows
    ]
    return grid, lines


@dataclass(frozen=True)
class StageRow:
    """Open opportunities at one stage of a sales cycle (Not Started ones apart, at no stage)."""

    sales_cycle: str
    stage: int | None
    description: str
    count: Cue
    estimated_value: Decimal
    calcd_current_value: Decimal


def opportunities_by_stage() -> list[StageRow]:
    """Open opportunities by sales cycle and current stage, with their values, in one grouped query."""
    rows = (
        Opportunity.objects.open()
        .with_current()
        .values("sales_cycle__code", "status", "current_stage", "current_stage_description")
        .annotate(count=Count("pk"), estimated=Sum("estimated_value"), calcd=Sum("calcd_current_value"))
        .order_by("sales_cycle__code", "status", "current_stage")
    )
    result = []
    for row in rows:
        cycle, status, stage = row["sales_cycle__code"], row["status"], row["current_stage"]
        not_started = status == Opportunity.Status.NOT_STARTED
        params = {"status": status} if not_started else {"closed": "false", "stage": stage}
        # Without a cycle (or a stage) the list could not be filtered to the same rows: no link then.
        linkable = cycle and (not_started or stage is not None)
        url = list_url("opportunities:list", sales_cycle=cycle, **params) if linkable else None
        description = _("Not started") if not_started else (row["current_stage_description"] or "")
        result.append(
            StageRow(
                sales_cycle=cycle or "",
                stage=None if not_started else stage,
                description=description,
                count=Cue(f"stage_{cycle}_{status}_{stage}", description, row["count"], url),
                estimated_value=as_decimal(row["estimated"]),
                calcd_current_value=as_decimal(row["calcd"]),
            )
        )
    return result


def centre(user, today: datetime.date) -> dict:
    """Everything the Sales Manager's centre shows: 7 queries (6 without opportunities)."""
    grid, lines = workload(today)
    stages = opportunities_by_stage() if user.has_perm("opportunities.view_opportunity") else None
    return {
        "cues": cues(today, lines, stages),
        "by_salesperson": due_by_salesperson(today),
        "by_team": due_by_team(today),
        "grid": grid,
        "workload": lines,
        "stages": stages,
    }
