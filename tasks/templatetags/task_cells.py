"""The task lists' cells for templates (the phone cards), from tasks.list_cells."""

from __future__ import annotations

from django import template

from tasks import list_cells

register = template.Library()


@register.filter
def task_date(task) -> str:
    """The task's weekday and date; red and read out as overdue when past and still open."""
    return list_cells.task_date(task)
