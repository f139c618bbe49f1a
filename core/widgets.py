"""Widgets and filter choices every app's forms and list filters share (one encoding each)."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.markup import escaped


def date_input(**attrs) -> forms.DateInput:
    """The browser's date picker; the value as ISO (YYYY-MM-DD), which <input type=date> requires."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# A yes/no list filter: django-filter's BooleanFilter reads "true"/"false"; blank is "All".
YES_NO_ALL = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
YES_NO = [("true", _("Yes")), ("false", _("No"))]


def _attrs_html(attrs: dict) -> str:
    """Django's widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> str:
    """Django's widgets/select.html (with select_option.html per option), byte for byte, written in Python."""
    parts = [f'<select name="{escaped(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        parts.extend(
            f'\n  <option value="{escaped(option["value"])}"{_attrs_html(option["attrs"])}>'
            f"{escaped(option['label'])}</option>\n"
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped (core.markup)


def input_html(widget: dict) -> str:
    """Django's widgets/input.html (which text.html, date.html, hidden.html … include), byte for byte, in Python."""
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    attrs = _attrs_html(widget["attrs"])
    return mark_safe(f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{attrs}>')  # noqa: S308 - escaped


class FormRenderer(DjangoTemplates):
    """Django's form renderer, except that <select> and <input> are written in Python.

    The template renders an include per option: a salesperson filter of 50 options cost 10 ms, and a list's filter
    form 30 ms of its page; each input is two includes. The output is the templates', to the byte
    (tests/core/test_widgets.py compares them).
    """

    def render(self, template_name: str, context: dict, request=None) -> str:
        if template_name == SELECT_TEMPLATE and _plain_options(context["widget"]):
            return select_html(context["widget"])
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        return super().render(template_name, context, request)


SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Django's templates that are exactly {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "date",
        "datetime",
        "time",
        "number",
        "email",
        "url",
        "tel",
        "search",
        "hidden",
        "password",
        "checkbox",
        "color",
    )
)
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _plain_options(widget: dict) -> bool:
    """Every option uses Django's own option template (a widget with its own is rendered by its templates)."""
    return all(
        option["template_name"] == OPTION_TEMPLATE for _n, options, _i in widget["optgroups"] for option in options
    )
