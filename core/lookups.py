"""Lookup fields: a record typed by its No. or Code (BC's lookup), with suggestions loaded while typing.

A table that grows (campaigns, segments, contacts) is never rendered as a <select>: 2,000 campaigns as options
cost more than the rest of the page. The field is a text input whose <datalist> htmx fills from the record's
options view (`campaigns:options`, …) as the user types; the form posts the No./Code and the field finds the
record, with a clear message for an unknown one:

    campaign = LookupField(Campaign.objects.all(), to_field_name="no", options_url="campaigns:options")

An options view is one line: `return lookup_options(request, Campaign.objects.all(), key="no", label="description")`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.forms import SEARCH_MAX_LENGTH
from core.http import query_param

NO_SUCH_RECORD = _("There is no %(model)s with %(field)s %(value)s.")
# How many suggestions a datalist shows: enough to pick from, small enough to send on every keystroke.
OPTIONS_LIMIT = 20
# Several codes typed in one lookup (a criteria filter): "CP0001|CP0002", BC's filter "or".
SEPARATOR = "|"
_SEPARATORS = re.compile(r"[|,]")


class LookupInput(forms.TextInput):
    """A text input with its own <datalist>, which htmx fills from `options_url` (a URL name) while typing.

    The options view reads the typed text from the parameter named by `field` (the input's name), so one view
    serves every form and prefix.
    """

    def __init__(self, options_url: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.options_url = options_url

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        datalist_id = f"{widget['attrs'].get('id') or name}-options"
        widget["datalist_id"] = datalist_id
        widget["attrs"].update(
            {
                "list": datalist_id,
                "autocomplete": "off",
                "spellcheck": "false",
                "hx-get": f"{reverse(self.options_url)}?{urlencode({'field': name})}",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{datalist_id}",
                "hx-swap": "innerHTML",
            }
        )
        return context

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        context = self.get_context(name, value, attrs)
        text_input = self._render(self.template_name, context, renderer)
        return format_html('{}<datalist id="{}"></datalist>', text_input, context["widget"]["datalist_id"])


class LookupMultipleInput(LookupInput):
    """A lookup holding several codes, typed as "CP0001|CP0002"; repeated parameters (?campaign=A&campaign=B) too."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        return [code.strip() for value in values if isinstance(value, str) for code in _SEPARATORS.split(value)]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return SEPARATOR.join(str(item) for item in value if item not in (None, ""))
        return super().format_value(value)


def _no_such_record(field: forms.ModelChoiceField, value: str) -> ValidationError:
    model = field.queryset.model._meta
    caption = model.get_field(field.to_field_name).verbose_name
    return ValidationError(
        field.error_messages["invalid_choice"],
        code="invalid_choice",
        params={"model": model.verbose_name, "field": caption, "value": value},
    )


class LookupField(forms.ModelChoiceField):
    """A foreign key typed as its business key, trimmed and upper-case as BC keeps Nos. and Codes.

    `check(record)` raises a ValidationError for a record that exists but may not be chosen (blocked).
    """

    default_error_messages = {"invalid_choice": NO_SUCH_RECORD}

    def __init__(
        self,
        queryset: QuerySet,
        *,
        options_url: str,
        to_field_name: str = "no",
        check: Callable[[Model], None] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", LookupInput(options_url))
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)
        self.check = check

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # A model form's initial is the primary key; the input shows the No.
            return self.queryset.filter(pk=value).values_list(self.to_field_name, flat=True).first() or ""
        if isinstance(value, Model):
            return getattr(value, self.to_field_name)
        return value

    def to_python(self, value: Any) -> Model | None:
        if isinstance(value, self.queryset.model):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            # A disabled field is cleaned from its initial value, which a model form gives as the primary key.
            return self.queryset.filter(pk=value).first()
        value = str(value or "").strip().upper()
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        record = self.queryset.filter(**{self.to_field_name: value}).first()
        if record is None:
            raise _no_such_record(self, value)
        if self.check is not None:
            self.check(record)
        return record

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        return str(self.prepare_value(initial) or "") != str(data or "").strip().upper()


class LookupMultipleField(forms.ModelMultipleChoiceField):
    """Several records typed by their business keys ("CP0001|CP0002"), each checked like a LookupField."""

    default_error_messages = {"invalid_choice": NO_SUCH_RECORD}

    def __init__(self, queryset: QuerySet, *, options_url: str, to_field_name: str = "no", **kwargs: Any) -> None:
        kwargs.setdefault("widget", LookupMultipleInput(options_url))
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name=to_field_name, **kwargs)

    def clean(self, value: Any) -> QuerySet:
        codes = [str(code).strip().upper() for code in value or [] if str(code).strip()]
        if not codes:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        for code in codes:
            self.validate_no_null_characters(code)
        found = {
            getattr(record, self.to_field_name): record
            for record in self.queryset.filter(**{f"{self.to_field_name}__in": codes})
        }
        for code in codes:
            if code not in found:
                raise _no_such_record(self, code)
        records = [found[code] for code in dict.fromkeys(codes)]
        self.run_validators(records)
        return records

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [getattr(item, self.to_field_name, item) for item in value]
        return getattr(value, self.to_field_name, value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return [str(code) for code in self.prepare_value(initial or [])] != list(data or [])


class LookupFilter(django_filters.Filter):
    """A list filter on a record typed by its No./Code: `LookupFilter(queryset=…, options_url="campaigns:options")`."""

    field_class = LookupField


def lookup_options(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    key: str = "no",
    label: str = "description",
    search: tuple[str, ...] | None = None,
) -> HttpResponse:
    """<option>s for a lookup's datalist: the first records whose key starts with, or whose `search` fields
    contain, what was typed (the last code after "|" in a multi-code lookup, the earlier ones kept in front)."""
    name = query_param(request, "field") or "q"
    typed = query_param(request, name, max_length=SEARCH_MAX_LENGTH) or query_param(request, "q")
    earlier, separator, last = typed.rpartition(SEPARATOR)
    last = last.strip()
    options: list[tuple[str, str]] = []
    if last:
        condition = Q(**{f"{key}__istartswith": last})
        for field in search if search is not None else (label,):
            condition |= Q(**{f"{field}__icontains": last})
        records = queryset.filter(condition).order_by(key).values_list(key, label)[:OPTIONS_LIMIT]
        options = [(f"{earlier}{separator}{code}", text) for code, text in records]
    return render(request, "components/lookup_options.html", {"options": options})
