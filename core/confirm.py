"""BC's Confirm dialogs as a real step in the page: the same POST again with confirmed=yes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def confirm(request: HttpRequest, *, title: str, question: str, cancel_url: str, hidden=None) -> HttpResponse:
    """Ask BC's question; the Yes button posts the same action again with confirmed=yes."""
    context = {"title": title, "question": question, "action": request.path, "cancel_url": cancel_url}
    return render(request, "components/confirm.html", {**context, "hidden": hidden or {}})


def ask_to_delete(request: HttpRequest, record: str, cancel_url: str) -> HttpResponse | None:
    """BC's "Do you want to delete …?" as a real step before a delete; None once the user answered Yes."""
    if request.POST.get("confirmed") == "yes":
        return None
    hidden = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "confirmed"}}
    question = _("Do you want to delete %(record)s?") % {"record": record}
    return confirm(request, title=_("Delete"), question=question, cancel_url=cancel_url, hidden=hidden)
