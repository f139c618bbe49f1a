"""The Opportunity Card (General), the new opportunity, and the request page of Delete Opportunities (report 5182)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.forms import VersionedModelForm, card_helper
from core.widgets import date_input
from opportunities.models import Opportunity, SalesCycle
from opportunities.services import card
from salespeople.forms import CodeField, SalespersonChoiceField
from salespeople.models import Salesperson
from segments.models import SegmentHeader
from tasks.forms import NoField


class SalesCycleField(forms.ModelChoiceField):
    def __init__(self, *, current: SalesCycle | None = None, **kwargs: Any) -> None:
        condition = Q(blocked=False) | Q(pk=getattr(current, "pk", None))
        kwargs.setdefault("label", _("Sales Cycle Code"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=SalesCycle.objects.filter(condition), to_field_name="code", **kwargs)

    def label_from_instance(self, obj: SalesCycle) -> str:
        return str(obj)


def salesperson_field(user: Any, current: Salesperson | None) -> SalespersonChoiceField:
    """The Salesperson Code field; a salesperson who sees only their own opportunities can only pick themselves."""
    field = SalespersonChoiceField(current=current)
    if user is not None and not user.has_perm("opportunities.view_all_opportunities"):
        field.queryset = field.queryset.filter(user=user)
    return field


class OpportunityCardForm(VersionedModelForm):
    """The General FastTab of the Opportunity Card; what may change depends on the Status (§4.2)."""

    contact = NoField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    campaign = NoField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    segment = NoField(SegmentHeader.objects.all(), caption=_("Segment"), label=_("Segment No."))

    class Meta:
        model = Opportunity
        fields = ["description", "contact", "salesperson", "campaign", "segment", "sales_cycle", "priority"]
        fields += ["sales_quote_no"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        opportunity = self.instance
        self.fields["salesperson"] = salesperson_field(user, opportunity.salesperson)
        self.fields["sales_cycle"] = SalesCycleField(current=opportunity.sales_cycle)
        for name, related in [("contact", "contact"), ("campaign", "campaign"), ("segment", "segment")]:
            if getattr(opportunity, f"{related}_id"):
                self.initial[name] = getattr(opportunity, related).no
        if opportunity.salesperson_id:
            self.initial["salesperson"] = opportunity.salesperson.code
        if opportunity.sales_cycle_id:
            self.initial["sales_cycle"] = opportunity.sales_cycle.code
        editable = card.editable_fields(opportunity)
        if user is not None and not user.has_perm("opportunities.view_all_opportunities"):
            editable.discard("salesperson")  # reassigning would hide the opportunity from its own salesperson
        for name, field in self.fields.items():
            if name != "version" and name not in editable:
                field.disabled = True
        self.helper = card_helper()

    def _post_clean(self) -> None:
        """The service checks the rules (and the unique quote) with BC's messages; no model validation here."""

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in card.CARD_FIELDS if not self.fields[name].disabled}


class OpportunityCreateForm(forms.Form):
    """A new Opportunity Card: the Create wizard's defaults pre-filled; a typed No. when the series allows it."""

    no = CodeField(
        label=_("No."),
        max_length=20,
        required=False,
        help_text=_("Leave blank to take the next number from the Opportunity Nos. series."),
    )
    description = forms.CharField(label=_("Description"), max_length=100, required=False)
    contact = NoField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    salesperson = SalespersonChoiceField()
    campaign = NoField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    segment = NoField(SegmentHeader.objects.all(), caption=_("Segment"), label=_("Segment No."))
    sales_cycle = SalesCycleField()
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Opportunity.Priority.choices, initial=Opportunity.Priority.NORMAL
    )
    creation_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["salesperson"] = salesperson_field(user, None)
        if not self.is_bound:
            self.initial.setdefault("creation_id", uuid.uuid4())
        self.helper = card_helper(_("Create"))

    def set_defaults(self, values: Any) -> None:
        """Show the wizard's defaults (creation.wizard_defaults) as the form's initial values."""
        for name in ["contact", "campaign", "segment"]:
            record = getattr(values, name)
            if record is not None:
                self.initial[name] = record.no
        if values.salesperson is not None:
            self.initial["salesperson"] = values.salesperson.code
        if values.sales_cycle is not None:
            self.initial["sales_cycle"] = values.sales_cycle.code
        if values.description:
            self.initial["description"] = values.description


class DeleteClosedForm(forms.Form):
    """Report 5182's request page: the filters; every Closed opportunity within them is deleted."""

    no = CodeField(label=_("No."), max_length=20, required=False)
    date_closed_from = forms.DateField(label=_("Date Closed from"), required=False, widget=date_input())
    date_closed_to = forms.DateField(label=_("Date Closed to"), required=False, widget=date_input())
    salesperson = forms.ModelChoiceField(
        Salesperson.objects.all(), to_field_name="code", required=False, label=_("Salesperson Code")
    )
    campaign = NoField(Campaign.objects.all(), caption=_("Campaign"), label=_("Campaign No."))
    contact = NoField(Contact.objects.all(), caption=_("Contact"), label=_("Contact No."))
    sales_cycle = forms.ModelChoiceField(
        SalesCycle.objects.all(), to_field_name="code", required=False, label=_("Sales Cycle Code")
    )

    def filters(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
