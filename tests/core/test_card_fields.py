"""{% card_field %} writes what crispy-bootstrap5 writes for a field (whitespace aside), with and without errors."""

from __future__ import annotations

import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.translation import override

from core.templatetags.card_fields import card_field
from segments.forms import SegmentHeaderForm
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db


def same_html(html: str) -> str:
    """Whitespace between and inside tags is all a browser reads the same: collapse it."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


class EveryKind(forms.Form):
    text = forms.CharField(label="Name & <co>", help_text="Shown <b>as is</b>", max_length=5)
    choice = forms.ChoiceField(choices=[("", "–"), ("a", "A")], required=False)
    number = forms.DecimalField(label="Unit Cost", max_value=10)
    flag = forms.BooleanField(label="Campaign Target", required=False)
    must = forms.BooleanField(label="Agree")
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date", "class": "mine"}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def validated(form: forms.Form) -> forms.Form:
    form.is_valid()
    return form


def crispy_html(form: forms.Form, name: str) -> str:
    """The field as `{% crispy form %}` writes it (a FormHelper's defaults: errors inline, help below)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(name)
    return render_crispy_form(form, helper)


def fields_of(make_form):
    """(name, crispy's, ours) per field, each from its own form: crispy writes its classes into the widgets."""
    ours = make_form()
    for name in ours.fields:
        yield name, crispy_html(make_form(), name), card_field(ours[name])


@pytest.mark.parametrize("data", [None, {"text": "far too long", "number": "99", "when": "31.02.2026"}])
@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_kind_of_field_is_written_as_crispy_writes_it(data, language):
    with override(language):
        for name, crispy, ours in fields_of(lambda: validated(EveryKind(data))):
            assert same_html(ours) == same_html(crispy), name


def test_the_segment_cards_header_fields_are_written_as_crispy_writes_them():
    segment = SegmentFactory()
    for data in (None, {"description": "x" * 101, "unit_cost": "-1", "version": "0"}):
        for name, crispy, ours in fields_of(lambda data=data: validated(SegmentHeaderForm(data, instance=segment))):
            assert same_html(ours) == same_html(crispy), name
