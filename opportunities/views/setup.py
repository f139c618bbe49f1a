"""The opportunity setup: sales cycles with their stages and statistics (close codes: opportunities.lists)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.cards import delete_with_question, make_read_only, save_card
from core.codetables import code_table_update
from core.forms import save_or_report
from opportunities.filters_setup import sales_cycles_for_list
from opportunities.forms_setup import SalesCycleForm, SalesCycleStageForm, StatisticsDateFilterForm
from opportunities.lists import CLOSE_CODES, SALES_CYCLES
from opportunities.models import SalesCycle, SalesCycleStage
from opportunities.services import setup as services

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def refuse_post_without(request: HttpRequest, permission: str) -> bool:
    """A card is readable by all setup readers; only `permission` may save it. True when the form is read-only."""
    if request.user.has_perm(permission):
        return False
    if request.method == "POST":
        raise PermissionDenied
    return True


# --- sales cycles ------------------------------------------------------------------------------


@permission_required("opportunities.view_salescycle", raise_exception=True)
@require_safe
def cycle_list(request: HttpRequest) -> HttpResponse:
    return SALES_CYCLES.render(request, sales_cycles_for_list(), "opportunities/setup/cycle_list.html")


@permission_required("opportunities.add_salescycle", raise_exception=True)
@GET_OR_POST
def cycle_create(request: HttpRequest) -> HttpResponse:
    form = SalesCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (cycle := save_or_report(form)) is not None:
        messages.success(request, _("Sales Cycle %(code)s has been created. Add its stages.") % {"code": cycle.code})
        return redirect(cycle)
    return render(request, "opportunities/setup/cycle_form.html", {"form": form})


@permission_required("opportunities.view_salescycle", raise_exception=True)
@GET_OR_POST
def cycle_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The Sales Cycle card: General (optimistic locking) and its stages with their No. of Opportunities."""
    cycle = get_object_or_404(SalesCycle, code=code)
    read_only = refuse_post_without(request, "opportunities.change_salescycle")
    form = SalesCycleForm(request.POST or None, instance=cycle)
    if read_only:
        make_read_only(form)

    def update(form: SalesCycleForm) -> None:
        services.update_sales_cycle(cycle=form.instance, expected_version=form.expected_version)

    if save_card(request, form, update):
        messages.success(request, _("Sales Cycle %(code)s has been saved.") % {"code": cycle.code})
        return redirect(cycle)
    statistics = services.cycle_statistics(cycle)
    stages = [(stage, statistics.for_stage(stage.stage)) for stage in cycle.stages.select_related("activity")]
    context = {"cycle": cycle, "form": form, "stages": stages, "statistics": statistics}
    return render(request, "opportunities/setup/cycle_detail.html", context)


@permission_required("opportunities.delete_salescycle", raise_exception=True)
@require_POST
def cycle_delete(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_object_or_404(SalesCycle, code=code)
    return delete_with_question(
        request,
        record=cycle,
        caption=_("Sales Cycle %(code)s and its stages") % {"code": cycle.code},
        delete=lambda: services.delete_sales_cycle(cycle=cycle),
        deleted=_("Sales Cycle %(code)s has been deleted.") % {"code": code},
        done_url=reverse("opportunities:cycle_list"),
    )


@permission_required("opportunities.view_salescycle", raise_exception=True)
@require_safe
def cycle_statistics(request: HttpRequest, code: str) -> HttpResponse:
    """Sales Cycle Statistics (page 5120) and each stage's (page 5122), with a Date Filter."""
    cycle = get_object_or_404(SalesCycle, code=code)
    date_filter = StatisticsDateFilterForm(request.GET)
    date_from, date_to = date_filter.dates()
    statistics = services.cycle_statistics(cycle, date_from, date_to)
    stages = [(stage, statistics.for_stage(stage.stage)) for stage in cycle.stages.all()]
    context = {"cycle": cycle, "date_filter": date_filter, "statistics": statistics, "stages": stages}
    template = "opportunities/setup/cycle_statistics.html"
    return render(request, f"{template}#figures" if request.htmx else template, context)


# --- sales cycle stages ------------------------------------------------------------------------


@permission_required("opportunities.add_salescyclestage", raise_exception=True)
@GET_OR_POST
def stage_create(request: HttpRequest, code: str) -> HttpResponse:
    cycle = get_object_or_404(SalesCycle, code=code)
    next_stage = (cycle.stages.order_by("-stage").values_list("stage", flat=True).first() or 0) + 1
    form = SalesCycleStageForm(request.POST or None, sales_cycle=cycle, initial={"stage": next_stage})
    if request.method == "POST" and form.is_valid() and (stage := save_or_report(form)) is not None:
        messages.success(
            request,
            _("Stage %(stage)s of Sales Cycle %(code)s has been created.") % {"stage": stage.stage, "code": code},
        )
        return redirect(cycle)
    return render(request, "opportunities/setup/stage_form.html", {"cycle": cycle, "form": form})


@permission_required("opportunities.view_salescyclestage", raise_exception=True)
@GET_OR_POST
def stage_update(request: HttpRequest, code: str, stage: int) -> HttpResponse:
    """A stage line of the Sales Cycle card; the Date Formula previews from today."""
    cycle = get_object_or_404(SalesCycle, code=code)
    line = get_object_or_404(SalesCycleStage.objects.select_related("activity"), sales_cycle=cycle, stage=stage)
    read_only = refuse_post_without(request, "opportunities.change_salescyclestage")
    form = SalesCycleStageForm(request.POST or None, instance=line, sales_cycle=cycle)
    if read_only:
        make_read_only(form)
    elif request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(
            request, _("Stage %(stage)s of Sales Cycle %(code)s has been saved.") % {"stage": stage, "code": code}
        )
        return redirect(cycle)
    return render(request, "opportunities/setup/stage_form.html", {"cycle": cycle, "form": form, "stage": line})


@permission_required("opportunities.delete_salescyclestage", raise_exception=True)
@require_POST
def stage_delete(request: HttpRequest, code: str, stage: int) -> HttpResponse:
    cycle = get_object_or_404(SalesCycle, code=code)
    line = get_object_or_404(SalesCycleStage, sales_cycle=cycle, stage=stage)
    return delete_with_question(
        request,
        record=cycle,  # the question's No and the result go back to the cycle card
        caption=_("Stage %(stage)s of Sales Cycle %(code)s") % {"stage": stage, "code": code},
        delete=lambda: services.delete_stage(stage=line),
        deleted=_("Stage %(stage)s of Sales Cycle %(code)s has been deleted.") % {"stage": stage, "code": code},
        done_url=cycle.get_absolute_url(),
    )


urlpatterns = [
    path("sales-cycles/", cycle_list, name="cycle_list"),
    path("sales-cycles/new/", cycle_create, name="cycle_create"),
    path("sales-cycles/<code:code>/", cycle_detail, name="cycle_detail"),
    path("sales-cycles/<code:code>/delete/", cycle_delete, name="cycle_delete"),
    path("sales-cycles/<code:code>/statistics/", cycle_statistics, name="cycle_statistics"),
    path("sales-cycles/<code:code>/stages/new/", stage_create, name="stage_create"),
    path("sales-cycles/<code:code>/stages/<int:stage>/", stage_update, name="stage_update"),
    path("sales-cycles/<code:code>/stages/<int:stage>/delete/", stage_delete, name="stage_delete"),
    *CLOSE_CODES.urls(),
    # The card's name since before the code table stack (CloseOpportunityCode.get_absolute_url and links use it);
    # the same page as close_code_update.
    path("close-codes/<code:code>/", code_table_update, {"table": CLOSE_CODES}, name="close_code_detail"),
]
