"""The pipeline page (open opportunities per stage, funnel, forecast) and a campaign's Opportunities block."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_safe

from campaigns.forms import DateRangeForm
from campaigns.models import Campaign
from core.http import query_param
from opportunities.charts import forecast_chart, funnel_chart
from opportunities.filters_pipeline import PipelineFilterForm
from opportunities.models import Opportunity
from opportunities.statistics import CARDS_PER_COLUMN, campaign_opportunity_statistics, pipeline


@permission_required("opportunities.view_opportunity", raise_exception=True)
@require_safe
def pipeline_page(request: HttpRequest) -> HttpResponse:
    """Open opportunities of one sales cycle as columns per stage, with a funnel and a forecast by month."""
    form = PipelineFilterForm(request.GET, user=request.user)
    cycle = form.cycle()
    board = None
    if cycle is not None:
        board = pipeline(form.filter(Opportunity.objects.visible_to(request.user)), cycle)
    context = {
        "form": form,
        "cycle": cycle,
        "board": board,
        "per_column": CARDS_PER_COLUMN,
        "funnel": funnel_chart(board.columns) if board else None,
        "forecast": forecast_chart(board.forecast) if board else None,
    }
    template = "opportunities/pipeline.html#board" if request.htmx else "opportunities/pipeline.html"
    return render(request, template, context)


@permission_required(["opportunities.view_opportunity", "campaigns.view_campaign"], raise_exception=True)
@require_safe
def campaign_statistics(request: HttpRequest) -> HttpResponse:
    """The htmx fragment of a campaign's card and statistics page: its opportunities and what they won.

    Campaign-level totals: everyone who may see the campaign and opportunities sees all of its opportunities'
    figures, a salesperson included (the figures name no opportunity).
    """
    campaign = get_object_or_404(Campaign, no=query_param(request, "campaign"))
    form = DateRangeForm(request.GET)
    dates = form.cleaned_data if form.is_valid() else {}
    stats = campaign_opportunity_statistics(campaign, date_from=dates.get("date_from"), date_to=dates.get("date_to"))
    context = {
        "campaign": campaign,
        "opportunity_stats": stats,
        "filtered": bool(dates.get("date_from") or dates.get("date_to")),
    }
    return render(request, "opportunities/_campaign_statistics.html", context)


urlpatterns = [
    path("pipeline/", pipeline_page, name="pipeline"),
    path("campaign-statistics/", campaign_statistics, name="campaign_statistics"),
]
