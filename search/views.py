"""The navigation bar's search: contacts, campaigns, segments, tasks and opportunities by number or name."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.forms import SEARCH_MAX_LENGTH
from core.http import query_param
from search.sources import MIN_LENGTH, search

# The navigation bar's suggestions per list; the results page shows more.
SUGGESTIONS = 5
RESULTS = 20


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """The results page, or (for htmx, while typing in the navigation bar) its suggestions partial.

    Any logged-in user may search: each list is searched only if the user may open it.
    """
    term = query_param(request, "q", max_length=SEARCH_MAX_LENGTH).strip()
    suggest = bool(request.htmx) and request.GET.get("suggest") == "1"
    groups = search(request, term, limit=SUGGESTIONS if suggest else RESULTS)
    context = {"term": term, "groups": groups, "too_short": 0 < len(term) < MIN_LENGTH, "min_length": MIN_LENGTH}
    template = "search/results.html#suggestions" if suggest else "search/results.html"
    return render(request, template, context)
