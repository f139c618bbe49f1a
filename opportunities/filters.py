"""The Opportunity List's filters (page 5123); sorting is the list's headers (core.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.widgets import YES_NO_ALL, date_input
from opportunities.models import Opportunity, SalesCycle
from salespeople.models import Salesperson, Team, TeamSalesperson

MAX_STAGE = 2_147_483_647


def salesperson_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in Salesperson.objects.values_list("code", "name")]


def team_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}".strip()) for code, name in Team.objects.values_list("code", "name")]


def cycle_choices() -> list[tuple[str, str]]:
    rows = SalesCycle.objects.values_list("code", "description")
    return [(code, f"{code} {description}".strip()) for code, description in rows]


class UpperCharFilter(django_filters.CharFilter):
    """A No. typed in a filter: trimmed and upper-case, as BC's Code fields."""

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        return super().filter(qs, value.strip().upper() if value else value)


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search No./Description"))
    status = django_filters.ChoiceFilter(choices=Opportunity.Status.choices, empty_label=_("All"), label=_("Status"))
    salesperson = django_filters.ChoiceFilter(
        field_name="salesperson__code", choices=salesperson_choices, empty_label=_("All"), label=_("Salesperson Code")
    )
    team = django_filters.ChoiceFilter(
        method="team_filter", choices=team_choices, empty_label=_("All"), label=_("Team")
    )
    campaign = UpperCharFilter(field_name="campaign__no", label=_("Campaign No."))
    segment = UpperCharFilter(field_name="segment__no", label=_("Segment No."))
    contact = django_filters.CharFilter(method="contact_filter", label=_("Contact No."))
    sales_cycle = django_filters.ChoiceFilter(
        field_name="sales_cycle__code", choices=cycle_choices, empty_label=_("All"), label=_("Sales Cycle Code")
    )
    stage = django_filters.NumberFilter(method="stage_filter", label=_("Current Sales Cycle Stage"))
    closing_from = django_filters.DateFilter(
        field_name="estimated_closing_date",
        lookup_expr="gte",
        label=_("Estimated Closing Date from"),
        widget=date_input(),
    )
    closing_to = django_filters.DateFilter(
        field_name="estimated_closing_date",
        lookup_expr="lte",
        label=_("Estimated Closing Date to"),
        widget=date_input(),
    )
    closed = django_filters.BooleanFilter(label=_("Closed"), widget=YES_NO_ALL)

    class Meta:
        model = Opportunity
        fields = ["q", "status", "salesperson", "team", "campaign", "segment", "contact", "sales_cycle", "stage"]
        fields += ["closing_from", "closing_to", "closed"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read the choices once per request (a callable would be read again on every iteration).
        self.filters["salesperson"].extra["choices"] = salesperson_choices()
        self.filters["team"].extra["choices"] = team_choices()
        self.filters["sales_cycle"].extra["choices"] = cycle_choices()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(no__icontains=value) | Q(description__icontains=value))

    def team_filter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Opportunities whose salesperson is a member of the team (EXISTS: no duplicate rows)."""
        members = TeamSalesperson.objects.filter(team__code=value, salesperson=OuterRef("salesperson"))
        return queryset.filter(Exists(members))

    def contact_filter(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The contact's opportunities; for a company also those of its persons (Contact Company No.)."""
        value = value.strip().upper()
        return queryset.filter(Q(contact__no=value) | Q(contact_company__no=value))

    def stage_filter(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        if value != value.to_integral_value() or not 0 <= value <= MAX_STAGE:
            return queryset.none()
        return queryset.filter(current_stage=int(value))
