"""Views of the interactions app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.cards import delete_with_question
from core.forms import save_or_report
from core.http import query_param
from interactions import services
from interactions.forms import InteractionTemplateForm
from interactions.lists import TEMPLATES
from interactions.models import InteractionGroup, InteractionTemplate

# --- interaction templates (setup, Administrator; the groups are interactions.lists.GROUPS) ----------


@permission_required("interactions.view_interactiontemplate", raise_exception=True)
@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    queryset = services.with_statistics(
        InteractionTemplate.objects.select_related("interaction_group", "campaign"), entry_field="interaction_template"
    )
    return TEMPLATES.render(request, queryset, "interactions/template_list.html")


@permission_required("interactions.add_interactiontemplate", raise_exception=True)
def template_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if group_code := query_param(request, "group"):
        initial["interaction_group"] = InteractionGroup.objects.filter(code=group_code).first()
    form = InteractionTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (template := save_or_report(form)) is not None:
        messages.success(request, _("Interaction Template %(code)s has been created.") % {"code": template.code})
        return redirect("interactions:template_list")
    return render(request, "interactions/template_form.html", {"form": form})


@permission_required("interactions.change_interactiontemplate", raise_exception=True)
def template_update(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(InteractionTemplate, code=code)
    form = InteractionTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(request, _("Interaction Template %(code)s has been saved.") % {"code": template.code})
        return redirect("interactions:template_list")
    return render(request, "interactions/template_form.html", {"form": form, "template": template})


@permission_required("interactions.delete_interactiontemplate", raise_exception=True)
@require_POST
def template_delete(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(InteractionTemplate, code=code)
    return delete_with_question(
        request,
        record=template,
        caption=_("interaction template %(code)s") % {"code": code},
        delete=lambda: services.delete_template(template=template),
        deleted=_("Interaction Template %(code)s has been deleted.") % {"code": code},
        done_url=reverse("interactions:template_list"),
        blockers=lambda: [reason] if (reason := services.template_delete_error(template=template)) else [],
    )
