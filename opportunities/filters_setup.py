"""List filters of sales cycles and close opportunity codes, and the querysets their lists read."""

from __future__ import annotations

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.widgets import YES_NO_ALL
from opportunities.models import CloseOpportunityCode, OpportunityEntry, SalesCycle, SalesCycleStage
from opportunities.services.setup import CLOSED_ACTIONS


def count_of(rows: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of `rows` (already filtered on OuterRef), so two counts do not multiply each other."""
    counted = rows.order_by().values("sales_cycle").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sales_cycles_for_list() -> QuerySet[SalesCycle]:
    """Sales cycles with No. of Stages and No. of Opportunities (open, started; no date filter)."""
    stages = SalesCycleStage.objects.filter(sales_cycle=OuterRef("pk"))
    open_entries = OpportunityEntry.objects.filter(sales_cycle=OuterRef("pk"), active=True).exclude(
        action_taken__in=CLOSED_ACTIONS
    )
    return SalesCycle.objects.annotate(
        no_of_stages=count_of(stages), no_of_opportunities=count_of(open_entries)
    ).order_by("code")


class SalesCycleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    probability_calculation = django_filters.ChoiceFilter(
        choices=SalesCycle.ProbabilityCalculation.choices, label=_("Probability Calculation"), empty_label=_("All")
    )
    blocked = django_filters.BooleanFilter(label=_("Blocked"), widget=YES_NO_ALL)

    class Meta:
        model = SalesCycle
        fields = ["q", "probability_calculation", "blocked"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(description__icontains=value))


class CloseOpportunityCodeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    type = django_filters.ChoiceFilter(choices=CloseOpportunityCode.Type.choices, label=_("Type"), empty_label=_("All"))

    class Meta:
        model = CloseOpportunityCode
        fields = ["q", "type"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(description__icontains=value))
