"""BC's Confirm dialogs as a real step in the page: the same POST again with confirmed=yes (or =no)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Posted fields that belong to the question itself, not to what the user asked for.
CONTROL_FIELDS = {"csrfmiddlewaretoken", "confirmed", "answer"}


def posted_fields(request: HttpRequest) -> dict[str, str]:
    """What the user posted, to be posted again with the answer (nothing is written before the answer)."""
    return {name: value for name, value in request.POST.items() if name not in CONTROL_FIELDS}


def confirm(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    cancel_url: str = "",
    hidden: dict[str, str] | None = None,
    action: str = "",
    with_no: bool = False,
    destructive: bool = False,
) -> HttpResponse:
    """Ask BC's question. Yes posts `action` (this page) again with confirmed=yes and `hidden`; No goes to
    `cancel_url`, or with `with_no` posts confirmed=no (BC questions whose No also does something). A
    `destructive` Yes (a deletion) is a red button."""
    action = action or request.path
    context = {
        "title": title,
        "question": question,
        "action": action,
        "hidden": hidden or {},
        "cancel_url": cancel_url or request.path,
        "no_action": action if with_no else "",
        "destructive": destructive,
    }
    return render(request, "components/confirm.html", context)


def refuse(request: HttpRequest, *, title: str, refusal: str, back_url: str) -> HttpResponse:
    """The question's page when the answer Yes could not be carried out: what blocks it, and only Back."""
    context = {"title": title, "refusal": refusal, "cancel_url": back_url}
    return render(request, "components/confirm.html", context)


def ask_to_delete(request: HttpRequest, record: str, cancel_url: str) -> HttpResponse | None:
    """BC's "Do you want to delete …?" as a real step before a delete; None once the user answered Yes."""
    if request.POST.get("confirmed") == "yes":
        return None
    question = _("Do you want to delete %(record)s?") % {"record": record}
    return confirm(
        request,
        title=_("Delete"),
        question=question,
        cancel_url=cancel_url,
        hidden=posted_fields(request),
        destructive=True,
    )
