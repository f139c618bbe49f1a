"""The segment lookup's suggestions (core.lookups): every form that takes a Segment No. asks here."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from core.lookups import lookup_options
from segments.models import SegmentHeader


@permission_required("segments.view_segmentheader", raise_exception=True)
@require_safe
def segment_options(request: HttpRequest) -> HttpResponse:
    """<option>s for a Segment No. datalist: the first segments whose No. or Description matches what was typed."""
    return lookup_options(request, SegmentHeader.objects.all(), key="no", label="description")
