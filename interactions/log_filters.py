"""Filters of the Interaction Log Entries and Logged Segments lists."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.lookups import LookupFilter
from core.widgets import YES_NO_ALL, date_input
from interactions.models import Evaluation, InteractionLogEntry, InteractionTemplate, LoggedSegment
from salespeople.models import Salesperson

DATE_INPUT = date_input()


class InteractionLogEntryFilter(django_filters.FilterSet):
    contact = django_filters.CharFilter(field_name="contact__no", label=_("Contact No."))
    campaign = LookupFilter(queryset=Campaign.objects.all(), options_url="campaigns:options", label=_("Campaign No."))
    interaction_template = django_filters.ModelChoiceFilter(
        queryset=InteractionTemplate.objects.all(), to_field_name="code", label=_("Interaction Template Code")
    )
    salesperson = django_filters.ModelChoiceFilter(
        queryset=Salesperson.objects.all(), to_field_name="code", label=_("Salesperson Code")
    )
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Date from"), widget=DATE_INPUT)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Date to"), widget=DATE_INPUT)
    evaluation = django_filters.ChoiceFilter(
        choices=[choice for choice in Evaluation.choices if choice[0]], label=_("Evaluation")
    )
    canceled = django_filters.BooleanFilter(label=_("Canceled"), widget=YES_NO_ALL)
    campaign_response = django_filters.BooleanFilter(label=_("Campaign Response"), widget=YES_NO_ALL)
    with_campaign = django_filters.BooleanFilter(
        field_name="campaign", lookup_expr="isnull", exclude=True, label=_("With a campaign"), widget=YES_NO_ALL
    )
    postponed = django_filters.BooleanFilter(label=_("Postponed"), widget=YES_NO_ALL)
    segment_no = django_filters.CharFilter(label=_("Segment No."))
    logged_segment = django_filters.NumberFilter(label=_("Logged Segment Entry No."))
    opportunity = django_filters.CharFilter(field_name="opportunity_no", label=_("Opportunity No."))

    class Meta:
        model = InteractionLogEntry
        fields: list[str] = []


class LoggedSegmentEntryFilter(django_filters.FilterSet):
    """The search over a logged segment's interaction log entries (its card)."""

    contact = django_filters.CharFilter(method="search_contact", label=_("Contact No. or Name"))
    canceled = django_filters.BooleanFilter(label=_("Canceled"), widget=YES_NO_ALL)

    class Meta:
        model = InteractionLogEntry
        fields: list[str] = []

    def search_contact(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(contact__no__icontains=value) | Q(contact__name__icontains=value)) if value else queryset
        )


class LoggedSegmentFilter(django_filters.FilterSet):
    segment_no = django_filters.CharFilter(label=_("Segment No."), lookup_expr="icontains")
    description = django_filters.CharFilter(label=_("Description"), lookup_expr="icontains")
    creation_date_from = django_filters.DateFilter(
        field_name="creation_date", lookup_expr="gte", label=_("Creation Date from"), widget=DATE_INPUT
    )
    creation_date_to = django_filters.DateFilter(
        field_name="creation_date", lookup_expr="lte", label=_("Creation Date to"), widget=DATE_INPUT
    )
    canceled = django_filters.BooleanFilter(label=_("Canceled"), widget=YES_NO_ALL)

    class Meta:
        model = LoggedSegment
        fields: list[str] = []
