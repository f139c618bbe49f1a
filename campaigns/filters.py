"""List filters of campaigns and campaign entries."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignEntry, CampaignStatus
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

    class Meta:
        model = Campaign
        fields = ["q", "status", "salesperson", "period_from", "period_to"]

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
