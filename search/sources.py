"""What the navigation bar's search looks in: each source is a list of an app, searched with that list's own
Search filter (`?q=`) over the rows the user may see in that list, so "Show all" opens the same rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from campaigns.lists import CAMPAIGNS
from campaigns.models import Campaign
from contacts.lists import CONTACTS
from contacts.models import Contact
from core.lists import ListSpec
from opportunities.lists import OPPORTUNITIES
from opportunities.models import Opportunity
from segments.lists import SEGMENTS
from segments.models import SegmentHeader
from tasks.access import visible_tasks
from tasks.lists import TASKS

# Fewer characters find too much to be useful, and cannot use the trigram indexes (contacts/0005).
MIN_LENGTH = 2


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    spec: ListSpec
    rows: Callable[[Any], QuerySet]  # the rows the user may see in the list, as its view shows them
    list_url: str

    def visible_to(self, user: Any) -> bool:
        return user.has_perm(self.spec.permission)

    def matches(self, request: HttpRequest, term: str, limit: int) -> list[Model]:
        """The first `limit` records the list's Search finds, in the list's default order."""
        extra = self.spec.filter_kwargs(request) if self.spec.filter_kwargs else {}
        filterset = self.spec.filterset({"q": term}, queryset=self.rows(request.user), **extra)
        return list(filterset.qs.order_by(*self.spec.default_order, "pk")[:limit])

    def list_link(self, term: str) -> str:
        return f"{reverse(self.list_url)}?{urlencode({'q': term})}"


SOURCES = (
    Source("contacts", _("Contacts"), CONTACTS, lambda user: Contact.objects.all(), "contacts:list"),
    Source("campaigns", _("Campaigns"), CAMPAIGNS, lambda user: Campaign.objects.all(), "campaigns:list"),
    Source("segments", _("Segments"), SEGMENTS, lambda user: SegmentHeader.objects.all(), "segments:list"),
    Source("tasks", _("Tasks"), TASKS, visible_tasks, "tasks:list"),
    Source(
        "opportunities",
        _("Opportunities"),
        OPPORTUNITIES,
        lambda user: Opportunity.objects.visible_to(user),
        "opportunities:list",
    ),
)


@dataclass(frozen=True)
class Group:
    source: Source
    term: str
    records: list[Model]
    more: bool  # the list holds more than are shown

    @property
    def show_all_url(self) -> str:
        return self.source.list_link(self.term)


def search(request: HttpRequest, term: str, *, limit: int) -> list[Group]:
    """One query per list the user may open; a list without matches is left out."""
    term = term.strip()
    if len(term) < MIN_LENGTH:
        return []
    groups = []
    for source in SOURCES:
        if not source.visible_to(request.user):
            continue
        records = source.matches(request, term, limit + 1)
        if records:
            groups.append(Group(source, term, records[:limit], len(records) > limit))
    return groups
