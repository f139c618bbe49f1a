"""{% card_field field %}: a card form's field as crispy-bootstrap5 writes it (vertical), rendered in Python.

crispy renders a field through a large template, about 1.4 ms a field: a segment card's 13 header fields were a
third of the card's time at a million contacts. This writes the same elements, classes, ids and ARIA links
(the label with its asterisk, the input with crispy's widget class and Bootstrap's, errors and help text), so
the page looks and reads the same; tests/core/test_card_fields.py compares it with crispy's output.
Fields crispy lays out another way (radio buttons, check box lists, files) are left to crispy.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.safestring import SafeString

from core.markup import markup

register = template.Library()

OWN_LAYOUTS = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)


def widget_classes(field: forms.BoundField, base: str) -> str:
    """crispy's classes: the widget's own, its class name in lower case (textinput, select …), Bootstrap's."""
    widget = field.field.widget
    name = widget.__class__.__name__.lower()
    own = widget.attrs.get("class", "")
    classes = f"{own} {name}" if own and name not in own else own or name
    return f"{classes} {base}{' is-invalid' if field.errors else ''}"


def errors_and_help(field: forms.BoundField) -> str:
    parts = []
    if field.errors:
        messages = "".join(
            markup('<span id="error_{}_{}"><strong>{}</strong></span>', number, field.auto_id, error)
            for number, error in enumerate(field.errors, start=1)
        )
        parts.append(
            markup('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, SafeString(messages))
        )
    if field.help_text:
        parts.append(
            markup('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, SafeString(field.help_text))
        )
    return SafeString("".join(parts))


def asterisk(field: forms.BoundField) -> str:
    return SafeString('<span class="asteriskField">*</span>') if field.field.required else ""


@register.simple_tag
def card_field(field: forms.BoundField) -> str:
    widget = field.field.widget
    if field.is_hidden:
        return str(field)
    if isinstance(widget, OWN_LAYOUTS):
        return as_crispy_field(field)
    required = " requiredField" if field.field.required else ""
    if isinstance(widget, forms.CheckboxInput):
        return markup(
            '<div class="mb-3"><div id="div_{}" class="form-check">{} <label for="{}" class="form-check-label{}">'
            "{}{}</label>{}</div></div>",
            field.auto_id,
            field.as_widget(attrs={"class": widget_classes(field, "form-check-input")}),
            field.id_for_label,
            required,
            field.label,
            asterisk(field),
            errors_and_help(field),
        )
    base = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return markup(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label{}">{}{}</label> {}{}</div>',
        field.auto_id,
        field.id_for_label,
        required,
        field.label,
        asterisk(field),
        field.as_widget(attrs={"class": widget_classes(field, base)}),
        errors_and_help(field),
    )
