"""Forms for login, My Settings, number series, code tables and the Marketing Setup page."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.models import MarketingSetup, NoSeries, User

# Bounds for search and filter fields, which have no model field to bound them: a text longer than any code
# or name is no search (SQLite refuses LIKE patterns over 50,000 bytes), a number outside a 64-bit integer no key.
SEARCH_MAX_LENGTH = 250
BIGINT = 2**63 - 1

# Django's strings that its own Norwegian catalogue lacks (our catalogue, in LOCALE_PATHS, comes first).
DJANGO_STRINGS = [gettext_noop("- Select an option -")]  # a model choice field's blank choice (Django 6)


def bound_search_fields(form: forms.BaseForm) -> forms.BaseForm:
    """Give the form's free text and number fields a length and range, so hostile values get a field message."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField):
            if field.max_length is None or field.max_length > SEARCH_MAX_LENGTH:
                field.max_length = SEARCH_MAX_LENGTH
                field.validators.append(validators.MaxLengthValidator(SEARCH_MAX_LENGTH))
                field.widget.attrs["maxlength"] = str(SEARCH_MAX_LENGTH)
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            field.validators += [validators.MinValueValidator(-BIGINT), validators.MaxValueValidator(BIGINT)]
    return form


class IsoNumberInput(forms.NumberInput):
    """<input type="number"> whose value is always written "1.5", the only notation a browser takes there
    (it shows the number in the user's own notation); a localized field would write "1,5", which shows as empty."""

    def format_value(self, value):
        formatted = super().format_value(value)
        return None if formatted is None else str(value)


def read_localized_numbers(form: forms.BaseForm) -> forms.BaseForm:
    """Let the form's decimal fields read the user's notation: "1,5" in Norwegian; "1.5" is read in every language.

    Only the reading is localized (Django's sanitize_separators); the inputs stay <input type="number"> with an
    ISO value. English reads exactly as before.
    """
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField | forms.FloatField):
            field.localize = True
            if type(field.widget) is forms.NumberInput:
                field.widget = IsoNumberInput(attrs=field.widget.attrs)
    return form


class LoginForm(AuthenticationForm):
    """The login form, with autofocus and browser autocomplete hints."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autofocus": True, "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class ProfileForm(forms.ModelForm):
    """My Settings (BC's page of that name): the language the user reads the application in."""

    class Meta:
        model = User
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}
        help_texts = {
            "language": _("Dates, numbers and date formulas follow the language too (31.12.2026, 1 234,50, 1U+1D).")
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = card_helper()


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
        read_localized_numbers(self)
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
    helper.disable_csrf = True  # our <form> carries the token; crispy would add a second one
    helper.add_input(Submit("save", submit_label))
    return helper


class CodeTableForm(forms.ModelForm):
    """A code table's card (core.codetables): codes are stored upper-case, as in BC."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        read_localized_numbers(self)
        self.helper = card_helper()

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


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


SAVED_BY_ANOTHER_USER = _(
    "Another user has just saved a record with the same values. Nothing was saved: check your entry and save again."
)


def save_or_report(form: forms.ModelForm) -> models.Model | None:
    """Save a valid model form; when the database refuses the row (another user saved the same code between the
    form's check and the save), put the reason on the form and return None instead of letting the error out.

    The form keeps what the user typed; the uniqueness checks run again so the message names the field.
    """
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        try:
            form.instance.validate_unique()
            form.instance.validate_constraints()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                form.add_error(name if name in form.fields and name != NON_FIELD_ERRORS else None, messages)
        if not form.errors:
            form.add_error(None, SAVED_BY_ANOTHER_USER)
        return None
