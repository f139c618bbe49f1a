"""Salespeople, teams and their members, and the Administrator's users-and-roles pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.cards import delete_with_question, make_read_only, save_card
from core.forms import save_or_report
from core.models import User
from salespeople import services
from salespeople.filters import teams_with_member_count, users_with_names
from salespeople.forms import SalespersonForm, TeamForm, TeamMemberForm, UserForm
from salespeople.lists import SALESPEOPLE, TEAMS, USERS
from salespeople.models import Salesperson, Team

# --- salespeople --------------------------------------------------------------------------------


@permission_required("salespeople.view_salesperson", raise_exception=True)
@require_safe
def salesperson_list(request: HttpRequest) -> HttpResponse:
    return SALESPEOPLE.render(request, Salesperson.objects.select_related("user"), "salespeople/salesperson_list.html")


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
    return delete_with_question(
        request,
        record=salesperson,
        caption=_("Salesperson/Purchaser %(name)s") % {"name": salesperson},
        delete=lambda: services.delete_salesperson(salesperson=salesperson),
        deleted=_("Salesperson/Purchaser %(code)s has been deleted.") % {"code": code},
        done_url=reverse("salespeople:list"),
    )


# --- teams --------------------------------------------------------------------------------------


@permission_required("salespeople.view_team", raise_exception=True)
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    return TEAMS.render(request, teams_with_member_count(), "salespeople/team_list.html")


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
    return delete_with_question(
        request,
        record=team,
        caption=_("Team %(name)s") % {"name": team},
        delete=lambda: services.delete_team(team=team),
        deleted=_("Team %(code)s has been deleted.") % {"code": code},
        done_url=reverse("salespeople:team_list"),
    )


# --- users and roles (Administrator) ---------------------------------------------------------


@permission_required("core.view_user", raise_exception=True)
@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    return USERS.render(request, users_with_names(), "salespeople/user_list.html")


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
