"""The task lists' cells for templates (the phone cards), from tasks.list_cells."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from tasks import list_cells

register = template.Library()


@register.simple_tag(takes_context=True)
def task_cards(context, rows) -> str:
    """The page's tasks as phone cards; on My Tasks, for a user who may close tasks, with their Close buttons."""
    tasks = [row.object for row in rows]
    close_buttons = {}
    if context.get("mine") and context.get("may_close"):
        request = context.get("request")
        close_buttons = {
            task.pk: render_to_string("tasks/_close_button.html", {"task": task, "where": "card"}, request)
            for task in tasks
            if not task.closed
        }
    return list_cells.task_cards(tasks, close_buttons)
