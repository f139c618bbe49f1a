"""core.widgets.FormRenderer writes <select> in Python: the same bytes as Django's templates."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core.widgets import FormRenderer

CHOICES = [
    ("", "All"),
    ("a", 'A & "quoted" <b>'),
    ("o", "O'Brien"),
    ("s", mark_safe("<i>safe</i>")),
    ("b", gettext_lazy("Yes")),
    (3, "Three"),
]
GROUPED = [("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Zed")]

WIDGETS = {
    "plain": (forms.Select(choices=CHOICES), "a"),
    "nothing chosen": (forms.Select(choices=CHOICES), None),
    "attributes": (forms.Select(choices=CHOICES, attrs={"class": "form-select", "disabled": True, "hidden": False}), 3),
    "groups": (forms.Select(choices=GROUPED), "y"),
    "multiple": (forms.SelectMultiple(choices=CHOICES), ["a", "3"]),
    "yes/no/unknown": (forms.NullBooleanSelect(), True),
    "no options": (forms.Select(choices=[]), ""),
}
# Inputs, each with a value to escape, none, and attributes (True, False, a value to escape).
INPUTS = {
    "text": (forms.TextInput(attrs={"class": "form-control", "required": True, "hidden": False}), 'A & "B" <c>'),
    "text, empty": (forms.TextInput(), ""),
    "text, none": (forms.TextInput(), None),
    "text, safe": (forms.TextInput(), mark_safe("<i>safe</i>")),
    "date": (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), datetime.date(2026, 12, 7)),
    "number": (forms.NumberInput(attrs={"step": "0.01", "data-x": "1 < 2"}), 12.5),
    "email": (forms.EmailInput(), "o'brien@example.com"),
    "hidden": (forms.HiddenInput(), 7),
    "password": (forms.PasswordInput(render_value=True), "s3cret&"),
    "checkbox, checked": (forms.CheckboxInput(), True),
    "checkbox, unchecked": (forms.CheckboxInput(attrs={"class": "form-check-input"}), False),
    "url": (forms.URLInput(), "https://example.com/?a=1&b=2"),
    "time": (forms.TimeInput(), datetime.time(9, 30)),
    "datetime": (forms.DateTimeInput(), datetime.datetime(2026, 12, 7, 9, 30)),
    "localized number": (forms.NumberInput(), 1234.5),
}


@pytest.mark.parametrize("name", WIDGETS)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_select_is_written_as_djangos_template_writes_it(name, language):
    widget, value = WIDGETS[name]
    with override(language):
        ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
        djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == djangos
    assert "<option" in ours or name == "no options"


@pytest.mark.parametrize("name", INPUTS)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_an_input_is_written_as_djangos_template_writes_it(name, language):
    widget, value = INPUTS[name]
    widget.is_localized = name.startswith("localized")
    with override(language):
        ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
        djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == djangos
    assert ours.startswith("<input")


def test_forms_use_the_python_select():
    assert isinstance(forms.Form().renderer, FormRenderer)


def test_a_widget_with_its_own_option_template_keeps_its_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Custom(choices=CHOICES)
    ours = widget.render("field", "a", renderer=FormRenderer())
    assert ours == widget.render("field", "a", renderer=DjangoTemplates())
    assert "<label>" in ours
