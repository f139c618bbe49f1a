"""core.widgets.FormRenderer writes <select> in Python: the same bytes as Django's templates."""

from __future__ import annotations

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


@pytest.mark.parametrize("name", WIDGETS)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_select_is_written_as_djangos_template_writes_it(name, language):
    widget, value = WIDGETS[name]
    with override(language):
        ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
        djangos = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == djangos
    assert "<option" in ours or name == "no options"


def test_forms_use_the_python_select():
    assert isinstance(forms.Form().renderer, FormRenderer)


def test_a_widget_with_its_own_option_template_keeps_its_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Custom(choices=CHOICES)
    ours = widget.render("field", "a", renderer=FormRenderer())
    assert ours == widget.render("field", "a", renderer=DjangoTemplates())
    assert "<label>" in ours
