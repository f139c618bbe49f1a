"""Demo activities (DOMAIN 7.4's CALL-SEQ among them) and tasks for the demo salespeople and teams."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.models import User
from salespeople.models import Salesperson, Team
from tasks import services
from tasks.models import Activity, ActivityStep, Priority, Task, TaskType

ACTIVITIES = [
    (
        "CALL-SEQ",
        _("Call sequence"),
        [
            (10000, TaskType.PHONE_CALL, Priority.HIGH, _("Intro call"), ""),
            (20000, TaskType.BLANK, Priority.NORMAL, _("Send brochure"), "WD5"),
            (30000, TaskType.PHONE_CALL, Priority.NORMAL, _("Follow-up"), "1W"),
            (40000, TaskType.PHONE_CALL, Priority.NORMAL, _("Check-in"), "2W+1D"),
            (50000, TaskType.BLANK, Priority.LOW, _("Month-end review"), "CM"),
        ],
    ),
    (
        "LAUNCH",
        _("Campaign launch"),
        [
            (10000, TaskType.MEETING, Priority.HIGH, _("Kick-off meeting"), ""),
            (20000, TaskType.BLANK, Priority.NORMAL, _("Prepare mailing"), "3D"),
            (30000, TaskType.PHONE_CALL, Priority.NORMAL, _("Call key accounts"), "1W+WD1"),
            (40000, TaskType.BLANK, Priority.NORMAL, _("Quarter results"), "CQ"),
        ],
    ),
    (
        "FOLLOW-UP",
        _("Follow up after an event"),
        [
            (10000, TaskType.PHONE_CALL, Priority.NORMAL, _("Thank-you call"), "1D"),
            (20000, TaskType.BLANK, Priority.LOW, _("Send offer"), "WD3"),
        ],
    ),
]


def _activities() -> int:
    created = 0
    for code, description, steps in ACTIVITIES:
        activity, new = Activity.objects.get_or_create(code=code, defaults={"description": str(description)})
        created += new
        for step_no, type_, priority, step_description, formula in steps:
            ActivityStep.objects.get_or_create(
                activity=activity,
                step_no=step_no,
                defaults={
                    "type": type_,
                    "priority": priority,
                    "description": str(step_description),
                    "date_formula": formula,
                },
            )
    return created


def _link_demo_seller() -> None:
    """Give the demo "seller" login a salesperson, so My Tasks shows something (only if both are free)."""
    user = User.objects.filter(username="seller").first()
    if user is None or Salesperson.objects.filter(user=user).exists():
        return
    free = (
        Salesperson.objects.filter(user__isnull=True, blocked=False, memberships__isnull=False).order_by("code").first()
    )
    if free is not None:
        free.user = user
        free.save(update_fields=["user"])


def load() -> str:
    created = _activities()
    if Task.objects.filter(activity__code__in=[code for code, _d, _s in ACTIVITIES]).exists():
        return f"{created} activities created; demo tasks exist"
    seller = Salesperson.objects.filter(user__username="seller", blocked=False).first()
    salesperson = seller or Salesperson.objects.filter(blocked=False).order_by("code").first()
    team = Team.objects.filter(memberships__isnull=False).order_by("code").first()
    if salesperson is None:
        return f"{created} activities created; no salespeople yet, so no demo tasks"
    _link_demo_seller()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    campaign = Campaign.objects.order_by("no").first()
    contact = Contact.objects.filter(salesperson=salesperson, privacy_blocked=False).order_by("no").first()
    tasks = 0
    tasks += services.assign_activity(
        values=services.TaskValues(
            date=monday - datetime.timedelta(weeks=1),
            activity=Activity.objects.get(code="CALL-SEQ"),
            salesperson=salesperson,
            campaign=campaign,
            contact=contact,
        )
    ).count
    if team is not None:
        organizer = team.ordered_members().filter(blocked=False).first()
        tasks += services.assign_activity(
            values=services.TaskValues(
                date=monday,
                activity=Activity.objects.get(code="LAUNCH"),
                team=team,
                team_meeting_organizer=organizer,
                campaign=campaign,
            )
        ).count
    tasks += services.create_task(
        values=services.TaskValues(
            date=monday + datetime.timedelta(days=2),
            description=str(_("Weekly pipeline review")),
            salesperson=salesperson,
            recurring=True,
            recurring_date_interval="1W",
            calc_due_date_from=Task.CalcDueDateFrom.DUE_DATE,
        ),
        team_task=False,
    ).count
    return f"{created} activities and {tasks} tasks created"
