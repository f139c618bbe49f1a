"""What every role centre shows: a cue (a figure that opens the list it counts) and the week it counts in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode


@dataclass(frozen=True)
class Cue:
    """A figure of a role centre; `url` opens the list with the same filter (None: the user may not open it)."""

    key: str  # stable name for tests and data-testid
    label: str
    count: int
    url: str | None = None
    tone: str = ""  # "danger" or "warning" when the figure asks for attention


def list_url(name: str, **params: object) -> str:
    """The list page `name` with the query parameters (lists repeat a parameter given as a list)."""
    query = {key: value.isoformat() if isinstance(value, datetime.date) else value for key, value in params.items()}
    return f"{reverse(name)}?{urlencode(query, doseq=True)}" if query else reverse(name)


def week_of(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The Monday and the Sunday of today's ISO week."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)
