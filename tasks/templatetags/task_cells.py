"""The task lists' cells for templates (the phone cards), from tasks.list_cells."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from tasks import list_cells

register = template.Library()


@register.simple_tag(takes_context=True)
def task_card(context, task) -> str:
    """The task as a phone card; on My Tasks, for a user who may close tasks, with its Close button."""
    close_button = ""
    if context.get("mine") and context.get("may_close") and not task.closed:
        close_button = render_to_string(
            "tasks/_close_button.html", {"task": task, "where": "card"}, context.get("request")
        )
    return list_cells.task_card(task, close_button=close_button)
