"""Log call outcome: the interaction a salesperson logs from a task, and optionally closing the task, as one."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import User
from interactions.log_forms import template_defaults
from interactions.log_services import log_interaction
from interactions.models import InteractionLogEntry, InteractionTemplate
from salespeople.models import Salesperson
from tasks.models import Task
from tasks.services.card import TaskChangeResult, close_task

NO_CONTACT = _("Task %(no)s has no contact, so there is nobody to log the call with.")


@dataclass(frozen=True)
class CallOutcome:
    """The interaction logged and, when the task was closed with it, what closing did."""

    interaction: InteractionLogEntry
    closed: TaskChangeResult | None


@transaction.atomic
def log_call_outcome(
    *,
    task: Task,
    user: User | None,
    template: InteractionTemplate | None,
    description: str,
    salesperson: Salesperson | None,
    evaluation: str = "",
    campaign_response: bool = False,
    close: bool = False,
    completed_by: Salesperson | None = None,
    expected_version: int,
    today: datetime.date | None = None,
) -> CallOutcome:
    """Log an interaction with the task's contact (its campaign and opportunity) and, if asked, close the task.

    Both or neither: a task that cannot be closed (a team task without Completed By, changed meanwhile) leaves
    no interaction behind.
    """
    if task.contact_id is None:
        raise ValidationError(NO_CONTACT, params={"no": task.no}, code="no_contact")
    today = today or timezone.localdate()
    now = timezone.localtime()
    defaults = template_defaults(template, task.contact) if template is not None else {}
    interaction = log_interaction(
        contact=task.contact,
        template=template,
        user=user,
        date=today,
        time_of_interaction=datetime.time(now.hour, now.minute),
        salesperson=salesperson,
        description=description,
        cost=defaults.get("cost", 0),
        duration=defaults.get("duration", 0),
        information_flow=defaults.get("information_flow", ""),
        initiated_by=defaults.get("initiated_by", ""),
        correspondence_type=defaults.get("correspondence_type", ""),
        evaluation=evaluation,
        campaign=task.campaign,
        campaign_response=campaign_response and task.campaign_id is not None,
        opportunity_no=task.opportunity_no,
        task_id=task.pk,
    )
    closed = None
    if close:
        closed = close_task(task=task, expected_version=expected_version, completed_by=completed_by, today=today)
    return CallOutcome(interaction=interaction, closed=closed)
