"""Salespeople, teams and their members, and the Administrator's users-and-roles pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import roles
from core.confirm import confirm
from core.forms import save_or_report
from core.http import query_param
from core.models import User
from salespeople import services
from salespeople.filters import (
    SALESPERSON_ORDERING,
    TEAM_ORDERING,
    SalespersonFilter,
    TeamFilter,
    apply_ordering,
    teams_with_member_count,
)
from salespeople.forms import SalespersonForm, TeamForm, TeamMemberForm, UserForm
from salespeople.models import Salesperson, Team

PAGE_SIZE = 50


def make_read_only(form) -> None:
    for field in form.fields.values():
        field.disabled = True
    form.helper.inputs = []


def save_card(request: HttpRequest, form, update) -> bool:
    """Validate a card form and save it with optimistic locking; errors land on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        update(form)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


# --- salespeople --------------------------------------------------------------------------------


@permission_required("salespeople.view_salesperson", raise_exception=True)
@require_safe
def salesperson_list(request: HttpRequest) -> HttpResponse:
    filterset = SalespersonFilter(request.GET, queryset=Salesperson.objects.select_related("user"))
    salespeople, order = apply_ordering(filterset.qs, request.GET.get("o"), SALESPERSON_ORDERING)
    page = Paginator(salespeople, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "salespeople/salesperson_list.html", {"filter": filterset, "page_obj": page, "order": order})


@permission_required("salespeople.add_salesperson", raise_exception=True)
def salesperson_create(request: HttpRequest) -> HttpResponse:
    form = SalespersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (salesperson := save_or_report(form)) is not None:
        messages.success(request, _("Salesperson/Purchaser %(code)s has been created.") % {"code": salesperson.code})
        return redirect(salesperson)
    return render(request, "salespeople/salesperson_form.html", {"form": form})


@permission_required("salespeople.view_salesperson", raise_exception=True)
def salesperson_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The Salesperson/Purchaser card: editable for those who may change it, read-only for the others."""
    salesperson = get_object_or_404(Salesperson.objects.select_related("user"), code=code)
    can_change = request.user.has_perm("salespeople.change_salesperson")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = SalespersonForm(request.POST or None, instance=salesperson)
    if not can_change:
        make_read_only(form)

    def update(form: SalespersonForm) -> None:
        services.update_salesperson(salesperson=form.instance, expected_version=form.expected_version)

    if save_card(request, form, update):
        messages.success(request, _("Salesperson/Purchaser %(code)s has been saved.") % {"code": salesperson.code})
        return redirect(salesperson)
    teams = salesperson.teams.all()
    return render(
        request, "salespeople/salesperson_detail.html", {"salesperson": salesperson, "form": form, "teams": teams}
    )


@permission_required("salespeople.delete_salesperson", raise_exception=True)
@require_POST
def salesperson_delete(request: HttpRequest, code: str) -> HttpResponse:
    salesperson = get_object_or_404(Salesperson, code=code)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete Salesperson/Purchaser"),
            question=_("Do you want to delete Salesperson/Purchaser %(name)s?") % {"name": salesperson},
            cancel_url=salesperson.get_absolute_url(),
        )
    try:
        services.delete_salesperson(salesperson=salesperson)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(salesperson)
    messages.success(request, _("Salesperson/Purchaser %(code)s has been deleted.") % {"code": code})
    return redirect("salespeople:list")


# --- teams --------------------------------------------------------------------------------------


@permission_required("salespeople.view_team", raise_exception=True)
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    filterset = TeamFilter(request.GET, queryset=teams_with_member_count())
    teams, order = apply_ordering(filterset.qs, request.GET.get("o"), TEAM_ORDERING)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "salespeople/team_list.html", {"filter": filterset, "page_obj": page, "order": order})


@permission_required("salespeople.add_team", raise_exception=True)
def team_create(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (team := save_or_report(form)) is not None:
        messages.success(request, _("Team %(code)s has been created. Add its members below.") % {"code": team.code})
        return redirect(team)
    return render(request, "salespeople/team_form.html", {"form": form})


@permission_required("salespeople.view_team", raise_exception=True)
def team_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The Team card with its members (Salesperson Code order)."""
    team = get_object_or_404(Team, code=code)
    can_change = request.user.has_perm("salespeople.change_team")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = TeamForm(request.POST or None, instance=team)
    if not can_change:
        make_read_only(form)

    def update(form: TeamForm) -> None:
        services.update_team(team=form.instance, expected_version=form.expected_version)

    if save_card(request, form, update):
        messages.success(request, _("Team %(code)s has been saved.") % {"code": team.code})
        return redirect(team)
    return render(request, "salespeople/team_detail.html", team_context(team, form=form))


def team_context(team: Team, **extra) -> dict:
    return {
        "team": team,
        "members": team.ordered_members(),
        "member_form": extra.pop("member_form", None) or TeamMemberForm(team=team),
        **extra,
    }


@permission_required("salespeople.change_team", raise_exception=True)
@require_POST
def team_member_add(request: HttpRequest, code: str) -> HttpResponse:
    team = get_object_or_404(Team, code=code)
    member_form = TeamMemberForm(request.POST, team=team)
    if member_form.is_valid():
        salesperson = member_form.cleaned_data["salesperson"]
        try:
            services.add_team_member(team=team, salesperson=salesperson)
        except ValidationError as error:
            member_form.add_error("salesperson", error)
        else:
            messages.success(
                request,
                _("%(salesperson)s has been added to team %(team)s.") % {"salesperson": salesperson, "team": team.code},
            )
            return redirect(team)
    context = team_context(team, form=TeamForm(instance=team), member_form=member_form)
    return render(request, "salespeople/team_detail.html", context)


@permission_required("salespeople.change_team", raise_exception=True)
@require_POST
def team_member_remove(request: HttpRequest, code: str) -> HttpResponse:
    team = get_object_or_404(Team, code=code)
    salesperson = get_object_or_404(Salesperson, code=request.POST.get("salesperson", ""))
    services.remove_team_member(team=team, salesperson=salesperson)
    messages.success(
        request, _("%(salesperson)s has been removed from team %(team)s.") % {"salesperson": salesperson, "team": code}
    )
    return redirect(team)


@permission_required("salespeople.delete_team", raise_exception=True)
@require_POST
def team_delete(request: HttpRequest, code: str) -> HttpResponse:
    team = get_object_or_404(Team, code=code)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete Team"),
            question=_("Do you want to delete Team %(name)s?") % {"name": team},
            cancel_url=team.get_absolute_url(),
        )
    try:
        services.delete_team(team=team)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(team)
    messages.success(request, _("Team %(code)s has been deleted.") % {"code": code})
    return redirect("salespeople:team_list")


# --- users and roles (Administrator) ---------------------------------------------------------


@permission_required("core.view_user", raise_exception=True)
@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.prefetch_related("groups").select_related("salesperson").order_by("username")
    query = query_param(request, "q")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "salespeople/user_list.html", {"page_obj": page, "q": query, "roles": roles.ROLES})


@permission_required("core.add_user", raise_exception=True)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = save_user(request, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("User %(username)s has been created.") % {"username": user.username})
            return redirect("salespeople:user_list")
    return render(request, "salespeople/user_form.html", {"form": form})


@permission_required("core.change_user", raise_exception=True)
def user_update(request: HttpRequest, username: str) -> HttpResponse:
    account = get_object_or_404(User, username=username)
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            save_user(request, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("User %(username)s has been saved.") % {"username": account.username})
            return redirect("salespeople:user_list")
    return render(request, "salespeople/user_form.html", {"form": form, "account": account})


def save_user(request: HttpRequest, form: UserForm) -> User:
    return services.save_user(
        user=form.instance,
        role_groups=list(form.cleaned_data["role_groups"]),
        salesperson=form.cleaned_data["salesperson"],
        password=form.cleaned_data.get("password1", ""),
        acting_user=request.user,
    )
