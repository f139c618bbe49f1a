"""Activate (with its preflight) / Deactivate, the target group list and the campaign card's pricing panel."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from campaigns.models import Campaign
from core.http import query_param
from core.models import Job
from core.services import job_target_key, start_job
from pricing import jobs, services
from pricing.lists import TARGET_GROUPS
from pricing.models import CampaignTargetGroup
from pricing.views.common import campaign_card_url


@permission_required("campaigns.activate_campaign", raise_exception=True)
def activate(request: HttpRequest, no: str) -> HttpResponse:
    """GET: the preflight (what activation will do, what is wrong). POST with confirmed=yes: activate.

    BC's question for a campaign without prices or discounts is part of the preflight; large campaigns
    are activated by a background job.
    """
    campaign = get_object_or_404(Campaign, no=no)
    if request.method != "POST" or request.POST.get("confirmed") != "yes":
        return render(request, "pricing/preflight.html", {"check": services.preflight(campaign), **_urls(campaign)})
    if services.targeted_source_count(campaign) > settings.BULK_JOB_THRESHOLD:
        try:
            job = start_job(
                operation=jobs.ACTIVATE,
                target=campaign,
                description=_("Activate campaign %(no)s") % {"no": campaign.no},
                user=request.user,
                parameters={},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("pricing:activate", no=campaign.no)
        messages.info(request, _("Activation of campaign %(no)s runs in the background.") % {"no": campaign.no})
        return redirect(job)
    try:
        services.activate_campaign(campaign=campaign, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pricing:activate", no=campaign.no)
    messages.success(request, services.ACTIVATED % {"no": campaign.no})
    return redirect(campaign_card_url(campaign))


@permission_required("campaigns.activate_campaign", raise_exception=True)
@require_POST
def deactivate(request: HttpRequest, no: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, no=no)
    services.deactivate_campaign(campaign=campaign)
    messages.success(request, services.DEACTIVATED % {"no": campaign.no})
    return redirect(campaign_card_url(campaign))


def _urls(campaign: Campaign) -> dict:
    return {"campaign": campaign, "campaign_url": campaign_card_url(campaign)}


@permission_required("pricing.view_campaigntargetgroup", raise_exception=True)
@require_safe
def target_group_list(request: HttpRequest) -> HttpResponse:
    """Campaign Target Groups, usually of one campaign (?campaign=CP0001)."""
    rows = CampaignTargetGroup.objects.select_related("campaign", "customer", "contact").annotate(
        target_no=Coalesce("customer__no", "contact__no"), target_name=Coalesce("customer__name", "contact__name")
    )
    return TARGET_GROUPS.render(request, rows, "pricing/target_group_list.html")


@permission_required("pricing.view_salesprice", raise_exception=True)
@require_safe
def campaign_panel(request: HttpRequest) -> HttpResponse:
    """The campaign card's pricing part (htmx fragment, ?campaign=CP0001): Activated, targets, prices, actions."""
    campaign = get_object_or_404(
        Campaign.objects.annotate(**services.pricing_figures()).select_related("activation__activated_by"),
        no=query_param(request, "campaign"),
    )
    target_type, target_key = job_target_key(campaign)
    running = Job.objects.running().filter(operation=jobs.ACTIVATE, target_type=target_type, target_key=target_key)
    context = {
        "campaign": campaign,
        "activation": getattr(campaign, "activation", None),
        "job": running.first(),
    }
    return render(request, "pricing/campaign_panel.html", context)
