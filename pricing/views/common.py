"""Helpers shared by the pricing views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.forms import Form
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core.lists import PAGE_SIZE


def permission_by_method(*, get: str, post: str) -> Callable:
    """Require `get` to read the page and `post` to change through it (a card that is also its edit form)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            needed = post if request.method == "POST" else get
            if not request.user.has_perm(needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def paginate(request: HttpRequest, queryset) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (elsewhere: above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def protected_message(record, error: ProtectedError) -> str:
    """Explain which records keep `record` from being deleted."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
    return _("%(record)s cannot be deleted because %(count)d %(kinds)s use it.") % {
        "record": record,
        "count": len(error.protected_objects),
        "kinds": ", ".join(kinds),
    }


def refusing_protected(caption: str, delete: Callable[[], object]) -> Callable[[], None]:
    """`delete` for core.cards.delete_with_question: a protected reference becomes a refusal that says which
    records use the row ("Item IT0001 cannot be deleted because 1 Sales Prices use it.")."""

    def run() -> None:
        try:
            with transaction.atomic():
                delete()
        except ProtectedError as error:
            raise ValidationError(protected_message(caption, error)) from error

    return run


def campaign_card_url(campaign) -> str:
    """The campaign card when the campaigns app has one, else the campaign's sales prices."""
    try:
        return reverse("campaigns:detail", kwargs={"no": campaign.no})
    except NoReverseMatch:
        return reverse("pricing:campaign_prices", kwargs={"no": campaign.no})
