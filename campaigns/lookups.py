"""The campaign lookup's suggestions (core.lookups): every form that takes a Campaign No. asks here."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from campaigns.models import Campaign
from core.lookups import lookup_options


@permission_required("campaigns.view_campaign", raise_exception=True)
@require_safe
def campaign_options(request: HttpRequest) -> HttpResponse:
    """<option>s for a Campaign No. datalist: the first campaigns whose No. or Description matches what was typed."""
    return lookup_options(request, Campaign.objects.all(), key="no", label="description")
