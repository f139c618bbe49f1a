"""Date formula model/form fields and the live preview every formula input uses."""

import datetime
import types

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.dateformula import DateFormulaError
from core.fields import DateFormulaField, DateFormulaFormField, DateFormulaInput


class FormulaForm(forms.Form):
    start = forms.DateField()
    formula = DateFormulaFormField(base_field="start")


def test_form_field_cleans_to_the_normal_form():
    form = FormulaForm(data={"start": "2026-11-30", "formula": "<2w + 1d>"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["formula"] == "2W+1D"


def test_form_field_shows_the_bad_part_and_keeps_what_was_typed():
    form = FormulaForm(data={"start": "2026-11-30", "formula": "1M1D"})
    assert not form.is_valid()
    assert form.errors["formula"] == ['"1D" in date formula "1M1D" needs a + or - sign before it.']
    assert 'value="1M1D"' in str(form["formula"])


def test_blank_formula_is_allowed_and_means_the_start_date():
    form = FormulaForm(data={"start": "2026-11-30", "formula": ""})
    assert form.is_valid()
    assert form.cleaned_data["formula"] == ""


def test_widget_asks_htmx_for_a_preview_that_follows_the_reference_date():
    html = str(FormulaForm()["formula"])
    assert f'hx-get="{reverse("core:date_formula_preview")}"' in html
    assert "change from:[name=&#x27;start&#x27;]" in html
    assert 'hx-include="[name=&#x27;start&#x27;]"' in html
    assert 'id="id_formula-preview"' in html


def test_widget_renders_the_initial_preview_from_its_base_date():
    widget = DateFormulaInput(base_date=datetime.date(2026, 11, 30))
    html = widget.render("formula", "2W+1D", attrs={"id": "id_formula"})
    assert "2W+1D from Mon 2026-11-30 → Tue 2026-12-15" in html


def test_model_field_validates_and_normalises_on_clean_and_save():
    field = DateFormulaField()
    field.set_attributes_from_name("date_formula")
    assert field.max_length == 20
    assert field.clean("<cm + 1d>", None) == "CM+1D"
    with pytest.raises(ValidationError) as excinfo:
        field.clean("WD9", None)
    assert excinfo.value.messages == ['"WD9" in date formula "WD9": the weekday must be 1 (Monday) to 7 (Sunday).']
    row = types.SimpleNamespace(date_formula="1w+1d")
    assert field.pre_save(row, add=True) == "1W+1D"
    assert row.date_formula == "1W+1D"
    with pytest.raises(DateFormulaError):
        field.pre_save(types.SimpleNamespace(date_formula="1X"), add=True)


def test_model_field_form_field_is_the_date_formula_form_field():
    field = DateFormulaField(verbose_name="Date Formula")
    assert isinstance(field.formfield(), DateFormulaFormField)


@pytest.mark.django_db
def test_preview_view_explains_the_formula_from_the_reference_date(client_as, marketer):
    url = reverse("core:date_formula_preview")
    response = client_as(marketer).get(
        url, {"field": "steps-0-f", "steps-0-f": "2w+1d", "base_field": "start", "start": "2026-11-30"}
    )
    assert response.status_code == 200
    assert "2W+1D from Mon 2026-11-30 → Tue 2026-12-15" in response.content.decode()


@pytest.mark.django_db
def test_preview_view_shows_the_error_for_an_invalid_formula(client_as, marketer):
    response = client_as(marketer).get(reverse("core:date_formula_preview"), {"field": "f", "f": "1Z"})
    assert response.status_code == 200
    assert "is not a unit" in response.content.decode()
    assert "text-danger" in response.content.decode()


@pytest.mark.django_db
def test_preview_view_counts_from_today_without_a_reference_date(client_as, marketer):
    from django.utils import timezone

    today = timezone.localdate()
    response = client_as(marketer).get(
        reverse("core:date_formula_preview"), {"field": "f", "f": "1D", "b": "nonsense", "base_field": "b"}
    )
    assert (today + datetime.timedelta(days=1)).isoformat() in response.content.decode()
