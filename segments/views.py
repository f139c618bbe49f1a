"""Segment list, segment card (header, lines), criteria request pages, Go Back and saved criteria."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from campaigns.models import Campaign
from contacts.models import Contact
from core.cards import run_here_or_as_job
from core.confirm import confirm, posted_fields
from core.http import local_url, query_param
from core.models import Job
from core.services import job_target_key
from segments import jobs
from segments.filters import LINE_FILTER_PARAMS, filtered_lines, segment_list_queryset
from segments.forms import (
    AddContactForm,
    CriteriaForm,
    ReuseCriteriaForm,
    ReuseLoggedForm,
    SaveCriteriaForm,
    SegmentHeaderForm,
    SegmentLineForm,
)
from segments.line_cells import LineCells
from segments.lists import SAVED_CRITERIA, SEGMENT_LINES, SEGMENTS
from segments.models import SavedSegmentCriteria, SegmentCriteriaAction, SegmentHeader, SegmentLine
from segments.services import criteria, lines, propagation

Action = SegmentCriteriaAction.Action
# The token of an Apply click, as criteria_action hands it out (secrets.token_hex(16)).
APPLY_TOKEN = re.compile(r"[0-9a-f]{32}")
ACTION_SLUGS = {"add": Action.ADD, "reduce": Action.REDUCE, "refine": Action.REFINE}


def get_segment(no: str) -> SegmentHeader:
    """The segment the URL names (every segment is visible to whoever may view segments)."""
    return get_object_or_404(
        SegmentHeader.objects.select_related("campaign", "salesperson", "interaction_template", "interaction_group"),
        no=no,
    )


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def back_to_card(request: HttpRequest, segment: SegmentHeader) -> HttpResponse:
    """Redirect to where the user came from on the card (keeps the line filter), else the card itself."""
    if target := local_url(request, request.POST.get("next")):
        return redirect(target)
    return redirect(segment)


# --- list and create ----------------------------------------------------------------------------


@permission_required("segments.view_segmentheader", raise_exception=True)
@require_safe
def segment_list(request: HttpRequest) -> HttpResponse:
    new_query = {"campaign": campaign} if (campaign := query_param(request, "campaign")) else {}
    return SEGMENTS.render(request, segment_list_queryset(), "segments/segment_list.html", {"new_query": new_query})


@permission_required("segments.add_segmentheader", raise_exception=True)
def segment_create(request: HttpRequest) -> HttpResponse:
    initial = {"date": datetime.date.today(), "salesperson": lines.default_salesperson(request.user)}
    campaign = Campaign.objects.filter(no=query_param(request, "campaign")).first()
    if campaign:
        initial["campaign"] = campaign
    form = SegmentHeaderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        header = form.save(commit=False)
        if "interaction_template" in form.changed_fields():
            lines.apply_template_defaults(header, keep=set(form.changed_fields()) - {"interaction_template"})
        try:
            segment = lines.create_segment(header=header, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Segment %(no)s has been created.") % {"no": segment.no})
            return redirect(segment)
    return render(request, "segments/segment_form.html", {"form": form, "campaign": campaign})


# --- the card -----------------------------------------------------------------------------------


def segment_lines(segment: SegmentHeader) -> QuerySet[SegmentLine]:
    """The rows of the card's Lines list, with what its columns show read in the same query."""
    return SegmentLine.objects.filter(segment=segment).select_related(
        "contact", "contact_company", "salesperson", "campaign", "interaction_template", "interaction_group"
    )


def card_context(request: HttpRequest, segment: SegmentHeader, **overrides) -> dict:
    """Everything the segment card shows; the query count does not depend on the number of lines."""
    line_cells = LineCells(request, segment).cells()
    totals = lines.line_totals(segment)
    line_filter, _lines, listing = SEGMENT_LINES.build(
        request, segment_lines(segment), line_cells, unfiltered_count=totals["no_of_lines"]
    )
    target_key = job_target_key(segment)
    recent_jobs = list(Job.objects.filter(target_type=target_key[0], target_key=target_key[1])[:5])
    shown_jobs = [job for job in recent_jobs if not job.is_finished] or recent_jobs[:1]
    actions = list(segment.criteria_actions.order_by("action_no"))
    for action in actions:
        action.filter_text = criteria.describe_filters(action.filters)
        action.option_text = criteria.describe_options(action.options)
    context = {
        "segment": segment,
        "totals": totals,
        "actions": actions,
        "no_of_criteria_actions": len(actions),
        "line_filter": line_filter,
        "listing": listing,
        "page_obj": listing.page_obj,
        "filter_params": {name: request.GET.get(name, "") for name in LINE_FILTER_PARAMS},
        "jobs": shown_jobs,
        "form": SegmentHeaderForm(instance=segment),
        "add_contact_form": AddContactForm(),
    }
    context.update(overrides)
    return context


@permission_required("segments.view_segmentheader", raise_exception=True)
@require_safe
def segment_detail(request: HttpRequest, no: str) -> HttpResponse:
    """The card; `?export=csv|xlsx` exports its filtered lines, and htmx gets only the Lines part."""
    segment = get_segment(no)
    if (export := SEGMENT_LINES.export_response(request, segment_lines(segment))) is not None:
        return export
    template = "segments/segment_detail.html#lines" if request.htmx else "segments/segment_detail.html"
    return render(request, template, card_context(request, segment))


def header_values(header: SegmentHeader) -> dict:
    """The header's editable values as JSON (for a propagation that runs as a job)."""
    values = {}
    for name in lines.HEADER_FIELDS:
        attname = SegmentHeader._meta.get_field(name).attname
        value = getattr(header, attname)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        values[attname] = value
    return values


@permission_required("segments.change_segmentheader", raise_exception=True)
@require_POST
def segment_update(request: HttpRequest, no: str) -> HttpResponse:
    """Save the header; changed propagating fields ask whether to update the lines (a real confirmation step)."""
    segment = get_segment(no)
    form = SegmentHeaderForm(request.POST, instance=segment)
    if not form.is_valid():
        return render(request, "segments/segment_detail.html", card_context(request, segment, form=form))
    header = form.instance
    changed = propagation.prepare_header(header=header, changed=form.changed_fields())
    answers = posted_answers(request, changed)
    pending = propagation.questions(header=header, changed=changed, answered=answers)
    answer = request.POST.get("confirmed")
    if len(pending) == 1 and answer in {"yes", "no"}:
        # The single question shown with Yes/No buttons; answering the template question may raise the others.
        answers[pending[0].field] = answer == "yes"
        pending = propagation.questions(header=header, changed=changed, answered=answers)
    if pending:
        return render_propagation_questions(request, segment, pending, answers)
    parameters = {
        "values": header_values(header),
        "expected_version": form.expected_version,
        "changed": changed,
        "answers": answers,
    }
    size = segment.lines.count() if any(answers.values()) else 0
    try:
        result, _job = run_here_or_as_job(
            request,
            target=segment,
            where=_("the segment"),
            size=size,
            operation=jobs.PROPAGATE,
            description=_("Update segment lines of %(no)s") % {"no": segment.no},
            parameters=parameters,
            inline=lambda: propagation.save_with_propagation(
                header=header, expected_version=form.expected_version, changed=changed, answers=answers
            ),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(segment)
    if result is not None:
        text = _("Segment %(no)s has been saved.") % {"no": segment.no}
        if result.lines_updated:
            text += " " + _("%(count)d segment lines were updated.") % {"count": result.lines_updated}
        messages.success(request, text)
    return redirect(segment)


def posted_answers(request: HttpRequest, changed: list[str]) -> dict[str, bool]:
    """The propagation questions answered so far (update_<field> = yes/no)."""
    answers = {}
    for name in changed:
        value = request.POST.get(f"update_{name}")
        if value in {"yes", "no"}:
            answers[name] = value == "yes"
    return answers


def render_propagation_questions(
    request: HttpRequest, segment: SegmentHeader, pending: list, answers: dict[str, bool]
) -> HttpResponse:
    hidden = posted_fields(request) | {f"update_{name}": "yes" if value else "no" for name, value in answers.items()}
    action = reverse("segments:update", kwargs={"no": segment.no})
    if len(pending) == 1:
        return confirm(
            request,
            title=_("Update segment lines"),
            question=pending[0].text,
            action=action,
            with_no=True,
            hidden=hidden,
        )
    return render(
        request,
        "segments/propagation_confirm.html",
        {"segment": segment, "questions": pending, "action": action, "hidden": hidden},
    )


@permission_required("segments.delete_segmentheader", raise_exception=True)
@require_POST
def segment_delete(request: HttpRequest, no: str) -> HttpResponse:
    segment = get_segment(no)
    if request.POST.get("confirmed") != "yes":
        count = segment.lines.count()
        return confirm(
            request,
            title=_("Delete segment"),
            question=_("Do you want to delete segment %(segment)s with its %(count)d lines?")
            % {"segment": segment, "count": count},
            action=reverse("segments:delete", kwargs={"no": no}),
            cancel_url=segment.get_absolute_url(),
            destructive=True,
        )
    lines.delete_segment(segment=segment)
    messages.success(request, _("Segment %(no)s has been deleted.") % {"no": no})
    return redirect("segments:list")


# --- lines --------------------------------------------------------------------------------------


@permission_required("segments.add_segmentline", raise_exception=True)
@require_POST
def line_add(request: HttpRequest, no: str) -> HttpResponse:
    segment = get_segment(no)
    form = AddContactForm(request.POST)
    if form.is_valid():
        try:
            line = lines.add_contact(segment=segment, contact_no=form.cleaned_data["contact_no"])
        except ValidationError as error:
            form.add_error("contact_no", error)
        else:
            messages.success(
                request,
                _("Contact %(contact)s was added as line %(line)d.")
                % {"contact": form.cleaned_data["contact_no"], "line": line.line_no},
            )
            return back_to_card(request, segment)
    context = card_context(request, segment, add_contact_form=form)
    return render(request, "segments/segment_detail.html", context)


def _line(segment: SegmentHeader, line_no: int) -> SegmentLine:
    return get_object_or_404(
        SegmentLine.objects.select_related("contact", "salesperson", "campaign", "interaction_template"),
        segment=segment,
        line_no=line_no,
    )


@permission_required("segments.change_segmentline", raise_exception=True)
@require_POST
def line_target(request: HttpRequest, no: str, line_no: int) -> HttpResponse:
    """Set or clear Campaign Target on one line: htmx swaps its checkbox in place; else back to the card."""
    segment = get_segment(no)
    line = lines.set_line_campaign_target(
        line=_line(segment, line_no), campaign_target=bool(request.POST.get("campaign_target"))
    )
    state = _("set") if line.campaign_target else _("cleared")
    messages.success(request, _("Campaign Target %(state)s on line %(line)d.") % {"state": state, "line": line.line_no})
    if request.htmx:
        # The cell, and out of band the Statistics box and the message, so the card stays in step.
        context = {
            "segment": segment,
            "target_cell": LineCells(request, segment, next_url=request.htmx.current_url_abs_path).target(line),
            "totals": lines.line_totals(segment),
            "no_of_criteria_actions": segment.criteria_actions.count(),
        }
        return render(request, "segments/line_target_changed.html", context)
    return back_to_card(request, segment)


@permission_required("segments.change_segmentline", raise_exception=True)
@require_POST
def lines_target(request: HttpRequest, no: str) -> HttpResponse:
    """Set or clear Campaign Target on all lines the card's filter selects (one UPDATE)."""
    segment = get_segment(no)
    value = request.POST.get("set_to") == "1"
    params = {name: request.POST.get(name, "") for name in LINE_FILTER_PARAMS}
    selected = filtered_lines(segment, params)
    description = (
        _("Set Campaign Target on lines of %(no)s") if value else _("Clear Campaign Target on lines of %(no)s")
    ) % {"no": segment.no}
    try:
        changed, _job = run_here_or_as_job(
            request,
            target=segment,
            where=_("the segment"),
            size=selected.count(),
            operation=jobs.SET_CAMPAIGN_TARGET,
            description=description,
            parameters={"campaign_target": value, "filter": params},
            inline=lambda: lines.set_campaign_target(segment=segment, lines=selected, campaign_target=value),
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return back_to_card(request, segment)
    if changed is not None:
        text = (
            _("Campaign Target was set on %(count)d lines.")
            if value
            else _("Campaign Target was cleared on %(count)d lines.")
        )
        messages.success(request, text % {"count": changed})
    return back_to_card(request, segment)


def _posted_line_nos(request: HttpRequest) -> list[int]:
    raw = request.POST.getlist("line") or request.POST.get("line_nos", "").split(",")
    return sorted({int(value) for value in raw if value.strip().isdigit()})


@permission_required("segments.delete_segmentline", raise_exception=True)
@require_POST
def lines_remove(request: HttpRequest, no: str) -> HttpResponse:
    """Remove the selected lines; when that empties a segment with criteria actions, BC asks to reset them."""
    segment = get_segment(no)
    line_nos = _posted_line_nos(request)
    answer = request.POST.get("confirmed")
    if line_nos and answer not in {"yes", "no"} and lines.removal_empties_segment(segment=segment, line_nos=line_nos):
        action = reverse("segments:lines_remove", kwargs={"no": no})
        hidden = {"line_nos": ",".join(str(n) for n in line_nos), "next": request.POST.get("next", "")}
        return confirm(
            request,
            title=_("Remove lines"),
            question=lines.SEGMENT_EMPTY_RESET_QUESTION,
            action=action,
            with_no=True,
            hidden=hidden,
        )
    try:
        result = lines.remove_lines(segment=segment, line_nos=line_nos, reset_criteria=answer == "yes")
    except ValidationError as error:
        messages.error(request, error_text(error))
        return back_to_card(request, segment)
    text = _("%(count)d lines were removed.") % {"count": result.removed}
    if result.criteria_reset:
        text += " " + _("The criteria actions were reset.")
    messages.success(request, text)
    return back_to_card(request, segment)


@permission_required("segments.change_segmentline", raise_exception=True)
def line_update(request: HttpRequest, no: str, line_no: int) -> HttpResponse:
    segment = get_segment(no)
    line = _line(segment, line_no)
    original = SegmentLine.objects.get(pk=line.pk)
    form = SegmentLineForm(request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid():
        try:
            lines.update_line(line=form.instance, original=original, changed=form.changed_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Line %(line)d has been saved.") % {"line": line_no})
            return redirect(segment)
    return render(request, "segments/line_form.html", {"segment": segment, "line": line, "form": form})


# --- criteria -----------------------------------------------------------------------------------


def criteria_size(segment: SegmentHeader, action: str, filters: dict, options: dict) -> int:
    if action == Action.ADD:
        return criteria.contacts_to_add(segment=segment, filters=filters, options=options).count()
    return criteria.lines_to_remove(segment=segment, action=action, filters=filters, options=options).count()


@permission_required("segments.add_segmentcriteriaaction", raise_exception=True)
def criteria_action(request: HttpRequest, no: str, action: str) -> HttpResponse:
    """The request page of Add Contacts / Remove Contacts – Reduce / – Refine: filters, preview, apply."""
    segment = get_segment(no)
    kind = ACTION_SLUGS.get(action)
    if kind is None:
        raise Http404
    form = CriteriaForm(request.POST or None, action=kind)
    preview = fingerprint = apply_token = None
    if request.method == "POST" and form.is_valid():
        filters, options = form.filters(), form.options()
        fingerprint = criteria_fingerprint(kind, filters, options)
        if request.POST.get("apply") != fingerprint:
            # Apply only what was previewed: criteria changed since the preview are previewed again first.
            if "apply" in request.POST:
                messages.warning(request, _("The criteria changed after the preview. Check the new preview."))
            preview = criteria.preview(segment=segment, action=kind, filters=filters, options=options)
            apply_token = secrets.token_hex(16)
        else:
            return apply_criteria(request, segment, kind, filters, options, posted_apply_token(request))
    return render(
        request,
        "segments/criteria_form.html",
        {
            "segment": segment,
            "form": form,
            "action": action,
            "kind": Action(kind),
            "preview": preview,
            "fingerprint": fingerprint,
            "apply_token": apply_token,
        },
    )


@permission_required("segments.add_segmentcriteriaaction", raise_exception=True)
@require_safe
def criteria_count(request: HttpRequest, no: str, action: str) -> HttpResponse:
    """How many contacts (or lines) the request page's criteria select, as they are typed: one COUNT, no sample."""
    segment = get_segment(no)
    kind = ACTION_SLUGS.get(action)
    if kind is None:
        raise Http404
    form = CriteriaForm(request.GET, action=kind)
    count = criteria_size(segment, kind, form.filters(), form.options()) if form.is_valid() else None
    context = {"segment": segment, "kind": Action(kind), "count": count, "counted": True}
    return render(request, "segments/criteria_form.html#matching", context)


def posted_apply_token(request: HttpRequest) -> str:
    """The Apply click's token (one per preview shown); anything else than the token we hand out counts as none."""
    token = request.POST.get("apply_token", "")
    return token if APPLY_TOKEN.fullmatch(token) else ""


def apply_criteria(
    request: HttpRequest, segment: SegmentHeader, kind: str, filters: dict, options: dict, apply_token: str
) -> HttpResponse:
    """Run the previewed criteria action once per Apply click; a second click of the same preview is told so."""
    done = criteria.applied_action(segment=segment, apply_token=apply_token)
    if done is not None:
        messages.warning(request, criteria.ALREADY_APPLIED % {"no": segment.no, "action_no": done.action_no})
        return redirect(segment)
    label = Action(kind).label
    try:
        result, _job = run_here_or_as_job(
            request,
            target=segment,
            where=_("the segment"),
            size=criteria_size(segment, kind, filters, options),
            operation=jobs.CRITERIA_ACTION,
            description=f"{label} – {segment.no}",
            parameters={"action": kind, "filters": filters, "options": options, "apply_token": apply_token},
            inline=lambda: criteria.apply_action(
                segment=segment, action=kind, filters=filters, options=options, apply_token=apply_token
            ),
        )
    except ValidationError as error:
        report = messages.warning if error.code == "already_applied" else messages.error
        report(request, error_text(error))
        return redirect(segment)
    if result is not None:
        text = (
            _("%(count)d contacts were added to segment %(no)s.")
            if kind == Action.ADD
            else _("%(count)d contacts were removed from segment %(no)s.")
        )
        messages.success(request, text % {"count": result.count, "no": segment.no})
    return redirect(segment)


def criteria_fingerprint(kind: str, filters: dict, options: dict) -> str:
    """What a preview was made for; its Apply button carries it, so only previewed criteria are applied."""
    text = json.dumps({"action": kind, "filters": filters, "options": options}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@permission_required("segments.delete_segmentcriteriaaction", raise_exception=True)
@require_POST
def go_back(request: HttpRequest, no: str) -> HttpResponse:
    """Undo the last criteria action."""
    segment = get_segment(no)
    last = segment.criteria_actions.order_by("-action_no").first()
    # The card posts the action it showed as the last one, so a double click goes back only once.
    posted = request.POST.get("action_no", "")
    action_no = int(posted) if posted.isdigit() and len(posted) < 10 else None
    if action_no is not None and (last is None or last.action_no != action_no):
        messages.warning(request, criteria.NOT_THE_LAST_ACTION % {"no": segment.no, "action_no": action_no})
        return redirect(segment)
    if last is None:
        messages.error(request, criteria.NOTHING_TO_GO_BACK % {"no": segment.no})
        return redirect(segment)
    try:
        result, _job = run_here_or_as_job(
            request,
            target=segment,
            where=_("the segment"),
            size=last.no_of_contacts,
            operation=jobs.GO_BACK,
            description=_("Go Back – %(no)s") % {"no": segment.no},
            parameters={"action_no": action_no},
            inline=lambda: criteria.go_back(segment=segment, action_no=action_no),
        )
    except ValidationError as error:
        report = messages.warning if error.code == "not_last_action" else messages.error
        report(request, error_text(error))
        return redirect(segment)
    if result is not None:
        messages.success(
            request,
            _(
                "Criteria action %(action_no)d (%(action)s) was undone: "
                "%(removed)d lines removed, %(restored)d restored."
            )
            % {
                "action_no": result.action_no,
                "action": Action(result.action).label,
                "removed": result.removed,
                "restored": result.restored,
            },
        )
        if result.skipped_privacy_blocked:
            messages.warning(
                request,
                _("%(count)d removed contacts were not restored because they are now marked Privacy Blocked.")
                % {"count": result.skipped_privacy_blocked},
            )
    return redirect(segment)


@permission_required("segments.add_savedsegmentcriteria", raise_exception=True)
def save_criteria(request: HttpRequest, no: str) -> HttpResponse:
    segment = get_segment(no)
    form = SaveCriteriaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = criteria.save_criteria(
                segment=segment, code=form.cleaned_data["code"], description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            form.add_error("code" if error.code == "exists" else None, error)
        else:
            messages.success(request, _("Saved Segment Criteria %(code)s has been saved.") % {"code": saved.code})
            return redirect(segment)
    return render(
        request,
        "segments/segment_subform.html",
        {"segment": segment, "form": form, "title": _("Save Criteria"), "submit": _("Save")},
    )


def _confirm_reuse(request: HttpRequest, segment: SegmentHeader, url_name: str, question: str, hidden: dict):
    return confirm(
        request,
        title=_("Reuse"),
        question=question,
        action=reverse(url_name, kwargs={"no": segment.no}),
        cancel_url=segment.get_absolute_url(),
        hidden=hidden,
    )


def _report_reuse(request: HttpRequest, segment: SegmentHeader, count: int) -> None:
    messages.success(
        request, _("%(count)d contacts were added to segment %(no)s.") % {"count": count, "no": segment.no}
    )


@permission_required("segments.add_segmentcriteriaaction", raise_exception=True)
def reuse_criteria(request: HttpRequest, no: str) -> HttpResponse:
    """Reuse Criteria: replay saved criteria (BC asks first when the segment already has criteria actions)."""
    segment = get_segment(no)
    form = ReuseCriteriaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved: SavedSegmentCriteria = form.cleaned_data["saved_criteria"]
        question = criteria.reuse_question(segment=segment)
        if question and request.POST.get("confirmed") != "yes":
            return _confirm_reuse(request, segment, "segments:reuse_criteria", question, {"saved_criteria": saved.code})
        try:
            results, _job = run_here_or_as_job(
                request,
                target=segment,
                where=_("the segment"),
                size=Contact.objects.count(),
                operation=jobs.CRITERIA_ACTION,
                description=_("Reuse Criteria %(code)s – %(no)s") % {"code": saved.code, "no": segment.no},
                parameters={"saved_criteria": saved.code},
                inline=lambda: criteria.reuse_criteria(segment=segment, saved=saved),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(segment)
        if results is not None:
            messages.success(
                request,
                _("Saved Segment Criteria %(code)s was applied: %(actions)d criteria actions.")
                % {"code": saved.code, "actions": len(results)},
            )
        return redirect(segment)
    return render(
        request,
        "segments/segment_subform.html",
        {"segment": segment, "form": form, "title": _("Reuse Criteria"), "submit": _("Reuse")},
    )


@permission_required("segments.add_segmentcriteriaaction", raise_exception=True)
def reuse_logged(request: HttpRequest, no: str) -> HttpResponse:
    """Reuse Logged Segment: one line per interaction log entry of the chosen logged segment."""
    segment = get_segment(no)
    form = ReuseLoggedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        logged = form.cleaned_data["logged_segment"]
        question = criteria.reuse_question(segment=segment, logged=True)
        if question and request.POST.get("confirmed") != "yes":
            return _confirm_reuse(request, segment, "segments:reuse_logged", question, {"logged_segment": logged.pk})
        filters = {"logged_segment": logged.pk}
        try:
            result, _job = run_here_or_as_job(
                request,
                target=segment,
                where=_("the segment"),
                size=logged.interactions.count(),
                operation=jobs.CRITERIA_ACTION,
                description=_("Reuse Logged Segment %(entry)d – %(no)s") % {"entry": logged.pk, "no": segment.no},
                parameters={"action": Action.REUSE_LOGGED, "filters": filters, "options": {}},
                inline=lambda: criteria.reuse_logged(segment=segment, logged_segment=logged),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(segment)
        if result is not None:
            _report_reuse(request, segment, result.count)
        return redirect(segment)
    return render(
        request,
        "segments/segment_subform.html",
        {"segment": segment, "form": form, "title": _("Reuse Logged Segment"), "submit": _("Reuse")},
    )


# --- saved criteria (setup) ---------------------------------------------------------------------


@permission_required("segments.view_savedsegmentcriteria", raise_exception=True)
@require_safe
def saved_criteria_list(request: HttpRequest) -> HttpResponse:
    saved = SavedSegmentCriteria.objects.prefetch_related("actions")
    return SAVED_CRITERIA.render(request, saved, "segments/saved_criteria_list.html")


@permission_required("segments.delete_savedsegmentcriteria", raise_exception=True)
@require_POST
def saved_criteria_delete(request: HttpRequest, code: str) -> HttpResponse:
    saved = get_object_or_404(SavedSegmentCriteria, code=code)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete Saved Segment Criteria"),
            question=_("Do you want to delete Saved Segment Criteria %(code)s?") % {"code": code},
            action=reverse("segments:saved_criteria_delete", kwargs={"code": code}),
            cancel_url=reverse("segments:saved_criteria_list"),
            destructive=True,
        )
    saved.delete()
    messages.success(request, _("Saved Segment Criteria %(code)s has been deleted.") % {"code": code})
    return redirect("segments:saved_criteria_list")
