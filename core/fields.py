"""Date formula fields: validated on input, stored in their neutral normal form, shown and previewed in the user's
language (English CM+1W is LM+1U in Norwegian), previewed live while typing."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.dateformula import MAX_FIELD_LENGTH, DateFormulaError, describe, display, normalize, validate_field_formula

# Typed text may carry brackets and spaces that the normal form drops, so the input takes a little more.
INPUT_MAX_LENGTH = 40


def formula_preview(formula: str, base: datetime.date) -> tuple[str, str]:
    """Return (preview text, error message) for `formula` evaluated from `base`."""
    try:
        return describe(formula, base), ""
    except DateFormulaError as exc:
        return "", str(exc)


class DateFormulaInput(forms.TextInput):
    """A text input whose preview line below shows what the formula means; htmx refreshes it while typing.

    `base_field` names another input of the same form holding the reference date (e.g. the start date);
    without it the preview counts from today.
    """

    def __init__(
        self,
        attrs: dict | None = None,
        *,
        base_field: str = "",
        base_date: datetime.date | None = None,
        show_blank: bool = False,
    ):
        super().__init__(attrs)
        self.base_field = base_field
        self.base_date = base_date
        # Where a blank formula means something (an activity step: the start date itself), preview it too.
        self.show_blank = show_blank

    def format_value(self, value: Any) -> str | None:
        """A stored formula in the user's letters (1W is 1U in Norwegian); what the user typed stays as typed."""
        value = super().format_value(value)
        if not value:
            return value
        try:
            stored = normalize(value, "en") == value
        except DateFormulaError:
            stored = False
        return display(value) if stored else value

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        input_id = widget["attrs"].get("id") or f"id_{name}"
        final_attrs = {
            **widget["attrs"],
            "type": "text",
            "name": name,
            "id": input_id,
            "maxlength": INPUT_MAX_LENGTH,
            "autocomplete": "off",
            "spellcheck": "false",
            "hx-get": reverse("core:date_formula_preview"),
            "hx-trigger": "input changed delay:300ms"
            + (f", change from:[name='{self.base_field}']" if self.base_field else ""),
            "hx-target": f"#{input_id}-preview",
            "hx-swap": "innerHTML",
            "hx-vals": json.dumps({"field": name, "base_field": self.base_field, "blank": int(self.show_blank)}),
            "aria-describedby": f"{input_id}-preview",
        }
        if self.base_field:
            final_attrs["hx-include"] = f"[name='{self.base_field}']"
        if widget["value"] is not None:
            final_attrs["value"] = widget["value"]
        base = self.base_date or timezone.localdate()
        value = str(widget["value"] or "")
        text = formula_preview(value, base)[0] if value or self.show_blank else ""
        preview = render_to_string("components/date_formula_preview.html", {"text": text, "error": ""})
        return format_html(
            '<input{}><div class="form-text date-formula-preview" id="{}-preview" aria-live="polite">{}</div>',
            flatatt(final_attrs),
            input_id,
            preview,
        )


class DateFormulaFormField(forms.CharField):
    """A form field for a date formula: accepts any case and <…>, cleans to the normal form."""

    widget = DateFormulaInput

    def __init__(self, *, base_field: str = "", max_length: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_length=INPUT_MAX_LENGTH, **kwargs)
        if base_field:
            self.widget.base_field = base_field

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return validate_field_formula(value)
        except DateFormulaError as exc:
            raise ValidationError(str(exc), code="invalid_date_formula") from None


class DateFormulaField(models.CharField):
    """A BC DateFormula column: validated like the form field and always saved in its normal form."""

    description = _("Date formula")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_FIELD_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if not value:
            return ""
        try:
            return validate_field_formula(value)
        except DateFormulaError as exc:
            raise ValidationError(str(exc), code="invalid_date_formula") from None

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        # Programmatic saves get the same normal form as the forms; an invalid formula raises DateFormulaError.
        value = getattr(model_instance, self.attname)
        normal = validate_field_formula(value) if value else ""
        setattr(model_instance, self.attname, normal)
        return normal

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": DateFormulaFormField, **kwargs})
