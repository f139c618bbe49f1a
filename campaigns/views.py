"""Campaigns: list, card, status, comments, entries, statistics, deletion (status codes: campaigns.lists)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import FETCH_PEERS
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from campaigns import services
from campaigns.charts import weekly_chart
from campaigns.forms import CampaignForm, CommentForm, DateRangeForm, DeleteEntriesForm
from campaigns.lists import CAMPAIGN_ENTRIES, CAMPAIGNS
from campaigns.models import Campaign, CampaignComment, CampaignEntry
from campaigns.statistics import campaign_statistics
from campaigns.timeline import campaign_timeline
from core.cards import delete_with_question, make_read_only, save_card
from core.confirm import confirm
from core.models import MarketingSetup


def posted_version(request: HttpRequest, campaign: Campaign) -> int:
    """The version the user's page was built from; a post without one (or a garbled one) matches no version."""
    posted = request.POST.get("version", "")
    return int(posted) if posted.isdigit() and len(posted) < 10 else -1


# --- list and create ----------------------------------------------------------------------------


@permission_required("campaigns.view_campaign", raise_exception=True)
@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaign list, or (?view=timeline) the same filtered page of campaigns as bars over their dates."""
    queryset = (
        Campaign.objects.select_related("status", "salesperson")
        .with_activated()
        .with_status_rank()
        .fetch_mode(FETCH_PEERS)  # the page's response rates in one query (Campaign.response_rate)
    )
    if (export := CAMPAIGNS.export_response(request, queryset)) is not None:
        return export
    filterset, _queryset, listing = CAMPAIGNS.build(request, queryset)
    context = {"filter": filterset, "page_obj": listing.page_obj, "order": listing.order, "listing": listing}
    context["active_filters"] = sum(1 for name in filterset.form.fields if request.GET.get(name, "").strip())
    if request.GET.get("view") == "timeline":
        period = filterset.form.cleaned_data if filterset.form.is_valid() else {}
        context["timeline"] = campaign_timeline(
            [row.object for row in listing.rows],
            today=timezone.localdate(),
            period_from=period.get("period_from"),
            period_to=period.get("period_to"),
        )
    return render(request, "campaigns/campaign_list.html", context)


@permission_required("campaigns.add_campaign", raise_exception=True)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(
                campaign=form.instance, user=request.user, manual_no=form.cleaned_data["no"]
            )
        except ValidationError as error:
            form.add_error("no" if getattr(error, "code", None) == "manual_nos" else None, error)
        else:
            messages.success(request, _("Campaign %(no)s has been created.") % {"no": campaign.no})
            return redirect(campaign)
    series_missing = MarketingSetup.get().campaign_nos_id is None
    return render(request, "campaigns/campaign_form.html", {"form": form, "series_missing": series_missing})


# --- the card -----------------------------------------------------------------------------------


def card_campaign(no: str) -> Campaign:
    """The campaign of the card, with what its header shows (status colour, Activated) in the same query."""
    campaigns = Campaign.objects.select_related("status", "salesperson", "no_series").with_activated()
    return get_object_or_404(campaigns.with_status_rank(), no=no)


def render_card(request: HttpRequest, campaign: Campaign, *, form=None, comment_form=None, status=200):
    stats = campaign_statistics(campaign)
    context = {
        "campaign": campaign,
        "form": form,
        "next_status": campaign.next_status(),
        "stats": stats,
        "chart": weekly_chart(stats.weeks),
        "comments": campaign.comments.all(),
        "comment_form": comment_form or CommentForm(),
    }
    return render(request, "campaigns/campaign_detail.html", context, status=status)


@permission_required("campaigns.view_campaign", raise_exception=True)
def campaign_detail(request: HttpRequest, no: str) -> HttpResponse:
    """The Campaign Card: General (editable with optimistic locking), status, statistics, comments, links."""
    campaign = card_campaign(no)
    if request.method == "POST" and not request.user.has_perm("campaigns.change_campaign"):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=copy.copy(campaign))
    if not request.user.has_perm("campaigns.change_campaign"):
        make_read_only(form)

    def update(form: CampaignForm) -> None:
        services.update_campaign(campaign=form.instance, expected_version=form.expected_version)

    if save_card(request, form, update):
        messages.success(request, _("Campaign %(no)s has been saved.") % {"no": campaign.no})
        return redirect(campaign)
    return render_card(request, campaign, form=form)


@permission_required("campaigns.change_campaign", raise_exception=True)
@require_POST
def advance_status(request: HttpRequest, no: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("status"), no=no)
    try:
        status = services.advance_status(campaign=campaign, expected_version=posted_version(request, campaign))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Campaign %(no)s is now in status %(status)s.") % {"no": no, "status": status})
    return redirect(campaign)


@permission_required("campaigns.delete_campaign", raise_exception=True)
@require_POST
def campaign_delete(request: HttpRequest, no: str) -> HttpResponse:
    """Delete after BC's question, asked only when nothing blocks it (open entries or interactions say why)."""
    campaign = get_object_or_404(Campaign, no=no)
    return delete_with_question(
        request,
        record=campaign,
        caption=_("Campaign %(campaign)s") % {"campaign": campaign},
        delete=lambda: services.delete_campaign(campaign=campaign),
        deleted=_("Campaign %(no)s has been deleted.") % {"no": no},
        done_url=reverse("campaigns:list"),
    )


@permission_required("campaigns.add_campaigncomment", raise_exception=True)
@require_POST
def comment_add(request: HttpRequest, no: str) -> HttpResponse:
    campaign = card_campaign(no)
    comment_form = CommentForm(request.POST)
    if not comment_form.is_valid():
        form = CampaignForm(instance=copy.copy(campaign))
        if not request.user.has_perm("campaigns.change_campaign"):
            make_read_only(form)
        return render_card(request, campaign, form=form, comment_form=comment_form)
    services.add_comment(campaign=campaign, user=request.user, **comment_form.cleaned_data)
    messages.success(request, _("The comment has been added."))
    return redirect(reverse("campaigns:detail", kwargs={"no": no}) + "#comments")


@permission_required("campaigns.delete_campaigncomment", raise_exception=True)
@require_POST
def comment_delete(request: HttpRequest, no: str, pk: int) -> HttpResponse:
    comment = get_object_or_404(CampaignComment, pk=pk, campaign__no=no)
    comment.delete()
    messages.success(request, _("The comment has been deleted."))
    return redirect(reverse("campaigns:detail", kwargs={"no": no}) + "#comments")


# --- statistics ---------------------------------------------------------------------------------


@permission_required("campaigns.view_campaign", raise_exception=True)
@require_safe
def statistics(request: HttpRequest, no: str) -> HttpResponse:
    """Campaign Statistics with a Date Filter and the weekly chart."""
    campaign = get_object_or_404(Campaign, no=no)
    form = DateRangeForm(request.GET or None)
    dates = form.cleaned_data if form.is_bound and form.is_valid() else {}
    stats = campaign_statistics(campaign, date_from=dates.get("date_from"), date_to=dates.get("date_to"))
    context = {"campaign": campaign, "form": form, "stats": stats, "chart": weekly_chart(stats.weeks)}
    # The Date Filter, passed on to the opportunities block that the opportunities app renders.
    context["date_query"] = urlencode({name: value.isoformat() for name, value in dates.items() if value})
    return render(request, "campaigns/campaign_statistics.html", context)


# --- campaign entries ---------------------------------------------------------------------------


@permission_required("campaigns.view_campaignentry", raise_exception=True)
@require_safe
def entries(request: HttpRequest, no: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, no=no)
    queryset = campaign.entries.with_figures().select_related("salesperson", "user")
    return CAMPAIGN_ENTRIES.render(request, queryset, "campaigns/entry_list.html", {"campaign": campaign})


def entries_url(no: str) -> str:
    return reverse("campaigns:entries", kwargs={"no": no})


@permission_required("campaigns.change_campaignentry", raise_exception=True)
@require_POST
def entry_cancel(request: HttpRequest, no: str, entry_no: int) -> HttpResponse:
    """Switch the Canceled checkmark of a campaign entry (and of its interactions), after BC's question."""
    entry = get_object_or_404(CampaignEntry, pk=entry_no, campaign__no=no)
    if request.POST.get("confirmed") != "yes":
        if entry.canceled:
            question = _("Campaign Entry %(no)s is marked Canceled. Do you wish to remove the checkmark?")
        else:
            question = _("Do you wish to mark Campaign Entry %(no)s as Canceled?")
        return confirm(
            request,
            title=_("Canceled"),
            question=question % {"no": entry.pk},
            cancel_url=entries_url(no),
            hidden={"canceled": "no" if entry.canceled else "yes"},
        )
    canceled = {"yes": True, "no": False}.get(request.POST.get("canceled", ""), not entry.canceled)
    try:
        services.set_entry_canceled(entry=entry, canceled=canceled)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(entries_url(no))
    if canceled:
        messages.success(request, _("Campaign Entry %(no)s is marked Canceled.") % {"no": entry.pk})
    else:
        messages.success(request, _("Campaign Entry %(no)s is no longer canceled.") % {"no": entry.pk})
    return redirect(entries_url(no))


@permission_required("campaigns.delete_campaignentry", raise_exception=True)
@require_POST
def entry_delete(request: HttpRequest, no: str, entry_no: int) -> HttpResponse:
    entry = get_object_or_404(CampaignEntry, pk=entry_no, campaign__no=no)
    if entry.canceled and request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete Campaign Entry"),
            question=_("Do you want to delete Campaign Entry %(no)s and its interaction log entries?")
            % {"no": entry.pk},
            cancel_url=entries_url(no),
            destructive=True,
        )
    try:
        services.delete_campaign_entry(entry=entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, services.ENTRIES_DELETED % {"count": 1})
    return redirect(entries_url(no))


@permission_required("campaigns.delete_campaignentry", raise_exception=True)
def entries_delete(request: HttpRequest, no: str) -> HttpResponse:
    """The batch "Delete Campaign Entries" for this campaign: filters, a preview, then the deletion."""
    campaign = get_object_or_404(Campaign, no=no)
    form = DeleteEntriesForm(request.POST if request.method == "POST" else (request.GET or None))
    if request.method == "POST" and form.is_valid():
        count = services.delete_campaign_entries(campaign=campaign, **form.filters())
        messages.success(request, services.ENTRIES_DELETED % {"count": count})
        return redirect(entries_url(no))
    matching = None
    if form.is_bound and form.is_valid():
        matching = services.deletable_entries(campaign=campaign, **form.filters()).count()
    context = {"campaign": campaign, "form": form, "matching": matching}
    return render(request, "campaigns/entries_delete.html", context)
