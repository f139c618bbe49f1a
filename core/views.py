"""Number series, Marketing Setup and job progress (the home page is the rolecentres app's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import services
from core.cards import delete_with_question
from core.codetables import code_table_filter
from core.fields import formula_preview
from core.forms import MarketingSetupForm, NoSeriesForm, ProfileForm, save_or_report
from core.http import local_url
from core.lists import LISTS, Column, ListSpec
from core.middleware import browser_language
from core.models import Job, ListLayout, MarketingSetup, NoSeries, User

# Declared here, not in core/lists.py (the kit itself); the URLconf imports this module at start-up.
NO_SERIES = ListSpec(
    key="core.noseries",
    permission="core.view_noseries",
    title=gettext_lazy("No. Series"),
    filterset=code_table_filter(NoSeries),
    columns=(
        Column("code", gettext_lazy("Code"), template="core/cells/noseries_code.html"),
        Column("description", gettext_lazy("Description")),
        Column("starting_no", gettext_lazy("Starting No.")),
        Column("last_no_used", gettext_lazy("Last No. Used")),
        Column("increment_by", gettext_lazy("Increment-by No."), css="num"),
        Column("manual_nos", gettext_lazy("Manual Nos.")),
    ),
    default_order=("code",),
    empty=gettext_lazy("No number series yet."),
)


@permission_required("core.view_noseries", raise_exception=True)
@require_safe
def setup(request: HttpRequest) -> HttpResponse:
    """The index of setup pages (each app's setup tables are linked from templates/core/setup.html)."""
    return render(request, "core/setup.html")


@permission_required("core.view_noseries", raise_exception=True)
@require_safe
def noseries_list(request: HttpRequest) -> HttpResponse:
    return NO_SERIES.render(request, NoSeries.objects.all(), "core/noseries_list.html")


@permission_required("core.add_noseries", raise_exception=True)
def noseries_create(request: HttpRequest) -> HttpResponse:
    form = NoSeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (series := save_or_report(form)) is not None:
        messages.success(request, _("No. Series %(code)s has been created.") % {"code": series.code})
        return redirect("core:noseries_list")
    return render(request, "core/noseries_form.html", {"form": form})


@permission_required("core.change_noseries", raise_exception=True)
def noseries_update(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(NoSeries, code=code)
    form = NoSeriesForm(request.POST or None, instance=series)
    if request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(request, _("No. Series %(code)s has been saved.") % {"code": series.code})
        return redirect("core:noseries_list")
    return render(request, "core/noseries_form.html", {"form": form, "series": series})


@permission_required("core.delete_noseries", raise_exception=True)
@require_POST
def noseries_delete(request: HttpRequest, code: str) -> HttpResponse:
    series = get_object_or_404(NoSeries, code=code)
    return delete_with_question(
        request,
        record=series,
        caption=_("No. Series %(code)s") % {"code": code},
        delete=series.delete,
        deleted=_("No. Series %(code)s has been deleted.") % {"code": code},
        done_url=reverse("core:noseries_list"),
        in_use=_("No. Series %(code)s is used in Marketing Setup or on records and cannot be deleted.")
        % {"code": code},
    )


@permission_required("core.change_marketingsetup", raise_exception=True)
def marketing_setup(request: HttpRequest) -> HttpResponse:
    form = MarketingSetupForm(request.POST or None, instance=MarketingSetup.get())
    if request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(request, _("Marketing Setup has been saved."))
        return redirect("core:marketing_setup")
    return render(request, "core/marketing_setup.html", {"form": form})


@require_safe
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's progress; htmx polls the progress partial until the job has finished.

    The poll that sees the job finished reloads the page around it, so the page shows the job's result
    (the segment's new lines, the imported contacts) instead of what it showed before the job.
    """
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.has_perm("core.view_job"):
        raise PermissionDenied
    # A job whose worker died is handed back to the queue (or failed) when someone looks at it.
    job = services.recover_job_if_stale(job)
    if not request.htmx:
        return render(request, "core/job_detail.html", {"job": job})
    response = render(request, "components/job_progress.html", {"job": job})
    if job.is_finished:
        response["HX-Refresh"] = "true"
    return response


@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run again: start a failed job's operation once more; its creator or an Administrator (core.change_job)."""
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.has_perm("core.change_job"):
        raise PermissionDenied
    try:
        again = services.run_job_again(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(job)
    messages.success(request, _("%(description)s has been started again.") % {"description": again.description})
    return redirect(again)


@require_safe
def date_formula_preview(request: HttpRequest) -> HttpResponse:
    """What a date formula means from a reference date: the htmx preview under every date formula input.

    `field` names the parameter holding the formula, `base_field` the one holding the reference date
    (today when missing or not a date).
    """
    field = request.GET.get("field") or "formula"
    formula = request.GET.get(field, "")
    base_field = request.GET.get("base_field") or "base"
    try:
        base = parse_date(request.GET.get(base_field, "")) or timezone.localdate()
    except ValueError:
        base = timezone.localdate()
    text, error = formula_preview(formula, base) if formula.strip() or request.GET.get("blank") == "1" else ("", "")
    return render(request, "components/date_formula_preview.html", {"text": text, "error": error})


@login_required
def list_columns(request: HttpRequest, key: str) -> HttpResponse:
    """Choose the columns a list shows (BC's personalisation); remembered per user and list, or reset."""
    spec = LISTS.get(key)
    if spec is None:
        raise Http404
    if not request.user.has_perm(spec.permission):
        raise PermissionDenied
    back = local_url(request, request.POST.get("next") or request.GET.get("next")) or "/"
    if request.method == "POST":
        if request.POST.get("reset"):
            ListLayout.objects.filter(user=request.user, list_key=spec.key).delete()
            messages.success(request, _("The list shows its default columns again."))
            return redirect(back)
        known = {column.key for column in spec.columns}
        chosen = [key for key in dict.fromkeys(request.POST.getlist("columns")) if key in known]
        if chosen:
            ListLayout.objects.update_or_create(user=request.user, list_key=spec.key, defaults={"columns": chosen})
            messages.success(request, _("Your columns for this list have been saved."))
            return redirect(back)
        messages.error(request, _("Choose at least one column."))
    shown_keys = {column.key for column in spec.chosen_columns(request)}
    choices = [(column, column.key in shown_keys) for column in spec.columns]
    return render(request, "core/list_columns.html", {"spec": spec, "choices": choices, "back": back})


def _remember_language(request: HttpRequest, response: HttpResponse, language: str) -> HttpResponse:
    """Keep the choice in the language cookie too, so the login page speaks it after logging out."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, samesite="Lax")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """My Settings: the user's language (blank: the browser's); saved, the next page speaks it."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language or browser_language(request))  # the message in the new language
        messages.success(request, _("Your settings have been saved."))
        return _remember_language(request, redirect("core:profile"), user.language)
    return render(request, "core/profile.html", {"form": form})


@login_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch in the navigation: saves the user's choice (as My Settings does) and goes back."""
    language = request.POST.get("language", "")
    back = local_url(request, request.POST.get("next")) or reverse("core:home")
    if language not in dict(User.Language.choices):
        messages.error(request, _("Choose English or Norsk bokmål."))
        return redirect(back)
    request.user.language = language
    request.user.save(update_fields=["language"])
    return _remember_language(request, redirect(back), language)
