"""List filters and sorting of salespeople and teams."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from salespeople.models import Salesperson, Team

YES_NO_ALL = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])


def apply_ordering(queryset: QuerySet, order: str | None, allowed: dict[str, str]) -> tuple[QuerySet, str]:
    """Sort by `?o=` (a key of `allowed`, `-` for descending); unknown keys keep the default order.

    Returns the queryset and the order actually applied ("" for the default), for the column headers.
    """
    key = (order or "").strip()
    field = allowed.get(key.removeprefix("-"))
    if not field:
        return queryset, ""
    # Blanks first when ascending, last when descending (as BC sorts blank values), on every database.
    if key.startswith("-"):
        return queryset.order_by(F(field).desc(nulls_last=True), "-pk"), key
    return queryset.order_by(F(field).asc(nulls_first=True), "pk"), key


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


SALESPERSON_ORDERING = {
    "code": "code",
    "name": "name",
    "job_title": "job_title",
    "commission_pct": "commission_pct",
    "blocked": "blocked",
}


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


TEAM_ORDERING = {"code": "code", "name": "name", "members": "member_count"}


def teams_with_member_count() -> QuerySet[Team]:
    return Team.objects.annotate(member_count=Count("memberships", distinct=True)).order_by("code")
