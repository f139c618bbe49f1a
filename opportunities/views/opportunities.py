"""Opportunities: the list, the card (General, statistics, entries), New, the creation paths, deletion, the panel."""

from __future__ import annotations

import copy
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns.models import Campaign
from contacts.models import Contact
from core.cards import delete_with_question, make_read_only
from core.confirm import confirm, posted_fields
from core.models import MarketingSetup
from interactions.models import InteractionLogEntry
from opportunities.forms import DeleteClosedForm, OpportunityCardForm, OpportunityCreateForm
from opportunities.lists import OPPORTUNITIES
from opportunities.models import Opportunity
from opportunities.services import card, creation
from opportunities.services import messages as bc
from salespeople.models import Salesperson
from segments.models import SegmentHeader, SegmentLine

PANEL_SIZE = 5
PANEL_FILTERS = ("contact", "campaign", "segment")
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
Status = Opportunity.Status


# --- helpers ----------------------------------------------------------------------------------


def visible(user: Any) -> models.QuerySet[Opportunity]:
    return Opportunity.objects.visible_to(user)


def get_opportunity_for(user: Any, no: str, *, statistics: bool = False) -> Opportunity:
    """The opportunity with this No. if the user may see it; 404 otherwise (as tasks: existence is not revealed)."""
    queryset = visible(user).select_related("salesperson", "contact", "contact_company", "campaign", "segment")
    queryset = queryset.select_related("sales_cycle", "no_series")
    if statistics:
        queryset = card.with_statistics(queryset)
    opportunity = queryset.filter(no=no).first() if "\x00" not in no else None
    if opportunity is None:
        raise Http404("No opportunity with this No.")
    return opportunity


def param(params: Any, name: str) -> str:
    """A No./Code from the query string: trimmed, upper-case, '' when it carries a null character."""
    value = str(params.get(name, "")).strip().upper()
    return "" if "\x00" in value else value


def add_service_error(form: Any, error: ValidationError, *, no_field: str | None = None) -> None:
    """Show a service's error next to its field when the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif no_field and getattr(error, "code", None) in {"manual_nos", "no_series"}:
        form.add_error(no_field, error)
    else:
        form.add_error(None, error)


def posted_answers(request: HttpRequest) -> dict[str, bool]:
    """The answers to the card's task questions so far: earlier ones as tasks_<key>, the last one as confirmed."""
    answers = {
        key: request.POST[f"tasks_{key}"] == "yes" for key in card.TASK_QUESTIONS if f"tasks_{key}" in request.POST
    }
    question = request.POST.get("question", "")
    if question in card.TASK_QUESTIONS and request.POST.get("confirmed") in {"yes", "no"}:
        answers[question] = request.POST["confirmed"] == "yes"
    return answers


# --- the list -------------------------------------------------------------------------------


@permission_required("opportunities.view_opportunity", raise_exception=True)
@require_safe
def opportunity_list(request: HttpRequest) -> HttpResponse:
    """The Opportunity List; a salesperson sees only their own opportunities."""
    return OPPORTUNITIES.render(request, visible(request.user).for_list(), "opportunities/opportunity_list.html")


@permission_required("opportunities.view_opportunity", raise_exception=True)
@require_safe
def panel(request: HttpRequest) -> HttpResponse:
    """The htmx fragment on contact, campaign and segment cards: their latest opportunities."""
    params = {key: param(request.GET, key) for key in PANEL_FILTERS if param(request.GET, key)}
    queryset = visible(request.user)
    if "contact" in params:
        queryset = queryset.filter(
            models.Q(contact__no=params["contact"]) | models.Q(contact_company__no=params["contact"])
        )
    if "campaign" in params:
        queryset = queryset.filter(campaign__no=params["campaign"])
    if "segment" in params:
        queryset = queryset.filter(segment__no=params["segment"])
    counts = queryset.aggregate(total=models.Count("pk"), open=models.Count("pk", filter=models.Q(closed=False)))
    latest = list(queryset.with_current().order_by("-creation_date", "-no")[:PANEL_SIZE])
    context = {"opportunities": latest, "counts": counts, "query": urlencode(params)}
    return render(request, "opportunities/_panel.html", context)


# --- the card -------------------------------------------------------------------------------


def render_card(request: HttpRequest, opportunity: Opportunity, form: OpportunityCardForm) -> HttpResponse:
    can_change = request.user.has_perm("opportunities.change_opportunity")
    ask_activate = (
        request.GET.get("created") == "1"
        and can_change
        and opportunity.status == Status.NOT_STARTED
        and opportunity.sales_cycle_id is not None
    )
    assign_query = {"contact": opportunity.contact.no, "salesperson": opportunity.salesperson.code}
    if opportunity.campaign_id:
        assign_query["campaign"] = opportunity.campaign.no
    assign_query["opportunity"] = opportunity.no
    context = {
        "opportunity": opportunity,
        "form": form,
        "entries": opportunity.entries.select_related("close_opportunity_code").order_by("pk"),
        "can_change": can_change,
        "ask_activate": ask_activate,
        "activate_question": bc.ACTIVATE_FIRST_STAGE_QST,
        "assign_query": urlencode(assign_query),
        # Create Interaction from an opportunity: contact, campaign and the opportunity, then back to the card.
        "log_query": urlencode(
            {key: value for key, value in assign_query.items() if key != "salesperson"}
            | {"next": opportunity.get_absolute_url()}
        ),
    }
    return render(request, "opportunities/opportunity_detail.html", context)


@permission_required("opportunities.view_opportunity", raise_exception=True)
@GET_OR_POST
def opportunity_detail(request: HttpRequest, no: str) -> HttpResponse:
    """The Opportunity Card: General (saved with §4.2's rules and optimistic locking), statistics, entries."""
    opportunity = get_opportunity_for(request.user, no, statistics=True)
    can_change = request.user.has_perm("opportunities.change_opportunity")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = OpportunityCardForm(request.POST or None, instance=copy.copy(opportunity), user=request.user)
    if not can_change or opportunity.closed:
        make_read_only(form)
    if request.method == "POST" and form.is_valid():
        answers = posted_answers(request)
        try:
            result = card.update_opportunity_card(
                opportunity=opportunity, changes=form.changes(), expected_version=form.expected_version, answers=answers
            )
        except card.QuestionRequired as question:
            hidden = posted_fields(request) | {f"tasks_{key}": "yes" if yes else "no" for key, yes in answers.items()}
            return confirm(
                request,
                title=_("Opportunity %(no)s") % {"no": opportunity.no},
                question=question.question,
                cancel_url=request.path,
                hidden=hidden | {"question": question.key},
                with_no=True,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, bc.OPPORTUNITY_SAVED % {"no": opportunity.no})
            for count in result.tasks_changed.values():
                messages.info(request, bc.TASKS_CHANGED % {"count": count})
            return redirect(opportunity)
    return render_card(request, opportunity, form)


# --- New and the creation paths ------------------------------------------------------------------


def origin_defaults(request: HttpRequest) -> creation.OpportunityValues:
    """creation.wizard_defaults from the query string (?contact=&campaign=&segment=&salesperson=)."""
    return creation.wizard_defaults(
        today=timezone.localdate(),
        contact=Contact.objects.filter(no=param(request.GET, "contact")).select_related("salesperson").first(),
        salesperson=Salesperson.objects.filter(code=param(request.GET, "salesperson")).first(),
        campaign=Campaign.objects.filter(no=param(request.GET, "campaign")).select_related("salesperson").first(),
        segment=SegmentHeader.objects.filter(no=param(request.GET, "segment"))
        .select_related("campaign", "salesperson")
        .first(),
        user=request.user,
    )


def create_from_form(form: OpportunityCreateForm) -> Opportunity | None:
    """Create the opportunity of a valid New form; None with the errors on the form."""
    data = form.cleaned_data
    if data["no"] and Opportunity.objects.filter(no=data["no"]).exists():
        form.add_error("no", bc.OPPORTUNITY_EXISTS % {"no": data["no"]})
        return None
    today = timezone.localdate()
    values = creation.OpportunityValues(
        description=data["description"],
        creation_date=today,
        priority=data["priority"],
        contact=data["contact"],
        salesperson=data["salesperson"],
        sales_cycle=data["sales_cycle"],
        campaign=data["campaign"],
        segment=data["segment"],
    )
    try:
        return creation.create_opportunity(
            values=values, manual_no=data["no"], today=today, creation_id=data["creation_id"] or uuid.uuid4()
        )
    except ValidationError as error:
        add_service_error(form, error, no_field="no")
    except IntegrityError:  # the typed No. was taken meanwhile
        form.add_error("no", bc.OPPORTUNITY_EXISTS % {"no": data["no"]})
    return None


@permission_required("opportunities.add_opportunity", raise_exception=True)
@GET_OR_POST
def opportunity_create(request: HttpRequest) -> HttpResponse:
    """A new Opportunity Card, pre-filled as BC's OnNewRecord/the Create wizard do from where it was started."""
    form = OpportunityCreateForm(request.POST or None, user=request.user)
    if request.method != "POST":
        form.set_defaults(origin_defaults(request))
    elif form.is_valid() and (opportunity := create_from_form(form)):
        messages.success(request, bc.OPPORTUNITY_CREATED % {"no": opportunity.no})
        return redirect(opportunity.get_absolute_url() + "?created=1")
    context = {
        "form": form,
        "today": timezone.localdate(),
        "series_missing": MarketingSetup.get().opportunity_nos_id is None,
    }
    return render(request, "opportunities/opportunity_form.html", context)


@permission_required(["opportunities.add_opportunity", "interactions.view_interactionlogentry"], raise_exception=True)
@require_POST
def create_from_interaction(request: HttpRequest, entry_no: int) -> HttpResponse:
    """Interaction Log Entry → Create Opportunity: a Not Started opportunity; the entry carries its No."""
    entry = get_object_or_404(InteractionLogEntry, pk=entry_no)
    try:
        opportunity = creation.create_from_interaction(entry=entry, today=timezone.localdate(), user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("interactions:entry_detail", pk=entry.pk)
    messages.success(request, bc.CREATED_FROM_INTERACTION % {"no": opportunity.no})
    return redirect(opportunity)


@permission_required(["opportunities.add_opportunity", "segments.view_segmentheader"], raise_exception=True)
@require_POST
def create_from_segment_line(request: HttpRequest, no: str, line_no: int) -> HttpResponse:
    """A segment line's Create Opportunity (CreateFromSegmentLine): a Not Started opportunity for its contact."""
    line = get_object_or_404(
        SegmentLine.objects.select_related("segment__campaign", "segment__salesperson", "contact", "campaign"),
        segment__no=no,
        line_no=line_no,
    )
    if line.contact_id is None:
        messages.error(request, bc.CONTACT_REQUIRED)
        return redirect(line.segment)
    try:
        opportunity = creation.create_from_segment_line(line=line, today=timezone.localdate(), user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(line.segment)
    messages.success(request, bc.OPPORTUNITY_CREATED % {"no": opportunity.no})
    return redirect(opportunity)


@permission_required(["opportunities.add_opportunity", "segments.view_segmentheader"], raise_exception=True)
@require_POST
def segment_create_not_started(request: HttpRequest, no: str) -> HttpResponse:
    """Segment → "Create opportunities": after BC's question, a Not Started opportunity per contact line.

    Set-based (one INSERT … SELECT whatever the segment's size), so it runs inline even above
    BULK_JOB_THRESHOLD; the question's creation id makes a second Yes create nothing.
    """
    segment = get_object_or_404(SegmentHeader, no=no)
    try:
        creation.check_segment_not_empty(segment)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(segment)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Create opportunities"),
            question=str(bc.CREATE_ALL_IN_SEGMENT_QST),
            cancel_url=segment.get_absolute_url(),
            hidden={"creation_id": str(uuid.uuid4())},
        )
    try:
        creation_id = uuid.UUID(request.POST.get("creation_id", ""))
    except ValueError:
        creation_id = uuid.uuid4()
    try:
        result = creation.create_not_started_for_segment(
            segment=segment, today=timezone.localdate(), creation_id=creation_id, user=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(segment)
    if result.count:
        figures = {"count": result.count, "first": result.first_no, "last": result.last_no}
        messages.success(request, bc.SEGMENT_OPPORTUNITIES_CREATED % figures)
    else:
        messages.warning(request, bc.SEGMENT_NO_OPPORTUNITIES)
    if result.skipped_privacy_blocked:
        messages.info(request, bc.SEGMENT_PRIVACY_SKIPPED % {"count": result.skipped_privacy_blocked})
    return redirect(segment)


# --- deletion -------------------------------------------------------------------------------


@permission_required("opportunities.delete_opportunity", raise_exception=True)
@require_POST
def opportunity_delete(request: HttpRequest, no: str) -> HttpResponse:
    opportunity = get_opportunity_for(request.user, no)
    return delete_with_question(
        request,
        record=opportunity,
        caption=str(opportunity),
        delete=lambda: card.delete_opportunity(opportunity=opportunity),
        deleted=bc.OPPORTUNITY_DELETED % {"no": no},
        done_url=reverse("opportunities:list"),
    )


@permission_required("opportunities.delete_opportunity", raise_exception=True)
@GET_OR_POST
def delete_closed(request: HttpRequest) -> HttpResponse:
    """Report 5182 "Delete Opportunities": filters, a preview count, BC's question, then every closed one goes."""
    form = DeleteClosedForm(request.POST if request.method == "POST" else (request.GET or None))
    matching = None
    if form.is_bound and form.is_valid():
        selected = card.deletable_closed(visible(request.user), **form.filters())
        matching = selected.count()
        if request.method == "POST":
            if request.POST.get("confirmed") != "yes":
                return confirm(
                    request,
                    title=_("Delete Opportunities"),
                    question=bc.DELETE_CLOSED_QST % {"count": matching},
                    cancel_url=reverse("opportunities:delete_closed"),
                    hidden=posted_fields(request),
                    destructive=True,
                )
            count = card.delete_closed_opportunities(selected)
            messages.success(request, bc.CLOSED_OPPORTUNITIES_DELETED % {"count": count})
            return redirect("opportunities:list")
    return render(request, "opportunities/opportunity_delete_closed.html", {"form": form, "matching": matching})


urlpatterns = [
    path("", opportunity_list, name="list"),
    path("new/", opportunity_create, name="create"),
    path("panel/", panel, name="panel"),
    path("delete-closed/", delete_closed, name="delete_closed"),
    path("from-interaction/<int:entry_no>/", create_from_interaction, name="create_from_interaction"),
    path("from-segment/<code:no>/", segment_create_not_started, name="segment_create_not_started"),
    path("from-segment/<code:no>/lines/<int:line_no>/", create_from_segment_line, name="create_from_segment_line"),
    path("<code:no>/", opportunity_detail, name="detail"),
    path("<code:no>/delete/", opportunity_delete, name="delete"),
]
