"""Row-level access to tasks: who sees and changes which tasks.

Users with `tasks.view_all_tasks` (Administrator, Marketer, Sales Manager) see every task. Everybody else
(the Salesperson role) sees only their own tasks: those assigned to the salesperson linked to their user
account, and the team-level tasks (team task, contact attendee task) of the teams they belong to. Another
salesperson's task is not found (404), not forbidden, so its existence is not revealed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from core.models import User
from salespeople.models import Salesperson, Team
from tasks.models import Task


def linked_salesperson(user: User) -> Salesperson | None:
    """The salesperson record linked to the user account, if any."""
    try:
        return user.salesperson
    except Salesperson.DoesNotExist:
        return None


def sees_all_tasks(user: User) -> bool:
    return user.has_perm("tasks.view_all_tasks")


def completed_by_choices(user: User, salespeople: QuerySet[Salesperson]) -> QuerySet[Salesperson]:
    """Whom the user may record as Completed By: any of `salespeople`, or only themselves (Salesperson role)."""
    if sees_all_tasks(user):
        return salespeople
    own = linked_salesperson(user)
    return salespeople.filter(pk=own.pk) if own else salespeople.none()


def own_tasks_q(salesperson: Salesperson) -> Q:
    """The salesperson's own tasks and the team-level tasks of their teams (one subquery, no N+1)."""
    teams = Team.objects.filter(memberships__salesperson=salesperson).values("pk")
    return Q(salesperson=salesperson) | Q(salesperson__isnull=True, team__in=teams)


def my_tasks(user: User) -> QuerySet[Task]:
    """ "My tasks": the tasks of the salesperson linked to the user (none without a link)."""
    salesperson = linked_salesperson(user)
    if salesperson is None:
        return Task.objects.none()
    return Task.objects.filter(own_tasks_q(salesperson))


def visible_tasks(user: User) -> QuerySet[Task]:
    """Every task the user may see and, with `tasks.change_task`, change."""
    if sees_all_tasks(user):
        return Task.objects.all()
    return my_tasks(user)


def get_task_for(user: User, no: str) -> Task:
    """The task with this No. if the user may see it; 404 otherwise."""
    task = (
        visible_tasks(user)
        .select_related(
            "salesperson", "team", "contact", "contact_company", "campaign", "segment", "completed_by", "activity"
        )
        .select_related("organizer_task")
        .filter(no=no)
        .first()
    )
    if task is None:
        raise Http404("No task with this No.")
    return task


def may_log_call_outcome(user: User, task: Task) -> bool:
    """Who logs interactions anyway, or the salesperson whose task it is (their own or their team's).

    A salesperson does not log interactions in general, but the contacts of their own tasks are theirs to call.
    """
    if user.has_perm("interactions.add_interactionlogentry"):
        return True
    return my_tasks(user).filter(pk=task.pk).exists()
