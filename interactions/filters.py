"""List filters of the interactions app."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from interactions.models import InformationFlow, InitiatedBy, InteractionGroup, InteractionTemplate

# --- interaction templates -------------------------------------------------------------------------


class InteractionTemplateFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Code or description"), "type": "search"}),
    )
    interaction_group = django_filters.ModelChoiceFilter(
        label=_("Interaction Group Code"),
        queryset=InteractionGroup.objects.all(),
        to_field_name="code",
        empty_label=_("All"),
    )
    information_flow = django_filters.ChoiceFilter(
        label=_("Information Flow"), choices=[c for c in InformationFlow.choices if c[0]], empty_label=_("All")
    )
    initiated_by = django_filters.ChoiceFilter(
        label=_("Initiated By"), choices=[c for c in InitiatedBy.choices if c[0]], empty_label=_("All")
    )
    campaign = django_filters.CharFilter(label=_("Campaign No."), field_name="campaign__no", lookup_expr="iexact")

    class Meta:
        model = InteractionTemplate
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(description__icontains=value)) if value else queryset
