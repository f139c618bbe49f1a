"""Interaction log entries, logged segments, the history panel and Log Interaction (DOMAIN 3.6, 5.2)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from campaigns.models import Campaign
from contacts.models import Contact
from contacts.services.contacts import PRIVACY_BLOCKED
from core.confirm import confirm
from core.http import local_url, query_param
from interactions import list_cells, log_services
from interactions.lists import ENTRIES, LOGGED_SEGMENT_ENTRIES, LOGGED_SEGMENTS
from interactions.log_forms import LogInteractionForm, initial_values
from interactions.models import InteractionLogEntry, InteractionTemplate, LoggedSegment
from salespeople.models import Salesperson

HISTORY_PANEL_SIZE = 10


def safe_next(request: HttpRequest, fallback: str) -> str:
    return local_url(request, request.POST.get("next") or request.GET.get("next")) or fallback


def selected_ids(request: HttpRequest) -> list[int]:
    """The rows ticked in a list (name="selected"), also accepted comma-separated from the confirmation step."""
    ids = []
    for value in request.POST.getlist("selected"):
        ids.extend(int(part) for part in value.split(",") if part.strip().isdigit() and len(part.strip()) < 19)
    return ids


def url_or_empty(name: str, *args: object) -> str:
    """The URL of another app's page, or "" while that page does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- interaction log entries ------------------------------------------------------------------------------------


@permission_required("interactions.view_interactionlogentry", raise_exception=True)
@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = InteractionLogEntry.objects.select_related(
        "contact", "campaign", "interaction_template", "interaction_group", "salesperson", "user"
    )
    log_query = {name: value for name in ("contact", "campaign") if (value := query_param(request, name))}
    cells = list_cells.entry_selection(request)
    return ENTRIES.render(request, entries, "interactions/entry_list.html", {"log_query": log_query}, cells)


@permission_required("interactions.view_interactionlogentry", raise_exception=True)
@require_safe
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        InteractionLogEntry.objects.select_related(
            "contact",
            "contact_company",
            "campaign",
            "campaign_entry",
            "interaction_template",
            "interaction_group",
            "salesperson",
            "user",
            "logged_segment",
        ),
        pk=pk,
    )
    return render(request, "interactions/entry_detail.html", {"entry": entry})


def _confirm_toggle(request: HttpRequest, plan: log_services.CancelToggle, ids: Iterable[int], action: str, back: str):
    hidden = {
        "selected": ",".join(str(pk) for pk in sorted(ids)),
        "next": back,
        "canceled": "yes" if plan.canceled else "no",
    }
    title = _("Switch Check Mark in Canceled")
    return confirm(request, title=title, question=plan.question, cancel_url=back, hidden=hidden, action=action)


def confirmed_value(request: HttpRequest) -> bool | None:
    """The Canceled value the confirmation asked about (None from an older form: toggle)."""
    return {"yes": True, "no": False}.get(request.POST.get("canceled", ""))


def _toggled_message(plan: log_services.CancelToggle) -> str:
    params = {"table": plan.table, "no": plan.first_no, "count": plan.count}
    if plan.count == 1:
        if plan.canceled:
            return _("%(table)s %(no)s is now marked Canceled.") % params
        return _("The Canceled checkmark of %(table)s %(no)s has been removed.") % params
    if plan.canceled:
        return _("%(count)d %(table)s lines are now marked Canceled.") % params
    return _("The Canceled checkmark of %(count)d %(table)s lines has been removed.") % params


@permission_required("interactions.change_interactionlogentry", raise_exception=True)
@require_POST
def entry_cancel(request: HttpRequest) -> HttpResponse:
    """Switch Check Mark in Canceled on the selected interaction log entries (confirm first)."""
    back = safe_next(request, reverse("interactions:entry_list"))
    ids = selected_ids(request)
    try:
        if request.POST.get("confirmed") != "yes":
            plan = log_services.plan_interaction_cancel_toggle(entry_ids=ids)
            return _confirm_toggle(request, plan, ids, reverse("interactions:entry_cancel"), back)
        plan = log_services.toggle_interactions_canceled(entry_ids=ids, canceled=confirmed_value(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _toggled_message(plan))
    return redirect(back)


# --- logged segments --------------------------------------------------------------------------------------------


@permission_required("interactions.view_loggedsegment", raise_exception=True)
@require_safe
def logged_segment_list(request: HttpRequest) -> HttpResponse:
    logged = LoggedSegment.objects.with_counts().select_related("user")
    return LOGGED_SEGMENTS.render(request, logged, "interactions/logged_segment_list.html", {"no_filters": {}})


@permission_required("interactions.view_loggedsegment", raise_exception=True)
@require_safe
def logged_segment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    logged = get_object_or_404(LoggedSegment.objects.with_counts().select_related("user"), pk=pk)
    campaign_entries = logged.campaign_entries.select_related("campaign", "salesperson").order_by("pk")
    entries = logged.interactions.select_related("contact", "campaign", "interaction_template", "salesperson")
    context = {"logged": logged, "campaign_entries": campaign_entries}
    return LOGGED_SEGMENT_ENTRIES.render(request, entries, "interactions/logged_segment_detail.html", context)


@permission_required("interactions.change_loggedsegment", raise_exception=True)
@require_POST
def logged_segment_cancel(request: HttpRequest) -> HttpResponse:
    """Switch Check Mark in Canceled on the selected logged segments, cascading to their entries (confirm first)."""
    back = safe_next(request, reverse("interactions:logged_segment_list"))
    ids = selected_ids(request)
    try:
        if request.POST.get("confirmed") != "yes":
            plan = log_services.plan_logged_segment_cancel_toggle(logged_segment_ids=ids)
            return _confirm_toggle(request, plan, ids, reverse("interactions:logged_segment_cancel"), back)
        plan = log_services.toggle_logged_segments_canceled(logged_segment_ids=ids, canceled=confirmed_value(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _toggled_message(plan))
    return redirect(back)


# --- history panel (htmx fragment on the contact and campaign cards) ------------------------------------------------


@permission_required("interactions.view_interactionlogentry", raise_exception=True)
@require_safe
def history_panel(request: HttpRequest) -> HttpResponse:
    """The latest interactions of a contact (?contact=), a campaign (?campaign=) or an opportunity (?opportunity=).

    Links to all of them and to log one. The Opportunity No. is a plain number (no lookup): a deleted
    opportunity's interactions still show.
    """
    entries = InteractionLogEntry.objects.select_related("contact", "campaign", "interaction_template")
    contact = campaign = None
    opportunity_no = query_param(request, "opportunity")
    contact_no, campaign_no = query_param(request, "contact"), query_param(request, "campaign")
    if contact_no:
        contact = get_object_or_404(Contact, no=contact_no)
        entries, query = entries.filter(contact=contact), {"contact": contact.no}
    elif campaign_no:
        campaign = get_object_or_404(Campaign, no=campaign_no)
        entries, query = entries.filter(campaign=campaign), {"campaign": campaign.no}
    elif opportunity_no:
        entries, query = entries.filter(opportunity_no=opportunity_no), {"opportunity": opportunity_no}
    else:
        raise Http404(_("Give a contact, a campaign or an opportunity."))
    total = entries.count()
    return render(
        request,
        "interactions/history_panel.html",
        {
            "entries": entries.order_by("-date", "-pk")[:HISTORY_PANEL_SIZE],
            "total": total,
            "contact": contact,
            "campaign": campaign,
            "opportunity_no": opportunity_no if contact is None and campaign is None else "",
            "query": query,
        },
    )


# --- Log Interaction --------------------------------------------------------------------------------------------


def _context_records(request: HttpRequest) -> tuple[Contact | None, Campaign | None]:
    """The contact and campaign the page was opened for (?contact=CT…&campaign=CP…).

    An unknown number is a 404 when the page is opened; during an htmx refresh it is whatever the user
    is typing, so it is simply not found.
    """
    found = {}
    for name, model in [("contact", Contact), ("campaign", Campaign)]:
        no = query_param(request, name)
        if not no:
            found[name] = None
        elif request.htmx:
            found[name] = model.objects.filter(no=no).first()
        else:
            found[name] = get_object_or_404(model, no=no)
    return found["contact"], found["campaign"]


def _default_salesperson(request: HttpRequest, contact: Contact | None, campaign: Campaign | None):
    """The contact's salesperson, else the user's own, else the campaign's (BC InitLine without a segment)."""
    if contact is not None and contact.salesperson_id:
        return contact.salesperson
    own = Salesperson.objects.filter(user=request.user).first()
    if own is not None:
        return own
    return campaign.salesperson if campaign is not None else None


def _after_logging(request: HttpRequest, entry: InteractionLogEntry) -> str:
    fallback = entry.get_absolute_url()
    if request.GET.get("contact"):
        fallback = url_or_empty("contacts:detail", entry.contact.no) or fallback
    elif request.GET.get("campaign") and entry.campaign_id:
        fallback = url_or_empty("campaigns:detail", entry.campaign.no) or fallback
    return safe_next(request, fallback)


@permission_required("interactions.add_interactionlogentry", raise_exception=True)
def log_interaction(request: HttpRequest) -> HttpResponse:
    """Log one interaction with a contact; the template's defaults fill the form (refreshed by htmx on change)."""
    contact, campaign = _context_records(request)
    refresh_url = request.path
    if request.method == "POST":
        form = LogInteractionForm(request.POST, refresh_url=refresh_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = log_services.log_interaction(
                    contact=data["contact"],
                    template=data["interaction_template"],
                    user=request.user,
                    date=data["date"],
                    time_of_interaction=data["time_of_interaction"],
                    description=data["description"],
                    cost=data["cost"],
                    duration=data["duration"],
                    information_flow=data["information_flow"],
                    initiated_by=data["initiated_by"],
                    correspondence_type=data["correspondence_type"],
                    evaluation=data["evaluation"],
                    campaign=data["campaign"],
                    campaign_target=data["campaign_target"],
                    campaign_response=data["campaign_response"],
                    salesperson=data["salesperson"],
                    attempt_failed=data["attempt_failed"],
                    opportunity_no=data["opportunity_no"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Interaction Log Entry %(no)s has been logged for contact %(contact)s.")
                    % {"no": entry.pk, "contact": entry.contact.no},
                )
                return redirect(_after_logging(request, entry))
    else:
        code = query_param(request, "interaction_template")
        template = InteractionTemplate.objects.select_related("campaign").filter(code=code).first() if code else None
        form = LogInteractionForm(
            initial=initial_values(
                contact=contact,
                campaign=campaign,
                salesperson=_default_salesperson(request, contact, campaign),
                template=template,
                typed=request.GET.dict() if request.htmx else None,
                opportunity_no=query_param(request, "opportunity", max_length=20),
            ),
            refresh_url=refresh_url,
        )
    blocked = ""
    if contact is not None and contact.privacy_blocked:
        blocked = PRIVACY_BLOCKED % {"no": contact.no, "name": contact.name}
    back = safe_next(request, reverse("interactions:entry_list"))
    context = {"form": form, "contact": contact, "campaign": campaign, "blocked": blocked, "back": back}
    template_name = "interactions/log_interaction.html"
    if request.htmx and request.method == "GET":
        template_name += "#fields"
    return render(request, template_name, context)
