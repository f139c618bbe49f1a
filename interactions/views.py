"""Views of the interactions app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.confirm import confirm
from core.forms import save_or_report
from core.http import query_param
from interactions import services
from interactions.forms import InteractionGroupForm, InteractionTemplateForm
from interactions.lists import GROUPS, TEMPLATES
from interactions.models import InteractionGroup, InteractionTemplate

# --- interaction groups and templates (setup, Administrator) ----------------------------------------


@permission_required("interactions.view_interactiongroup", raise_exception=True)
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    groups = services.with_statistics(
        InteractionGroup.objects.annotate(no_of_templates=Count("templates")), entry_field="interaction_group"
    )
    return GROUPS.render(request, groups, "interactions/group_list.html", {"no_filters": {}})


@permission_required("interactions.add_interactiongroup", raise_exception=True)
def group_create(request: HttpRequest) -> HttpResponse:
    form = InteractionGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (group := save_or_report(form)) is not None:
        messages.success(request, _("Interaction Group %(code)s has been created.") % {"code": group.code})
        return redirect("interactions:group_list")
    return render(request, "interactions/group_form.html", {"form": form})


@permission_required("interactions.change_interactiongroup", raise_exception=True)
def group_update(request: HttpRequest, code: str) -> HttpResponse:
    group = get_object_or_404(InteractionGroup, code=code)
    form = InteractionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid() and save_or_report(form) is not None:
        messages.success(request, _("Interaction Group %(code)s has been saved.") % {"code": group.code})
        return redirect("interactions:group_list")
    templates = group.templates.order_by("code")
    return render(request, "interactions/group_form.html", {"form": form, "group": group, "templates": templates})


@permission_required("interactions.delete_interactiongroup", raise_exception=True)
@require_POST
def group_delete(request: HttpRequest, code: str) -> HttpResponse:
    group = get_object_or_404(InteractionGroup, code=code)
    if reason := services.group_delete_error(group=group):
        messages.error(request, reason)
        return redirect(group)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete interaction group"),
            question=_("Do you want to delete interaction group %(code)s?") % {"code": code},
            action=reverse("interactions:group_delete", kwargs={"code": code}),
            cancel_url=group.get_absolute_url(),
        )
    services.delete_group(group=group)
    messages.success(request, _("Interaction Group %(code)s has been deleted.") % {"code": code})
    return redirect("interactions:group_list")


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
    if reason := services.template_delete_error(template=template):
        messages.error(request, reason)
        return redirect(template)
    if request.POST.get("confirmed") != "yes":
        return confirm(
            request,
            title=_("Delete interaction template"),
            question=_("Do you want to delete interaction template %(code)s?") % {"code": code},
            action=reverse("interactions:template_delete", kwargs={"code": code}),
            cancel_url=template.get_absolute_url(),
        )
    services.delete_template(template=template)
    messages.success(request, _("Interaction Template %(code)s has been deleted.") % {"code": code})
    return redirect("interactions:template_list")
