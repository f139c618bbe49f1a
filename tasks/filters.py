"""Filters of the task list, My tasks and the activity list (sorting is the list's headers, core.lists)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from core.widgets import date_input
from salespeople.models import Salesperson, Team
from tasks.models import Activity, Priority, Task, TaskType


class TaskFilter(django_filters.FilterSet):
    """Query parameters use business keys, so other apps can link: ?campaign=CP0001&salesperson=JR."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    state = django_filters.ChoiceFilter(
        method="filter_state",
        label=_("Open/Closed"),
        choices=[("open", _("Open")), ("closed", _("Closed")), ("canceled", _("Canceled"))],
        empty_label=_("All"),
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"), widget=forms.CheckboxInput)
    salesperson = django_filters.ModelChoiceFilter(
        queryset=Salesperson.objects.order_by("code"), to_field_name="code", label=_("Salesperson Code")
    )
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.order_by("code"), to_field_name="code", label=_("Team Code")
    )
    status = django_filters.ChoiceFilter(choices=Task.Status.choices, label=_("Status"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("Priority"))
    type = django_filters.ChoiceFilter(
        choices=[("blank", _("(blank)")), *TaskType.choices[1:]], label=_("Type"), method="filter_type"
    )
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("Date from"), widget=date_input()
    )
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Date to"), widget=date_input())
    campaign = django_filters.CharFilter(field_name="campaign__no", label=_("Campaign No."))
    contact = django_filters.CharFilter(method="filter_contact", label=_("Contact No."))
    segment = django_filters.CharFilter(field_name="segment__no", label=_("Segment No."))
    activity = django_filters.CharFilter(field_name="activity__code", label=_("Activity Code"))
    opportunity = django_filters.CharFilter(field_name="opportunity_no", label=_("Opportunity No."))
    assignment = django_filters.UUIDFilter(field_name="assignment_id", widget=forms.HiddenInput)
    # BC's cards open the Task List filtered on System To-do Type: a campaign's tasks are its Organizer tasks,
    # so a team assignment shows each member's task once and not the team task above them as well.
    system_task_type = django_filters.MultipleChoiceFilter(
        choices=Task.SystemTaskType.choices,
        label=_("System To-do Type"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(Q(no__icontains=value) | Q(description__icontains=value))

    def filter_state(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.filter(closed=True)
        return queryset.filter(canceled=True)

    def filter_overdue(self, queryset: QuerySet[Task], name: str, value: bool) -> QuerySet[Task]:
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_type(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        return queryset.filter(type="" if value == "blank" else value)

    def filter_contact(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        """A contact's tasks, and for a company also those of its people (BC filters on Contact Company No.)."""
        value = value.strip().upper()
        # The contact's id, looked up once (an InitPlan): the tasks are then found through the id columns' indexes,
        # where joining the contacts twice would read every task with its contact and company.
        contact_id = Subquery(Contact.objects.filter(no=value).values("pk")[:1])
        return queryset.filter(Q(contact_id=contact_id) | Q(contact_company_id=contact_id))


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Activity
        fields: list[str] = []

    def search(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet[Activity]:
        return queryset.filter(Q(code__icontains=value) | Q(description__icontains=value))


class AgendaFilter(django_filters.FilterSet):
    """The agenda's filters: whose tasks and which."""

    salesperson = django_filters.ModelChoiceFilter(
        queryset=Salesperson.objects.order_by("code"), to_field_name="code", label=_("Salesperson Code")
    )
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.order_by("code"), to_field_name="code", label=_("Team Code")
    )
    state = TaskFilter.base_filters["state"]
    type = TaskFilter.base_filters["type"]

    class Meta:
        model = Task
        fields: list[str] = []

    filter_state = TaskFilter.filter_state
    filter_type = TaskFilter.filter_type
