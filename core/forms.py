"""Forms for login, number series and the Marketing Setup page."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.models import MarketingSetup, NoSeries


class LoginForm(AuthenticationForm):
    """The login form, with autofocus and browser autocomplete hints."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


VERSION_MISSING = _(
    "The page did not say which version of the record it shows, so your changes were not saved. "
    "Reload the page and enter your changes again."
)


class VersionedModelForm(forms.ModelForm):
    """A card form that carries the record's version, so a save can detect another user's change.

    Saving an existing record needs the version: a post without it (or with a garbled one) is refused,
    never saved unchecked over someone else's change. A new record has no version yet.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk and data.get("version") is None:
            self.add_error(None, forms.ValidationError(VERSION_MISSING, code="version_missing"))
        return data

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["version"]


def card_helper(submit_label: str = _("Save")) -> FormHelper:
    """The crispy helper every card form uses: our own <form> tag, a primary submit button."""
    helper = FormHelper()
    helper.form_tag = False
    helper.add_input(Submit("save", submit_label))
    return helper


class NoSeriesForm(forms.ModelForm):
    class Meta:
        model = NoSeries
        fields = ["code", "description", "starting_no", "last_no_used", "increment_by", "manual_nos"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = card_helper()


class MarketingSetupForm(forms.ModelForm):
    class Meta:
        model = MarketingSetup
        fields = [
            "campaign_nos",
            "segment_nos",
            "task_nos",
            "contact_nos",
            "opportunity_nos",
            "item_nos",
            "customer_nos",
            "default_sales_cycle",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = card_helper()
