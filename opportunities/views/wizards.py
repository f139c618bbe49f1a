"""The opportunity wizards: Update, Close, Activate First Stage, Create Opportunity (one, or one per segment contact).

Each page is a form the services check in BC's order; their messages go next to the fields. The Update and
Close pages recompute their defaults with htmx as the user changes the action, the stage or the date (and with
a Recalculate button without JavaScript). The segment wizard shows what it will create and asks BC's question
before anything is written; a large segment runs as a background job shown on the segment card.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns.models import Campaign
from contacts.models import Contact
from core.confirm import confirm, posted_fields
from core.models import Job
from core.services import start_job
from opportunities import jobs
from opportunities.forms_wizards import (
    CloseOpportunityForm,
    CreateOpportunityForm,
    UpdateOpportunityForm,
    create_initial,
    typed,
    update_initial,
)
from opportunities.models import Opportunity, OpportunityEntry
from opportunities.services import creation, wizards
from opportunities.services import messages as bc
from salespeople.models import Salesperson
from segments.models import SegmentHeader
from tasks.models import Task

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
Action = OpportunityEntry.ActionTaken


# --- helpers ------------------------------------------------------------------------------------------------


def add_service_error(form: Any, error: ValidationError) -> None:
    """Show a service's error next to its field when the form has that field, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def get_opportunity_for(user: Any, no: str) -> Opportunity:
    """The opportunity, if the user may work on it (a salesperson: own opportunities only), else 404."""
    return get_object_or_404(
        Opportunity.objects.visible_to(user).select_related("sales_cycle", "contact", "salesperson"), no=no
    )


def card_url(opportunity: Opportunity) -> str:
    try:
        return opportunity.get_absolute_url()
    except NoReverseMatch:  # the card is another page's; fall back while it does not exist
        return reverse("opportunities:pipeline")


def segment_url(segment: SegmentHeader) -> str:
    return reverse("segments:detail", kwargs={"no": segment.no})


def created_list_url(segment: SegmentHeader) -> str:
    try:
        return f"{reverse('opportunities:list')}?segment={segment.no}"
    except NoReverseMatch:
        return segment_url(segment)


def refuse(request: HttpRequest, opportunity: Opportunity, error: ValidationError) -> HttpResponse:
    """A wizard that cannot start (closed, no stages): BC's message on the card."""
    messages.error(request, " ".join(error.messages))
    if request.htmx:  # a partial request: send the whole page to the card, not the card into the region
        return HttpResponse(status=204, headers={"HX-Redirect": card_url(opportunity)})
    return redirect(card_url(opportunity))


def tasks_created(count: int) -> str:
    return ngettext("%(count)d task was created.", "%(count)d tasks were created.", count) % {"count": count}


def tasks_of(entry: OpportunityEntry) -> int:
    return Task.objects.filter(opportunity_entry_no=entry.pk).count()


def current_figures(opportunity: Opportunity) -> OpportunityEntry | None:
    return opportunity.entries.filter(active=True).first()


# --- Update Opportunity -------------------------------------------------------------------------------------


def recalculated(opportunity: Opportunity, data: QueryDict, *, today: datetime.date, url: str) -> UpdateOpportunityForm:
    """The Update page after the action, stage or Date of Change changed (DOMAIN A.11): the stage list and the
    default chances and closing date recomputed; the typed Estimated Value kept; Cancel Old Tasks off again
    when the action changed."""
    probe = UpdateOpportunityForm(defaults=wizards.update_defaults(opportunity, today=today), defaults_url=url)
    fields = probe.fields
    action_type = data.get("action_type", "")
    defaults = wizards.update_defaults(
        opportunity,
        today=today,
        action_type=action_type,
        stage=typed(data, "stage", fields["stage"]),
        date_of_change=typed(data, "date_of_change", fields["date_of_change"]),
    )
    same_action = defaults.action_type == data.get("shown_action_type")
    initial = update_initial(
        defaults,
        version=typed(data, "version", fields["version"]) or opportunity.version,
        cancel_old_tasks=same_action and typed(data, "cancel_old_tasks", fields["cancel_old_tasks"]) is True,
    )
    value = typed(data, "estimated_value", fields["estimated_value"])
    if value is not None:
        initial["estimated_value"] = value
    return UpdateOpportunityForm(initial=initial, defaults=defaults, defaults_url=url)


def render_update(request: HttpRequest, opportunity: Opportunity, form: UpdateOpportunityForm) -> HttpResponse:
    context = {"opportunity": opportunity, "form": form, "current": current_figures(opportunity)}
    return render(request, "opportunities/wizard_update.html", context)


@permission_required("opportunities.change_opportunity", raise_exception=True)
@GET_OR_POST
def update(request: HttpRequest, no: str) -> HttpResponse:
    """Update Opportunity (§6.4): move to the next, previous or another stage, or update the estimates."""
    opportunity = get_opportunity_for(request.user, no)
    today = timezone.localdate()
    url = reverse("opportunities:update_defaults", kwargs={"no": no})
    try:
        defaults = wizards.update_defaults(opportunity, today=today, action_type=request.GET.get("action", ""))
    except ValidationError as error:
        return refuse(request, opportunity, error)
    if request.method != "POST":
        initial = update_initial(defaults, version=opportunity.version)
        return render_update(
            request, opportunity, UpdateOpportunityForm(initial=initial, defaults=defaults, defaults_url=url)
        )
    if "recalculate" in request.POST:
        return render_update(request, opportunity, recalculated(opportunity, request.POST, today=today, url=url))
    posted = wizards.update_defaults(
        opportunity, today=today, action_type=request.POST.get("action_type", ""), stage=None
    )
    form = UpdateOpportunityForm(request.POST, defaults=posted, defaults_url=url)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = wizards.update_opportunity(
                opportunity=opportunity,
                action_type=data["action_type"],
                stage=data["stage"],
                date_of_change=data["date_of_change"],
                estimated_value=data["estimated_value"],
                chances_of_success_pct=data["chances_of_success_pct"],
                estimated_close_date=data["estimated_close_date"],
                cancel_old_tasks=data["cancel_old_tasks"],
                expected_version=data["version"] if data["version"] is not None else opportunity.version,
                today=today,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            text = _("Opportunity %(no)s has been updated.") % {"no": opportunity.no}
            if entry.action_taken != Action.UPDATED:
                text += " " + tasks_created(tasks_of(entry))
            messages.success(request, text)
            return redirect(card_url(opportunity))
    return render_update(request, opportunity, form)


@permission_required("opportunities.change_opportunity", raise_exception=True)
@require_safe
def update_defaults(request: HttpRequest, no: str) -> HttpResponse:
    """The Update page's stage list and defaults for the action, stage and date the user has chosen (htmx)."""
    opportunity = get_opportunity_for(request.user, no)
    url = reverse("opportunities:update_defaults", kwargs={"no": no})
    try:
        form = recalculated(opportunity, request.GET, today=timezone.localdate(), url=url)
    except ValidationError as error:
        return refuse(request, opportunity, error)
    context = {"opportunity": opportunity, "form": form, "current": current_figures(opportunity)}
    template = "opportunities/wizard_update.html"
    return render(request, f"{template}#defaults" if request.htmx else template, context)


# --- Close Opportunity --------------------------------------------------------------------------------------


def close_form(
    opportunity: Opportunity, data: QueryDict | None, *, today: datetime.date, url: str, refresh: bool = False
) -> CloseOpportunityForm:
    """The Close page; `refresh` (Won/Lost changed): the codes of the chosen type, the only one auto-filled."""
    if data is None or refresh:
        source = data or QueryDict()
        action = source.get("action", "")
        defaults = wizards.close_defaults(
            opportunity, action=action if action in (Action.WON, Action.LOST) else "", today=today
        )
        probe = CloseOpportunityForm(action=defaults.action, refresh_url=url)
        initial = {
            "action": defaults.action,
            "close_opportunity_code": defaults.close_opportunity_code.code if defaults.close_opportunity_code else "",
            "closing_date": defaults.closing_date,
            "sales": defaults.sales,
            "cancel_old_tasks": defaults.cancel_old_tasks,
            "version": opportunity.version,
        }
        if data is not None and "version" in source:  # the page's own values (htmx or Recalculate): keep them
            fields = probe.fields
            code = typed(source, "close_opportunity_code", fields["close_opportunity_code"])
            if code is not None and code.type == defaults.action:
                initial["close_opportunity_code"] = code.code
            for name in ("closing_date", "sales", "version"):
                if (value := typed(source, name, fields[name])) is not None:
                    initial[name] = value
            initial["cancel_old_tasks"] = source.get("cancel_old_tasks") in ("on", "true", "1")
        return CloseOpportunityForm(initial=initial, action=defaults.action, refresh_url=url)
    action = data.get("action", "")  # the form refuses anything else next to the field; no query sees it
    return CloseOpportunityForm(data, action=action if action in (Action.WON, Action.LOST) else "", refresh_url=url)


@permission_required("opportunities.change_opportunity", raise_exception=True)
@GET_OR_POST
def close(request: HttpRequest, no: str) -> HttpResponse:
    """Close Opportunity (§6.6): Won or Lost with a Close Opportunity Code, a final Active entry."""
    opportunity = get_opportunity_for(request.user, no)
    today = timezone.localdate()
    url = reverse("opportunities:close", kwargs={"no": no})
    try:
        wizards.check_open(opportunity)
    except ValidationError as error:
        return refuse(request, opportunity, error)
    template = "opportunities/wizard_close.html"
    if request.method != "POST":
        # ?action=won|lost preselects; htmx asks again with the whole form when Won/Lost changes.
        form = close_form(opportunity, request.GET, today=today, url=url, refresh=True)
        context = {"opportunity": opportunity, "form": form, "current": current_figures(opportunity)}
        return render(request, f"{template}#fields" if request.htmx else template, context)
    if "recalculate" in request.POST:
        form = close_form(opportunity, request.POST, today=today, url=url, refresh=True)
    else:
        form = close_form(opportunity, request.POST, today=today, url=url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                wizards.close_opportunity(
                    opportunity=opportunity,
                    action=data["action"],
                    close_opportunity_code=data["close_opportunity_code"],
                    closing_date=data["closing_date"],
                    sales=data["sales"],
                    cancel_old_tasks=data["cancel_old_tasks"],
                    expected_version=data["version"] if data["version"] is not None else opportunity.version,
                    today=today,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                status = Action(data["action"]).label
                messages.success(
                    request, _("Opportunity %(no)s has been closed as %(status)s.") % {"no": no, "status": status}
                )
                return redirect(card_url(opportunity))
    return render(
        request, template, {"opportunity": opportunity, "form": form, "current": current_figures(opportunity)}
    )


# --- Activate First Stage -----------------------------------------------------------------------------------


@permission_required("opportunities.change_opportunity", raise_exception=True)
@require_POST
def activate_first_stage(request: HttpRequest, no: str) -> HttpResponse:
    """Activate First Stage (§4.6), after BC's question (the card's post-creation question answers it already)."""
    opportunity = get_opportunity_for(request.user, no)
    if request.POST.get("confirmed") != "yes":
        hidden = posted_fields(request)
        hidden.setdefault("version", str(opportunity.version))
        return confirm(
            request,
            title=_("Activate First Stage"),
            question=str(bc.ACTIVATE_FIRST_STAGE_QST),
            cancel_url=card_url(opportunity),
            hidden=hidden,
        )
    version = request.POST.get("version", "")
    try:
        entry = wizards.activate_first_stage(
            opportunity=opportunity,
            today=timezone.localdate(),
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The first stage of opportunity %(no)s has been activated.") % {"no": no}
            + " "
            + tasks_created(tasks_of(entry)),
        )
    return redirect(card_url(opportunity))


# --- Create Opportunity -------------------------------------------------------------------------------------


def origin(model: type, field: str, value: str) -> Any:
    return model.objects.filter(**{field: value.strip()}).first() if value and "\x00" not in value else None


@permission_required("opportunities.add_opportunity", raise_exception=True)
@GET_OR_POST
def create_wizard(request: HttpRequest) -> HttpResponse:
    """Create Opportunity (§4.5): one opportunity, its first stage activated if asked."""
    today = timezone.localdate()
    if request.method != "POST":
        params = request.GET
        values = creation.wizard_defaults(
            today=today,
            contact=origin(Contact, "no", params.get("contact", "")),
            salesperson=origin(Salesperson, "code", params.get("salesperson", "")),
            campaign=origin(Campaign, "no", params.get("campaign", "")),
            segment=origin(SegmentHeader, "no", params.get("segment", "")),
            user=request.user,
        )
        form = CreateOpportunityForm(initial=create_initial(values), user=request.user)
        return render(request, "opportunities/wizard_create.html", {"form": form})
    form = CreateOpportunityForm(request.POST, user=request.user)
    if form.is_valid():
        first = form.first_stage()
        try:
            opportunity = creation.create_opportunity(
                values=form.opportunity_values(), first=first, today=today, creation_id=form.cleaned_data["creation_id"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            text = _("Opportunity %(no)s has been created.") % {"no": opportunity.no}
            if entry := current_figures(opportunity):
                text += " " + _("Its first stage is active.") + " " + tasks_created(tasks_of(entry))
            messages.success(request, text)
            return redirect(card_url(opportunity))
    return render(request, "opportunities/wizard_create.html", {"form": form})


# --- Create Opportunity on a segment ------------------------------------------------------------------------


def segment_preview(segment: SegmentHeader, form: CreateOpportunityForm) -> dict[str, Any]:
    """What Yes will create: opportunities, privacy-blocked contacts left out, entries and tasks."""
    count, blocked = creation.segment_count(segment)
    entries = tasks = 0
    first = form.first_stage()
    if first is not None:
        stage = wizards.first_stage(Opportunity(sales_cycle=form.cleaned_data["sales_cycle"]))
        steps = (stage.activity.steps.count() or 1) if stage.activity_id else 0
        entries, tasks = count, count * steps
    return {"count": count, "blocked": blocked, "entries": entries, "tasks": tasks, "first": first}


def created_message(result: creation.SegmentCreation | dict) -> str:
    figures = result if isinstance(result, dict) else vars(result)
    if not figures["count"]:
        return _("No opportunities were created.")
    text = _("%(count)s opportunities have been created (%(first)s..%(last)s).") % {
        "count": figures["count"],
        "first": figures["first_no"],
        "last": figures["last_no"],
    }
    if figures.get("entries"):
        text += " " + _("%(entries)s opportunity entries and %(tasks)s tasks were created.") % {
            "entries": figures["entries"],
            "tasks": figures["tasks"],
        }
    return text


def start_creation_job(
    request: HttpRequest, segment: SegmentHeader, form: CreateOpportunityForm, count: int
) -> HttpResponse:
    job = start_job(
        operation=jobs.CREATE_FOR_SEGMENT,
        target=segment,
        description=_("Create %(count)d opportunities") % {"count": count},
        user=request.user,
        parameters={
            "creation_id": str(form.cleaned_data["creation_id"]),
            "values": jobs.values_to_params(form.opportunity_values()),
            "first": jobs.first_to_params(form.first_stage()),
        },
    )
    if job.status == Job.Status.SUCCEEDED:
        messages.success(request, created_message(job.result))
        return redirect(created_list_url(segment))
    if job.status == Job.Status.FAILED:
        messages.error(request, _("Creating the opportunities failed: %(error)s") % {"error": job.error})
    else:
        messages.info(
            request,
            _("The opportunities are being created in the background; the progress is shown on the segment."),
        )
    return redirect(segment_url(segment))


@permission_required("opportunities.add_opportunity", raise_exception=True)
@permission_required("segments.view_segmentheader", raise_exception=True)
@GET_OR_POST
def segment_wizard(request: HttpRequest, no: str) -> HttpResponse:
    """Create Opportunity on a segment (§4.5): the wizard, a preview with BC's question, then Yes creates."""
    segment = get_object_or_404(SegmentHeader.objects.select_related("campaign", "salesperson"), no=no)
    today = timezone.localdate()
    try:
        creation.check_segment_not_empty(segment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(segment_url(segment))
    template = "opportunities/wizard_create.html"
    if request.method != "POST":
        values = creation.wizard_defaults(today=today, segment=segment, user=request.user)
        form = CreateOpportunityForm(initial=create_initial(values), user=request.user, segment=segment)
        return render(request, template, {"form": form, "segment": segment})
    answer = request.POST.get("confirmed")
    if answer == "no":
        messages.info(request, _("No opportunities were created."))
        return redirect(segment_url(segment))
    form = CreateOpportunityForm(request.POST, user=request.user, segment=segment)
    if form.is_valid() and request.POST.get("step") != "edit":
        values, first = form.opportunity_values(), form.first_stage()
        try:
            creation.check_values(values, first)
            preview = segment_preview(segment, form)
            if answer != "yes":
                hidden = {k: v for k, v in posted_fields(request).items() if k != "step"}
                hidden["creation_id"] = str(form.cleaned_data["creation_id"])
                context = {
                    "form": form,
                    "segment": segment,
                    "values": values,
                    "preview": preview,
                    "hidden": hidden,
                    "question": bc.CREATE_FOR_SEGMENT_QST % {"segment": segment.no},
                    "as_job": preview["count"] > settings.BULK_JOB_THRESHOLD,
                }
                return render(request, "opportunities/wizard_segment_preview.html", context)
            if preview["count"] > settings.BULK_JOB_THRESHOLD:
                return start_creation_job(request, segment, form, preview["count"])
            result = creation.create_for_segment(
                values=values, first=first, today=today, creation_id=form.cleaned_data["creation_id"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, created_message(result))
            return redirect(created_list_url(segment))
    return render(request, template, {"form": form, "segment": segment})


urlpatterns = [
    path("create-wizard/", create_wizard, name="create_wizard"),
    path("<code:no>/update/", update, name="update"),
    path("<code:no>/update/defaults/", update_defaults, name="update_defaults"),
    path("<code:no>/close/", close, name="close"),
    path("<code:no>/activate-first-stage/", activate_first_stage, name="activate_first_stage"),
    path("segment/<code:no>/create-wizard/", segment_wizard, name="segment_wizard"),
]
