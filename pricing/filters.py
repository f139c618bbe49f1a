"""List filters of the pricing app (django-filter); the lists sort by their headers (pricing.lists)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.codetables import code_table_filter
from core.widgets import YES_NO_ALL, date_input
from pricing.models import (
    CampaignTargetGroup,
    Currency,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    SalesLineDiscount,
    SalesPrice,
)

LCY = "LCY"


class SearchMixin:
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)


def search_filter(label) -> filters.CharFilter:
    return filters.CharFilter(label=label, method="search")


class ItemFilter(SearchMixin, filters.FilterSet):
    search_fields = ("no", "description")
    q = search_filter(_("No. or Description"))
    item_disc_group = filters.ModelChoiceFilter(
        queryset=ItemDiscountGroup.objects.all(), to_field_name="code", label=_("Item Disc. Group")
    )
    blocked = filters.BooleanFilter(label=_("Blocked"), widget=YES_NO_ALL)

    class Meta:
        model = Item
        fields: list[str] = []


class CustomerFilter(SearchMixin, filters.FilterSet):
    search_fields = ("no", "name", "contact__no")
    q = search_filter(_("No., Name or Contact No."))
    customer_price_group = filters.ModelChoiceFilter(
        queryset=CustomerPriceGroup.objects.all(), to_field_name="code", label=_("Customer Price Group")
    )
    customer_disc_group = filters.ModelChoiceFilter(
        queryset=CustomerDiscountGroup.objects.all(), to_field_name="code", label=_("Customer Disc. Group")
    )
    currency = filters.ModelChoiceFilter(
        queryset=Currency.objects.all(), to_field_name="code", label=_("Currency Code")
    )
    blocked = filters.ChoiceFilter(choices=Customer.Blocked.choices[1:], label=_("Blocked"))

    class Meta:
        model = Customer
        fields: list[str] = []


CurrencyFilter = code_table_filter(Currency)


class RowFilter(filters.FilterSet):
    """Shared filters of sales prices and line discounts."""

    sales_code = filters.CharFilter(label=_("Sales Code"), method="filter_sales_code")
    currency = filters.CharFilter(label=_("Currency Code"), method="filter_currency", help_text=_("LCY for blank"))
    active_on = filters.DateFilter(label=_("Valid on"), method="filter_active_on", widget=date_input())

    def filter_currency(self, queryset, name, value):
        if value.upper() == LCY:
            return queryset.filter(currency__isnull=True)
        return queryset.filter(currency__code__iexact=value)

    def filter_sales_code(self, queryset, name, value):
        group = self._meta.model.group_field
        return queryset.filter(
            Q(customer__no__iexact=value) | Q(**{f"{group}__code__iexact": value}) | Q(campaign__no__iexact=value)
        )

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(
            Q(starting_date__isnull=True) | Q(starting_date__lte=value),
            Q(ending_date__isnull=True) | Q(ending_date__gte=value),
        )


class SalesPriceFilter(RowFilter):
    item = filters.CharFilter(label=_("Item No."), field_name="item__no", lookup_expr="iexact")
    sales_type = filters.ChoiceFilter(choices=SalesPrice.SalesType.choices, label=_("Sales Type"))

    class Meta:
        model = SalesPrice
        fields: list[str] = []


class SalesLineDiscountFilter(RowFilter):
    type = filters.ChoiceFilter(choices=SalesLineDiscount.Type.choices, label=_("Type"))
    code = filters.CharFilter(label=_("Code"), method="filter_code")
    sales_type = filters.ChoiceFilter(choices=SalesLineDiscount.SalesType.choices, label=_("Sales Type"))

    class Meta:
        model = SalesLineDiscount
        fields: list[str] = []

    def filter_code(self, queryset, name, value):
        return queryset.filter(Q(item__no__iexact=value) | Q(item_disc_group__code__iexact=value))


class CampaignTargetGroupFilter(filters.FilterSet):
    campaign = filters.CharFilter(label=_("Campaign No."), field_name="campaign__no", lookup_expr="iexact")
    type = filters.ChoiceFilter(choices=CampaignTargetGroup.Type.choices, label=_("Type"))
    no = filters.CharFilter(label=_("No."), method="filter_no")

    class Meta:
        model = CampaignTargetGroup
        fields: list[str] = []

    def filter_no(self, queryset, name, value):
        return queryset.filter(Q(customer__no__iexact=value) | Q(contact__no__iexact=value))
