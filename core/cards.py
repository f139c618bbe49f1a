"""Cards: save with optimistic locking, read-only rendering, delete after BC's question, and work that runs here
or as a background job when it is large. Every app's card views use these."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.confirm import ask_to_delete, refuse
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
    blockers: Callable[[], list[str]] | None = None,
) -> HttpResponse:
    """Ask "Do you want to delete …?" only when the deletion can be done, then delete.

    What blocks it (a ValidationError from the service, or a protected reference with `in_use` as its
    message) is told on the question's page instead of the question, with only Back. `blockers` names the
    reasons when the delete service has a check of its own; without it the deletion is tried and rolled back.
    The deletion after Yes is refused the same way (someone may have changed the record in between).
    """
    card_url = record.get_absolute_url()
    if request.POST.get("confirmed") != "yes":
        reasons = blockers() if blockers is not None else deletion_blockers(delete, caption=caption, in_use=in_use)
        if reasons:
            return refuse(request, title=_("Delete"), refusal=" ".join(reasons), back_url=card_url)
    if (question := ask_to_delete(request, caption, card_url)) is not None:
        return question
    try:
        delete()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(card_url)
    except (ProtectedError, RestrictedError):
        messages.error(request, in_use_message(caption, in_use))
        return redirect(card_url)
    messages.success(request, deleted)
    return redirect(done_url)


def deletion_blockers(delete: Callable[[], None], *, caption: str, in_use: str = "") -> list[str]:
    """Why `delete` would be refused: it runs in a transaction (a savepoint inside one) that is always rolled
    back, so the rules stay in the delete service alone. An empty list when the deletion would go through.

    The try may leave the Python objects as a deletion does (Model.delete() clears the pk): read what the page
    shows from them before, or read them again.
    """
    try:
        with transaction.atomic():
            delete()
            transaction.set_rollback(True)
    except ValidationError as error:
        return list(error.messages)
    except (ProtectedError, RestrictedError):
        return [in_use_message(caption, in_use)]
    return []


def in_use_message(caption: str, in_use: str = "") -> str:
    return in_use or _("%(record)s is in use and cannot be deleted.") % {"record": caption}


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
