"""Forms of the interactions app."""

from __future__ import annotations

from crispy_forms.layout import HTML, Layout
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from contacts.services.contacts import normalize_code
from core.forms import CodeTableForm, card_helper
from interactions.models import InteractionGroup, InteractionTemplate

# --- interaction groups and templates (setup) -------------------------------------------------------


class InteractionGroupForm(CodeTableForm):
    """The Interaction Group card (interactions.lists.GROUPS); a saved group's card also lists its templates."""

    class Meta:
        model = InteractionGroup
        fields = ["code", "description"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.helper.layout = Layout(*self.fields, HTML('{% include "interactions/_group_templates.html" %}'))

    @property
    def templates(self) -> QuerySet:
        """The group's interaction templates, shown on its card."""
        return self.instance.templates.order_by("code") if self.instance.pk else InteractionTemplate.objects.none()

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])


class CodeLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        key = getattr(obj, "code", None) or obj.no
        return f"{key} – {obj.description}" if obj.description else key


class InteractionTemplateForm(forms.ModelForm):
    """Interaction Template (BC table 5064): the defaults an interaction, segment or log entry copies."""

    class Meta:
        model = InteractionTemplate
        fields = [
            "code",
            "interaction_group",
            "description",
            "unit_cost",
            "unit_duration",
            "information_flow",
            "initiated_by",
            "campaign",
            "campaign_target",
            "campaign_response",
            "correspondence_type",
            "ignore_contact_corres_type",
        ]
        field_classes = {"interaction_group": CodeLabelChoiceField, "campaign": CodeLabelChoiceField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_cost"].min_value = 0
        self.fields["unit_cost"].widget.attrs["min"] = 0
        self.fields["unit_duration"].widget.attrs.update({"min": 0, "step": 1})
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.order_by("no")
        self.helper = card_helper()

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])

    def clean_unit_cost(self):
        value = self.cleaned_data["unit_cost"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Unit Cost (LCY) must not be negative."), code="negative")
        return value

    def clean_unit_duration(self):
        value = self.cleaned_data["unit_duration"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Unit Duration (Min.) must not be negative."), code="negative")
        return value
