"""The task lists (core.lists): Tasks, My Tasks and Activities."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.lists import Column, ListSpec
from tasks.filters import ActivityFilter, TaskFilter
from tasks.list_cells import task_contact, task_date_cell, task_description, task_status


def muted_when_closed(task) -> str:
    return "text-muted" if task.closed else ""


# What the phone cards (tasks/_task_cards.html) read of every task, whatever columns are chosen.
CARD_JOINS = ("salesperson", "team", "contact", "campaign")

# BC's Task List: the first ten columns are the page as it opens; the rest can be chosen.
TASK_COLUMNS = (
    Column("no", _("No."), link=True),
    Column("description", _("Description"), render=task_description),
    Column("date", _("Date"), render=task_date_cell, css="text-nowrap"),
    Column("type", _("Type")),
    Column("priority", _("Priority"), sort="priority_order"),
    Column("status", _("Status"), sort="status_order", render=task_status),  # My Tasks: list_cells.close_buttons
    Column("salesperson", _("Salesperson Code"), field="salesperson__code", title="salesperson__name"),
    Column("team", _("Team Code"), field="team__code", title="team__name"),
    Column("contact", _("Contact No."), field="contact__no", render=task_contact),
    Column("campaign", _("Campaign No."), field="campaign__no", title="campaign__description"),
    Column("contact_name", _("Contact Name"), field="contact__name", visible=False),
    Column("start_time", _("Start Time"), visible=False),
    Column("location", _("Location"), visible=False),
    Column("all_day_event", _("All Day Event"), visible=False),
    Column("segment", _("Segment No."), field="segment__no", visible=False),
    Column("opportunity_no", _("Opportunity No."), visible=False),
    Column("activity", _("Activity Code"), field="activity__code", visible=False),
    Column("system_task_type", _("System To-do Type"), visible=False),
    Column("closed", _("Closed"), visible=False),
    Column("date_closed", _("Date Closed"), visible=False),
    Column("canceled", _("Canceled"), visible=False),
    Column("completed_by", _("Completed By"), field="completed_by__code", visible=False),
    Column("last_date_modified", _("Last Date Modified"), visible=False),
)

TASKS = ListSpec(
    key="tasks.tasks",
    permission="tasks.view_task",
    title=_("Tasks"),
    filterset=TaskFilter,
    columns=TASK_COLUMNS,
    default_order=("date", "no"),
    empty=_("No tasks match the filters."),
    row_css=muted_when_closed,
    always_joined=CARD_JOINS,
)

# The same page scoped to the user's own tasks (the view's queryset); its own column choice.
MY_TASKS = ListSpec(
    key="tasks.my_tasks",
    permission="tasks.view_task",
    title=_("My Tasks"),
    filterset=TaskFilter,
    columns=TASK_COLUMNS,
    default_order=("date", "no"),
    empty=_("No tasks match the filters."),
    row_css=muted_when_closed,
    always_joined=CARD_JOINS,
)

ACTIVITIES = ListSpec(
    key="tasks.activities",
    permission="tasks.view_activity",
    title=_("Activities"),
    filterset=ActivityFilter,
    columns=(
        Column("code", _("Code"), link=True),
        Column("description", _("Description")),
        Column("no_of_steps", _("No. of Steps"), css="num"),
        Column("includes_meeting", _("Includes Meeting")),
    ),
    default_order=("code",),
    empty=_("No activities match the filters."),
)
