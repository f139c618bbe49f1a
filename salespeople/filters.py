"""List filters of salespeople, teams and users (their columns and sorting are in salespeople.lists)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Concat, Trim
from django.utils.translation import gettext_lazy as _

from core import roles
from core.models import User
from core.widgets import YES_NO_ALL
from salespeople.models import Salesperson, Team


class SalespersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.all(), field_name="memberships__team", to_field_name="code", label=_("Team")
    )
    blocked = django_filters.BooleanFilter(label=_("Blocked"), widget=YES_NO_ALL)

    class Meta:
        model = Salesperson
        fields = ["q", "team", "blocked"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value)
            | Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(job_title__icontains=value)
        )


class TeamFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    member = django_filters.ModelChoiceFilter(
        queryset=Salesperson.objects.all(),
        field_name="memberships__salesperson",
        to_field_name="code",
        label=_("Salesperson Code"),
    )

    class Meta:
        model = Team
        fields = ["q", "member"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


def teams_with_member_count() -> QuerySet[Team]:
    return Team.objects.annotate(member_count=Count("memberships", distinct=True)).order_by("code")


NO_ROLE = "none"


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"}))
    role = django_filters.ChoiceFilter(
        method="role_filter",
        choices=[(NO_ROLE, _("(no role)")), *((role, _(role)) for role in roles.ROLES)],
        empty_label=_("All"),
        label=_("Role"),
    )

    class Meta:
        model = User
        fields = ["q", "role"]

    def role_filter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Users holding the role, or (none) those holding no role at all (the Administrator's setup health)."""
        if value == NO_ROLE:
            return queryset.exclude(groups__name__in=roles.ROLES)
        return queryset.filter(groups__name=value)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )


def users_with_names() -> QuerySet[User]:
    """Users with their full name and salesperson code as columns (a user may have no salesperson)."""
    full_name = Trim(Concat("first_name", Value(" "), "last_name"))
    return User.objects.prefetch_related("groups").annotate(
        full_name=full_name, salesperson_code=F("salesperson__code")
    )
