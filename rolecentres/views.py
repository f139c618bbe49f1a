"""The home page: the role centre of each of the user's roles, and the user's recent jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import roles
from core.models import Job
from rolecentres import administrator, marketer, sales_manager, salesperson


def centres_of(user) -> list[str]:
    """The role centres the user sees, in page order: an Administrator sees setup health and every other centre.

    The Salesperson's centre (own tasks) shows only to users holding that role: it needs a linked salesperson.
    """
    held = set(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))
    if roles.ADMINISTRATOR in held or user.is_superuser:
        held |= {roles.ADMINISTRATOR, roles.MARKETER, roles.SALES_MANAGER}
    order = [roles.SALESPERSON, roles.ADMINISTRATOR, roles.MARKETER, roles.SALES_MANAGER]
    return [role for role in order if role in held]


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The role centre: what needs doing today for each of the user's roles, with their recent jobs."""
    user, today = request.user, timezone.localdate()
    centres = centres_of(user)
    context: dict = {"centres": centres, "jobs": Job.objects.filter(created_by=user)[:5], "today": today}
    if roles.SALESPERSON in centres and user.has_perm("tasks.view_task"):
        context["seller"] = salesperson.centre(user, today)
    if roles.ADMINISTRATOR in centres:
        context["setup_health"] = administrator.setup_health()
    if roles.MARKETER in centres and user.has_perm("campaigns.view_campaign"):
        context["marketing"] = marketer.centre(user, today)
    if roles.SALES_MANAGER in centres and user.has_perm("tasks.view_all_tasks"):
        context["sales"] = sales_manager.centre(user, today)
    return render(request, "rolecentres/home.html", context)
