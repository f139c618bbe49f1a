"""Campaign card, status codes, comments, entry filters and the Delete Campaign Entries request page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignComment, CampaignStatus
from campaigns.services import ENDING_BEFORE_STARTING, STARTING_AFTER_ENDING
from core.forms import CodeTableForm, VersionedModelForm, card_helper
from salespeople.forms import CodeField, SalespersonChoiceField
from salespeople.models import Salesperson


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignStatusForm(CodeTableForm):
    """The Campaign Status card (campaigns.lists.STATUS_CODES); the code is fixed once saved."""

    code = CodeField(label=_("Code"), max_length=20)

    class Meta:
        model = CampaignStatus
        fields = ["code", "description", "sort_order"]
        help_texts = {"sort_order": _("The order of the phases: Advance status moves a campaign to the next one.")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class CampaignForm(VersionedModelForm):
    """The General tab of the Campaign Card; on a new campaign also the (optional) typed No."""

    class Meta:
        model = Campaign
        fields = ["description", "starting_date", "ending_date", "status", "salesperson"]
        widgets = {"starting_date": DateInput(), "ending_date": DateInput()}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.salesperson if self.instance.salesperson_id else None
        self.fields["salesperson"] = SalespersonChoiceField(current=current)
        self.fields["status"].queryset = CampaignStatus.objects.all()
        self.fields["status"].to_field_name = "code"
        if self.instance.status_id:
            self.initial["status"] = self.instance.status.code
        if not self.instance.pk:
            self.fields = {
                "no": CodeField(
                    label=_("No."),
                    max_length=20,
                    required=False,
                    help_text=_("Leave blank to take the next number from the Campaign Nos. series."),
                ),
                **self.fields,
            }
            linked = Salesperson.objects.selectable().filter(user=user).first() if user else None
            if linked and self.initial.get("salesperson") is None:
                self.initial["salesperson"] = linked.code
        self.helper = card_helper()

    def clean(self) -> dict:
        """BC validates the field the user changed: a changed Starting Date gets the Starting Date message."""
        data = super().clean()
        starting, ending = data.get("starting_date"), data.get("ending_date")
        if starting and ending and starting > ending:
            only_starting_changed = "starting_date" in self.changed_data and "ending_date" not in self.changed_data
            if only_starting_changed:
                self.add_error("starting_date", ValidationError(STARTING_AFTER_ENDING, code="starting_after_ending"))
            else:
                self.add_error("ending_date", ValidationError(ENDING_BEFORE_STARTING, code="ending_before_starting"))
        return data


class CommentForm(forms.ModelForm):
    class Meta:
        model = CampaignComment
        fields = ["date", "comment"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class DateRangeForm(forms.Form):
    """The Date Filter of the statistics page."""

    date_from = forms.DateField(label=_("Date from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Date to"), required=False, widget=DateInput())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Date to must not be before Date from."))
        return data


class DeleteEntriesForm(forms.Form):
    """The request page of the batch "Delete Campaign Entries" (Canceled = Yes is always added)."""

    entry_no_from = forms.IntegerField(label=_("Entry No. from"), required=False, min_value=1)
    entry_no_to = forms.IntegerField(label=_("Entry No. to"), required=False, min_value=1)
    date_from = forms.DateField(label=_("Date from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Date to"), required=False, widget=DateInput())
    salesperson = forms.ModelChoiceField(
        Salesperson.objects.all(), label=_("Salesperson Code"), required=False, to_field_name="code"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["salesperson"].label_from_instance = lambda sp: f"{sp.code} {sp.name}"

    def clean(self) -> dict:
        data = super().clean()
        if data.get("entry_no_from") and data.get("entry_no_to") and data["entry_no_from"] > data["entry_no_to"]:
            self.add_error("entry_no_to", _("Entry No. to must not be below Entry No. from."))
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Date to must not be before Date from."))
        return data

    def filters(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}
