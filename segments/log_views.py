"""The Log Segment page (DOMAIN 3.5): what will be logged and the options, as the one question; then log (or a job)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.models import Job
from core.services import job_target_key
from interactions.models import LoggedSegment
from segments.log_jobs import LOG_SEGMENT, start_log_segment_job
from segments.models import SegmentHeader
from segments.services.logging import (
    ALREADY_LOGGED,
    LogSegmentResult,
    lines_of_state,
    preview_log_segment,
    previewed_state,
)
from segments.services.logging import log_segment as log_segment_service

SEGMENT_CHANGED = gettext_lazy(
    "Segment %(no)s has changed since its summary was shown. Check what will be logged and log it again."
)


class LogSegmentForm(forms.Form):
    """BC's Log Segment request page."""

    follow_up = forms.BooleanField(
        label=gettext_lazy("Create Follow-up Segment"),
        required=False,
        help_text=gettext_lazy("A new segment with the same contacts and campaign, to follow up on this one."),
    )
    deliver = forms.BooleanField(
        label=gettext_lazy("Send"),
        required=False,
        help_text=gettext_lazy(
            "Check that every contact with correspondence type Email has an e-mail address. "
            "Campaign Desk does not send the documents itself."
        ),
    )


def _segment_url(no: str) -> str:
    try:
        return reverse("segments:detail", kwargs={"no": no})
    except NoReverseMatch:
        return ""


def _already_logged(request: HttpRequest, no: str) -> HttpResponse:
    """Send the user to the segment's Logged Segment (a double-clicked Log Segment, or a page from before it)."""
    logged = get_object_or_404(LoggedSegment, segment_no=no)
    messages.warning(request, ALREADY_LOGGED % {"no": no})
    return redirect(logged)


@permission_required("segments.log_segment", raise_exception=True)
def log_segment(request: HttpRequest, no: str) -> HttpResponse:
    """The summary of what will be logged (the one preview) is the question; its form carries the previewed state
    and its button logs."""
    segment = (
        SegmentHeader.objects.select_related("campaign", "salesperson", "interaction_template").filter(no=no).first()
    )
    if segment is None:
        return _already_logged(request, no)
    form = LogSegmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _log(request, segment, form.cleaned_data)
    target_type, target_key = job_target_key(segment)
    job = Job.objects.filter(operation=LOG_SEGMENT, target_type=target_type, target_key=target_key).first()
    preview = preview_log_segment(segment=segment)
    question = ngettext(
        "Do you want to log segment %(no)s with %(lines)d line?",
        "Do you want to log segment %(no)s with %(lines)d lines?",
        preview.lines,
    ) % {"no": segment.no, "lines": preview.lines}
    context = {
        "segment": segment,
        "question": question,
        "segment_url": _segment_url(segment.no),
        "form": form,
        "preview": preview,
        "previewed": previewed_state(segment=segment),
        "job": job,
        "in_background": preview.lines > settings.BULK_JOB_THRESHOLD,
        "threshold": settings.BULK_JOB_THRESHOLD,
    }
    return render(request, "segments/log_segment.html", context)


def _log(request: HttpRequest, segment: SegmentHeader, options: dict[str, bool]) -> HttpResponse:
    """Log (or start the job) as the summary page asked, without a second preview or a second question: the
    segment must still be as previewed.

    A post without the previewed state (a page from before it) goes back to the summary, unless it says
    confirmed=yes (then it is logged on today's state).
    """
    state, previewed = previewed_state(segment=segment), request.POST.get("previewed", "")
    if previewed and previewed != state:
        messages.warning(request, SEGMENT_CHANGED % {"no": segment.no})
        return redirect("segments:log", no=segment.no)
    if not previewed and request.POST.get("confirmed") != "yes":
        return redirect("segments:log", no=segment.no)
    lines = lines_of_state(state)
    try:
        if lines > settings.BULK_JOB_THRESHOLD:
            job = start_log_segment_job(segment=segment, user=request.user, **options)
            messages.info(request, _("Log Segment %(no)s runs in the background.") % {"no": segment.no})
            return redirect(job)
        result = log_segment_service(segment=segment, user=request.user, **options)
    except ValidationError as error:
        if error.code == "already_logged":
            return _already_logged(request, segment.no)
        messages.error(request, " ".join(error.messages))
        return redirect("segments:log", no=segment.no)
    return _logged(request, segment.no, result)


def _logged(request: HttpRequest, no: str, result: LogSegmentResult) -> HttpResponse:
    """Say what was logged and open the follow-up segment, or else the logged segment."""
    messages.success(
        request,
        _("Segment %(no)s has been logged: Logged Segment %(entry)s with %(count)d interactions.")
        % {"no": no, "entry": result.logged_segment.pk, "count": result.no_of_interactions},
    )
    if result.follow_up_segment is not None:
        follow_up = result.follow_up_segment.no
        messages.success(request, _("Follow-up segment %(no)s has been created.") % {"no": follow_up})
        return redirect(_segment_url(follow_up) or result.logged_segment.get_absolute_url())
    return redirect(result.logged_segment)
