"""Forms of the opportunity setup: the Sales Cycle card, a stage line, the Close Opportunity Code card."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import VersionedModelForm, card_helper
from core.widgets import date_input
from opportunities.models import CloseOpportunityCode, SalesCycle, SalesCycleStage
from salespeople.forms import CodeField
from tasks.models import Activity

STAGE_TOO_LOW = _("Stage must be at least 1.")
STAGE_EXISTS = _("Sales Cycle Stage %(code)s %(stage)s already exists.")
PERCENT_OUT_OF_RANGE = _("%(caption)s must be between 0 and 100.")
CODE_EXISTS = _("%(table)s %(code)s already exists.")


class CodeCardMixin:
    """A setup card keyed by Code: the Code is fixed once created, and a Code taken says so in BC's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.helper = card_helper(_("Save") if self.instance.pk else _("Create"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        model = self._meta.model
        if not self.instance.pk and model.objects.filter(code=code).exists():
            raise ValidationError(CODE_EXISTS, params={"table": model._meta.verbose_name, "code": code}, code="unique")
        return code


class SalesCycleForm(CodeCardMixin, VersionedModelForm):
    """The Sales Cycle card (General); the Code is typed once, on the new cycle."""

    code = CodeField(label=_("Code"), max_length=10)

    class Meta:
        model = SalesCycle
        fields = ["code", "description", "probability_calculation", "blocked"]


class ActivityCodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return str(obj)


class SalesCycleStageForm(forms.ModelForm):
    """One stage of a cycle. The Stage number is the line's key: typed on a new stage, fixed afterwards."""

    activity = ActivityCodeField(
        Activity.objects.order_by("code"), to_field_name="code", required=False, label=_("Activity Code")
    )

    class Meta:
        model = SalesCycleStage
        fields = [
            "stage",
            "description",
            "completed_pct",
            "chances_of_success_pct",
            "activity",
            "quote_required",
            "allow_skip",
            "date_formula",
        ]
        widgets = {"stage": forms.NumberInput(attrs={"min": 1, "step": 1})}

    def __init__(self, *args: Any, sales_cycle: SalesCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sales_cycle = sales_cycle
        self.instance.sales_cycle = sales_cycle
        # The model field's own minimum is 0; the stage's is 1, with the message next to the field.
        self.fields["stage"].min_value = None
        self.fields["stage"].validators = []
        self.fields["stage"].widget.attrs["min"] = 1
        for name in ("completed_pct", "chances_of_success_pct"):
            value = self.initial.get(name)
            if isinstance(value, Decimal):  # 10, not 10.00000
                self.initial[name] = format(value.normalize(), "f")
        if self.instance.pk:
            self.fields["stage"].disabled = True
        self.fields["date_formula"].help_text = _("Estimated Close Date = this formula from the Date of Change.")
        self.helper = card_helper(_("Save") if self.instance.pk else _("Create"))

    def clean_stage(self) -> int:
        stage = self.cleaned_data.get("stage")
        if stage is None:
            return stage
        if stage < 1:
            raise ValidationError(STAGE_TOO_LOW, code="min_value")
        if not self.instance.pk and self.sales_cycle.stages.filter(stage=stage).exists():
            raise ValidationError(STAGE_EXISTS, params={"code": self.sales_cycle.code, "stage": stage}, code="unique")
        return stage

    def _clean_percent(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        if value is not None and not 0 <= value <= 100:
            raise ValidationError(
                PERCENT_OUT_OF_RANGE, params={"caption": self.fields[name].label}, code="percent_range"
            )
        return value

    def clean_completed_pct(self) -> Any:
        return self._clean_percent("completed_pct")

    def clean_chances_of_success_pct(self) -> Any:
        return self._clean_percent("chances_of_success_pct")

    def validate_unique(self) -> None:
        # clean_stage() reports a duplicate stage with its own message, next to the field.
        return


class CloseOpportunityCodeForm(CodeCardMixin, forms.ModelForm):
    code = CodeField(label=_("Code"), max_length=10)

    class Meta:
        model = CloseOpportunityCode
        fields = ["code", "description", "type"]


class StatisticsDateFilterForm(forms.Form):
    """The statistics pages' Date Filter on the entries' Estimated Close Date."""

    date_from = forms.DateField(label=_("Date Filter from"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Date Filter to"), required=False, widget=date_input())

    def dates(self) -> tuple[datetime.date | None, datetime.date | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
