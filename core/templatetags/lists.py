"""Template tags of the list pages: a filter field rendered in Python (crispy costs about 1 ms a field)."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()


def widget_class(widget: forms.Widget, invalid: bool) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        base = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        base = "form-select"
    else:
        base = "form-control"
    return f"{base} is-invalid" if invalid else base


@register.simple_tag
def filter_field(field: forms.BoundField) -> str:
    """A list filter's label, input and messages, styled as Bootstrap's (and crispy's) vertical form field."""
    widget = field.field.widget
    if widget.is_hidden:
        return field.as_widget()
    classes = " ".join(filter(None, [widget.attrs.get("class", ""), widget_class(widget, bool(field.errors))]))
    attrs = {"class": classes}
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    errors = format_html_join("", '<div class="invalid-feedback">{}</div>', ((error,) for error in field.errors))
    error_box = format_html('<div id="{}_error">{}</div>', field.auto_id, errors) if field.errors else ""
    label = format_html('<label for="{}" class="form-label">{}</label>', field.id_for_label, field.label)
    return format_html('<div class="mb-3">{}{}{}</div>', label, field.as_widget(attrs=attrs), error_box)
