"""core.cards: a service's refusal lands on the card's form, next to the field or above the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core.cards import save_card


class DescriptionForm(forms.Form):
    description = forms.CharField()


def refused(errors):
    def update(form):
        raise ValidationError(errors)

    return update


def test_an_error_on_a_shown_field_lands_next_to_it_and_one_on_a_hidden_field_above_the_form():
    request = RequestFactory().post("/", {"description": "Lamp"})
    form = DescriptionForm(request.POST)
    saved = save_card(request, form, refused({"description": "Too bright.", "sales_code": "Not a campaign."}))
    assert not saved
    assert form.errors["description"] == ["Too bright."]
    assert form.non_field_errors() == ["Not a campaign."]


def test_a_get_or_an_invalid_form_saves_nothing():
    called = []
    request = RequestFactory().get("/")
    assert not save_card(request, DescriptionForm(), called.append)
    request = RequestFactory().post("/", {"description": ""})
    assert not save_card(request, DescriptionForm(request.POST), called.append)
    assert called == []
