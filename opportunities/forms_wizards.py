"""Forms of the opportunity wizards: Update Opportunity, Close Opportunity and Create Opportunity (§4.5, §6.4, §6.6).

The forms only parse what was typed; the services check it in BC's order and their messages are put next to
the fields by the views. Choices the page offers (the Action Types, the candidate stages, the codes of the
chosen type) are a matter of the widget: the fields accept any value, so a value that is not offered gets
BC's own message from the service rather than Django's "Select a valid choice".
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.widgets import date_input
from opportunities.models import CloseOpportunityCode, Opportunity, OpportunityEntry, SalesCycle, SalesCycleStage
from opportunities.services import messages
from opportunities.services.creation import FirstStage, OpportunityValues
from opportunities.services.wizards import ActionType, UpdateDefaults
from salespeople.models import Salesperson
from segments.models import SegmentHeader
from tasks.forms import NoField, SalespersonChoiceField, selectable_salespeople

FIRST_VALID_DATE = datetime.date(1900, 1, 1)
LAST_VALID_DATE = datetime.date(2999, 12, 31)
MAX_AMOUNT = Decimal("9999999999999999.99")  # 18 digits, 2 decimals (models.AMOUNT)


class WizardDateField(forms.DateField):
    """A date within BC's valid range (1900–2999), so formulas and the database never overflow."""

    widget = date_input()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not FIRST_VALID_DATE <= value <= LAST_VALID_DATE:
            raise ValidationError(messages.DATE_OUT_OF_RANGE, code="date_range")


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_digits=18, decimal_places=2, **kwargs)


class PercentField(forms.DecimalField):
    """Chances of Success %: up to 5 decimals (DOMAIN A.11), at most 100; "must be greater than 0" is the service's."""

    def __init__(self, *, caption: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_digits=8, decimal_places=5, **kwargs)
        self.caption = caption

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value > 100:
            raise ValidationError(messages.PERCENT_OVER_100, params={"field": self.caption}, code="max_value")


class NulSafe:
    """A record lookup that refuses text with NUL bytes before it reaches the database (PostgreSQL rejects it)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""})
        return super().to_python(value)


class RecordField(NulSafe, NoField):
    pass


class SalespersonField(NulSafe, SalespersonChoiceField):
    pass


class CodeField(NulSafe, forms.ModelChoiceField):
    pass


def stage_label(stage: SalesCycleStage) -> str:
    return f"{stage.stage} {stage.description}".strip()


# --- Update Opportunity -------------------------------------------------------------------------------------

DEFAULTS_TRIGGER = {"hx-trigger": "change", "hx-include": "closest form", "hx-target": "#update-defaults"}


class UpdateOpportunityForm(forms.Form):
    """BC page 5129: the Action Type, the target stage, the Date of Change and the new estimates."""

    action_type = forms.ChoiceField(
        label=_("Action Type"), choices=ActionType.choices, required=False, widget=forms.RadioSelect
    )
    stage = forms.IntegerField(label=_("Sales Cycle Stage"), required=False, widget=forms.Select)
    date_of_change = WizardDateField(label=_("Date of Change"))
    estimated_value = AmountField(label=_("Estimated Value (LCY)"))
    chances_of_success_pct = PercentField(label=_("Chances of Success %"), caption=_("Chances of Success %"))
    estimated_close_date = WizardDateField(label=_("Estimated Close Date"))
    cancel_old_tasks = forms.BooleanField(label=_("Cancel Old Tasks"), required=False)
    # What the page showed: the record's version (optimistic locking) and the Action Type the defaults are for.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    shown_action_type = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, defaults: UpdateDefaults, defaults_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trigger = {"hx-get": defaults_url, **DEFAULTS_TRIGGER}
        self.fields["action_type"].widget.choices = [(a, ActionType(a).label) for a in defaults.offered]
        self.fields["action_type"].widget.attrs.update(trigger)
        stage_widget = self.fields["stage"].widget
        stage_widget.choices = [(s.stage, stage_label(s)) for s in defaults.stages]
        stage_widget.attrs.update(trigger)
        if len(defaults.stages) <= 1:
            # One candidate: the stage follows from the action (BC shows it fixed); still posted with the form.
            stage_widget.attrs["class"] = "form-select pe-none bg-body-tertiary"
            stage_widget.attrs["aria-readonly"] = "true"
            stage_widget.attrs["tabindex"] = "-1"
        self.fields["date_of_change"].widget = date_input(**trigger)


def update_initial(defaults: UpdateDefaults, *, version: int, cancel_old_tasks: bool = False) -> dict[str, Any]:
    return {
        "action_type": defaults.action_type,
        "stage": defaults.stage,
        "date_of_change": defaults.date_of_change,
        "estimated_value": defaults.estimated_value,
        # 70, not 70.00000: the stage setup shows percentages without trailing zeros too.
        "chances_of_success_pct": defaults.chances_of_success_pct.normalize() + 0,
        "estimated_close_date": defaults.estimated_close_date,
        "cancel_old_tasks": cancel_old_tasks,
        "version": version,
        "shown_action_type": defaults.action_type,
    }


def typed(data: Any, name: str, field: forms.Field) -> Any:
    """The value of one posted field when it parses and validates, else None (for recomputing defaults)."""
    try:
        value = field.clean(data.get(name, ""))
    except ValidationError:
        return None
    return value


# --- Close Opportunity --------------------------------------------------------------------------------------


class CloseOpportunityForm(forms.Form):
    """BC page 5128: Won or Lost, the Close Opportunity Code of that type, the Closing Date and Sales (LCY)."""

    action = forms.ChoiceField(
        label=_("Opportunity Status"),
        choices=[(OpportunityEntry.ActionTaken.WON, _("Won")), (OpportunityEntry.ActionTaken.LOST, _("Lost"))],
        required=False,
        widget=forms.RadioSelect,
    )
    close_opportunity_code = CodeField(
        label=_("Close Opportunity Code"),
        queryset=CloseOpportunityCode.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    closing_date = WizardDateField(label=_("Closing Date"))
    sales = AmountField(label=_("Sales (LCY)"))
    cancel_old_tasks = forms.BooleanField(label=_("Cancel Old Tasks"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, action: str, refresh_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.attrs.update(
            {"hx-get": refresh_url, "hx-trigger": "change", "hx-include": "closest form", "hx-target": "#close-fields"}
        )
        codes = CloseOpportunityCode.objects.filter(type=action) if action else CloseOpportunityCode.objects.none()
        self.fields["close_opportunity_code"].widget.choices = [("", "")] + [(c.code, str(c)) for c in codes]
        if action != OpportunityEntry.ActionTaken.WON:
            self.fields["sales"].disabled = True  # Sales (LCY) is editable for Won only


# --- Create Opportunity -------------------------------------------------------------------------------------


class CreateOpportunityForm(forms.Form):
    """BC page 5126: the opportunity's values and "Activate the First Stage." with its estimates."""

    description = forms.CharField(label=_("Description"), max_length=100, required=False)
    creation_date = WizardDateField(label=_("Creation Date"))
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Opportunity.Priority.choices, initial=Opportunity.Priority.NORMAL
    )
    contact = RecordField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    salesperson = SalespersonField(
        queryset=Salesperson.objects.none(), to_field_name="code", required=False, label=_("Salesperson Code")
    )
    sales_cycle = CodeField(
        queryset=SalesCycle.objects.filter(blocked=False).order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Sales Cycle Code"),
    )
    campaign = RecordField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    segment = RecordField(SegmentHeader.objects.all(), caption=_("Segment"), label=_("Segment No."))
    activate_first_stage = forms.BooleanField(label=_("Activate the First Stage."), required=False)
    estimated_value = AmountField(label=_("Estimated Sales Value (LCY)"))
    chances_of_success_pct = PercentField(label=_("Chances of Success (%)"), caption=_("Wizard Chances of Success %"))
    estimated_close_date = WizardDateField(label=_("Estimated Closing Date"))
    # The run's identity: a second Finish (or Yes) with the same id creates nothing more.
    creation_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, segment: SegmentHeader | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_segment = segment
        salespeople = selectable_salespeople()
        if not user.has_perm("opportunities.view_all_opportunities"):
            # A salesperson works on own opportunities only.
            salespeople = salespeople.filter(user=user)
        self.fields["salesperson"].queryset = salespeople
        if segment is not None:
            # One opportunity per contact line of this segment: no Contact, the segment is fixed.
            del self.fields["contact"]
            del self.fields["segment"]
        if not self.is_bound:
            self.fields["creation_id"].initial = uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("activate_first_stage"):
            # BC clears the estimates when the box is unticked.
            for name in ("estimated_value", "chances_of_success_pct", "estimated_close_date"):
                data[name] = None
        return data

    def clean_creation_id(self) -> uuid.UUID:
        return self.cleaned_data.get("creation_id") or uuid.uuid4()

    def opportunity_values(self) -> OpportunityValues:
        data = self.cleaned_data
        return OpportunityValues(
            description=data.get("description") or "",
            creation_date=data.get("creation_date"),
            priority=data.get("priority") or Opportunity.Priority.NORMAL,
            contact=data.get("contact"),
            salesperson=data.get("salesperson"),
            sales_cycle=data.get("sales_cycle"),
            campaign=data.get("campaign"),
            segment=self.fixed_segment or data.get("segment"),
        )

    def first_stage(self) -> FirstStage | None:
        data = self.cleaned_data
        if not data.get("activate_first_stage"):
            return None
        return FirstStage(
            estimated_value=data.get("estimated_value"),
            chances_of_success_pct=data.get("chances_of_success_pct"),
            estimated_close_date=data.get("estimated_close_date"),
        )


def create_initial(values: OpportunityValues) -> dict[str, Any]:
    """The wizard's defaults (services.creation.wizard_defaults) as the form's initial values."""
    return {
        "description": values.description,
        "creation_date": values.creation_date,
        "priority": values.priority,
        "contact": values.contact.no if values.contact else "",
        "salesperson": values.salesperson.code if values.salesperson else None,
        "sales_cycle": values.sales_cycle.code if values.sales_cycle else None,
        "campaign": values.campaign.no if values.campaign else "",
        "segment": values.segment.no if values.segment else "",
    }
