"""Reading query parameters that reach a query: hostile values become "no value", never a 500.

PostgreSQL refuses text with a NUL byte ("A string literal cannot contain NUL"), and a date such as
2026-02-30 is well formed but no date; both come from a URL anyone can type.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any code, No., name or search text a page filters on; longer values are not a lookup.
MAX_PARAM_LENGTH = 250


def usable_text(value: object, *, max_length: int = MAX_PARAM_LENGTH) -> str:
    """`value` stripped, or "" when it is not text, holds a NUL byte or is longer than `max_length`."""
    if not isinstance(value, str) or "\x00" in value or len(value) > max_length:
        return ""
    return value.strip()


def query_param(request: HttpRequest, name: str, *, max_length: int = MAX_PARAM_LENGTH) -> str:
    """The GET parameter `name`, stripped; "" when missing, with a NUL byte or over `max_length`."""
    return usable_text(request.GET.get(name, ""), max_length=max_length)


def as_date(value: object) -> datetime.date | None:
    """`value` (YYYY-MM-DD) as a date; None when it is missing or not a date."""
    try:
        return parse_date(usable_text(value, max_length=10))
    except ValueError:
        return None


def date_param(request: HttpRequest, name: str) -> datetime.date | None:
    """The GET parameter `name` as a date (YYYY-MM-DD); None when missing or not a date."""
    return as_date(request.GET.get(name))


def local_url(request: HttpRequest, value: object) -> str:
    """`value` when it is a path on this site ("/segments/SM0001/?page=2"), else "".

    A bare word ("next=foo") would make redirect() look it up as a URL name and fail; another host is refused.
    """
    target = usable_text(value, max_length=2000)
    if not target.startswith("/") or target.startswith("//"):
        return ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""
