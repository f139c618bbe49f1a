"""List filters of campaigns and campaign entries."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignEntry, CampaignStatus
from core.codetables import CodeTableFilter
from core.widgets import YES_NO_ALL, date_input
from salespeople.models import Salesperson

DATE = date_input()


def status_choices() -> list[tuple[str, str]]:
    """(code, "code description") of every status, read in one plain query."""
    rows = CampaignStatus.objects.order_by("sort_order", "code").values_list("code", "description")
    return [(code, f"{code} {description}".strip()) for code, description in rows]


def salesperson_choices() -> list[tuple[str, str]]:
    """(code, "code name") of every salesperson, blocked ones included: lists filter existing records."""
    return [(code, f"{code} {name}") for code, name in Salesperson.objects.values_list("code", "name")]


def starting_or_ending_between(start: datetime.date, end: datetime.date) -> Q:
    """Campaigns whose Starting Date or Ending Date falls within [start, end] (the Marketer's "next 14 days")."""
    return Q(starting_date__range=(start, end)) | Q(ending_date__range=(start, end))


class CampaignFilter(django_filters.FilterSet):
    # Choice filters over value lists rather than model choice filters: one query each and no
    # server-side cursor round trips, which the list's benchmark showed to dominate the page.
    q = django_filters.CharFilter(method="search", label=_("Search No./Description"))
    status = django_filters.ChoiceFilter(
        field_name="status__code", choices=status_choices, empty_label=_("All"), label=_("Status Code")
    )
    salesperson = django_filters.ChoiceFilter(
        field_name="salesperson__code", choices=salesperson_choices, empty_label=_("All"), label=_("Salesperson Code")
    )
    period_from = django_filters.DateFilter(method="period_from_filter", label=_("Running from"), widget=DATE)
    period_to = django_filters.DateFilter(method="period_to_filter", label=_("Running to"), widget=DATE)
    # The Marketer's role centre links here: campaigns with a Starting or Ending Date within the next n days.
    starting_or_ending_within = django_filters.NumberFilter(
        method="starting_or_ending_within_filter",
        label=_("Starting or ending within (days)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 3650}),
    )
    activated = django_filters.BooleanFilter(method="activated_filter", label=_("Activated"), widget=YES_NO_ALL)

    class Meta:
        model = Campaign
        fields = ["q", "status", "salesperson", "period_from", "period_to", "starting_or_ending_within", "activated"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read the choices once per request (a callable would be read again on every iteration).
        self.filters["status"].extra["choices"] = status_choices()
        self.filters["salesperson"].extra["choices"] = salesperson_choices()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(no__icontains=value) | Q(description__icontains=value))

    def period_from_filter(self, queryset, name, value):
        """Campaigns still running on or after the date (blank dates are open-ended)."""
        return queryset.overlapping(value, None)

    def period_to_filter(self, queryset, name, value):
        """Campaigns that have started by the date (blank dates are open-ended)."""
        return queryset.overlapping(None, value)

    def starting_or_ending_within_filter(self, queryset, name, value):
        """Campaigns whose Starting Date or Ending Date falls from today to today + `value` days."""
        if value is None:
            return queryset
        if value != value.to_integral_value() or not 0 <= value <= 3650:
            return queryset.none()
        today = timezone.localdate()
        return queryset.filter(starting_or_ending_between(today, today + datetime.timedelta(days=int(value))))

    def activated_filter(self, queryset, name, value):
        """Campaigns whose prices and line discounts are activated (a pricing activation row; reverse relation)."""
        return queryset.filter(activation__isnull=not value)


class CampaignEntryFilter(django_filters.FilterSet):
    canceled = django_filters.BooleanFilter(label=_("Canceled"), widget=YES_NO_ALL)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Date from"), widget=DATE)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Date to"), widget=DATE)
    salesperson = django_filters.ChoiceFilter(
        field_name="salesperson__code", choices=salesperson_choices, empty_label=_("All"), label=_("Salesperson Code")
    )

    class Meta:
        model = CampaignEntry
        fields = ["canceled", "date_from", "date_to", "salesperson"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["salesperson"].extra["choices"] = salesperson_choices()


class CampaignStatusFilter(CodeTableFilter):
    """The status code table's search, and its codes without a Sort Order (the Administrator's setup health)."""

    no_sort_order = django_filters.BooleanFilter(
        method="no_sort_order_filter", label=_("Without Sort Order"), widget=YES_NO_ALL
    )

    class Meta:
        model = CampaignStatus
        fields = ["q", "no_sort_order"]

    def no_sort_order_filter(self, queryset, name, value):
        """Sort Order 0 is the field's default: the status was never placed among the others."""
        return queryset.filter(sort_order=0) if value else queryset.exclude(sort_order=0)
