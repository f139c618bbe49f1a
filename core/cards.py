"""Cards: save with optimistic locking, read-only rendering, delete after BC's question, and work that runs here
or as a background job when it is large. Every app's card views use these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.confirm import ask_to_delete
from core.models import Job
from core.services import start_job


def make_read_only(form) -> None:
    """Show the card's fields to a user who may read but not change them: disabled, without a Save button."""
    for field in form.fields.values():
        field.disabled = True
    if hasattr(form, "helper"):
        form.helper.inputs = []


def save_card(request: HttpRequest, form, update: Callable[[Any], None]) -> bool:
    """Validate a card form and save it through `update` (a service that checks the version); errors land on
    the form, "Another user has modified the record" among them."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        update(form)
    except ValidationError as error:
        form.add_error(None, shown_on(form, error))
        return False
    return True


def shown_on(form, error: ValidationError) -> ValidationError:
    """A service's error as the form can show it: an error on a field the form does not show (the Sales Code
    of a campaign's price row, a key typed as a code) goes above the form instead of failing to find its field."""
    if not hasattr(error, "error_dict"):
        return error
    errors: dict[str, list] = {}
    for name, field_errors in error.error_dict.items():
        errors.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(field_errors)
    return ValidationError(errors)


def delete_with_question(
    request: HttpRequest,
    *,
    record: Model,
    caption: str,
    delete: Callable[[], None],
    deleted: str,
    done_url: str,
    in_use: str = "",
) -> HttpResponse:
    """Ask "Do you want to delete …?", then delete. A refusal (ValidationError from the service, or a
    protected reference with `in_use` as its message) is told on the card, and nothing is deleted."""
    card_url = record.get_absolute_url()
    if (question := ask_to_delete(request, caption, card_url)) is not None:
        return question
    try:
        delete()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(card_url)
    except ProtectedError:
        messages.error(request, in_use or _("%(record)s is in use and cannot be deleted.") % {"record": caption})
        return redirect(card_url)
    messages.success(request, deleted)
    return redirect(done_url)


def run_here_or_as_job(
    request: HttpRequest,
    *,
    size: int,
    inline: Callable[[], Any],
    operation: str,
    target: Model,
    description: str,
    parameters: dict,
    where: str,
) -> tuple[Any, Job | None]:
    """Run the work here, or as a background job when it touches more than BULK_JOB_THRESHOLD rows.

    Returns (the inline result, None), or (None, the job) with a message that says how the job went:
    finished already (the immediate backend), failed, or running, with its progress shown on `where`.
    """
    if size <= settings.BULK_JOB_THRESHOLD:
        return inline(), None
    job = start_job(
        operation=operation, target=target, description=description, user=request.user, parameters=parameters
    )
    tell_job_started(request, job, description=description, where=where)
    return None, job


def tell_job_started(request: HttpRequest, job: Job, *, description: str, where: str) -> None:
    if job.status == Job.Status.FAILED:
        messages.error(
            request, _("%(description)s failed: %(error)s") % {"description": description, "error": job.error}
        )
    elif job.status == Job.Status.SUCCEEDED:
        messages.success(request, _("%(description)s has finished as a background job.") % {"description": description})
    else:
        messages.info(
            request,
            _("%(description)s runs as a background job; its progress is shown on %(where)s.")
            % {"description": description, "where": where},
        )
