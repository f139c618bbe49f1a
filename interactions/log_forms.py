"""The Log Interaction form: BC's Create Interaction with the template's defaults."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact, CorrespondenceType
from core.lookups import LookupField, LookupInput
from interactions.log_services import FILL_IN_FIELD, check_not_privacy_blocked
from interactions.models import Evaluation, InformationFlow, InitiatedBy, InteractionTemplate
from salespeople.models import Salesperson

CONTACT_DOES_NOT_EXIST = _("The Contact does not exist. Identification fields and values: No.='%(no)s'")

# Fields whose defaults come from the interaction template; they are refreshed when the template changes.
TEMPLATE_DEFAULTS = [
    "description",
    "cost",
    "duration",
    "information_flow",
    "initiated_by",
    "campaign_target",
    "campaign_response",
    "correspondence_type",
]


def _fill_in(caption: str) -> str:
    return FILL_IN_FIELD % {"field": caption}


def required(caption: str) -> dict[str, str]:
    # Fields are built when the module is imported: the message is translated when it is shown.
    return {"required": lazy(_fill_in, str)(caption)}


def template_defaults(template: InteractionTemplate, contact: Contact | None) -> dict[str, Any]:
    """The values a template gives a new interaction (BC Segment Line validate of Interaction Template Code)."""
    correspondence_type = template.correspondence_type
    if contact is not None and contact.correspondence_type and not template.ignore_contact_corres_type:
        correspondence_type = contact.correspondence_type
    return {
        "description": template.description,
        "cost": template.unit_cost,
        "duration": template.unit_duration,
        "information_flow": template.information_flow,
        "initiated_by": template.initiated_by,
        "campaign_target": template.campaign_target,
        "campaign_response": template.campaign_response,
        "correspondence_type": correspondence_type,
    }


class LogInteractionForm(forms.Form):
    contact = forms.CharField(
        label=_("Contact No."),
        max_length=20,
        error_messages=required(_("Contact No.")),
        help_text=_("Type a No. or part of a name; matching contacts are offered."),
        widget=LookupInput("contacts:options"),
    )
    interaction_template = forms.ModelChoiceField(
        label=_("Interaction Template Code"),
        queryset=InteractionTemplate.objects.all(),
        to_field_name="code",
        error_messages=required(_("Interaction Template Code")),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=required(_("Date"))
    )
    time_of_interaction = forms.TimeField(
        label=_("Time of Interaction"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    description = forms.CharField(label=_("Description"), max_length=100, error_messages=required(_("Description")))
    cost = forms.DecimalField(label=_("Cost (LCY)"), min_value=0, max_digits=18, decimal_places=2, initial=0)
    duration = forms.DecimalField(label=_("Duration (Min.)"), min_value=0, max_digits=18, decimal_places=0, initial=0)
    information_flow = forms.ChoiceField(label=_("Information Flow"), choices=InformationFlow, required=False)
    initiated_by = forms.ChoiceField(label=_("Initiated By"), choices=InitiatedBy, required=False)
    correspondence_type = forms.ChoiceField(label=_("Correspondence Type"), choices=CorrespondenceType, required=False)
    evaluation = forms.ChoiceField(label=_("Evaluation"), choices=Evaluation, required=False)
    campaign = LookupField(Campaign.objects.all(), options_url="campaigns:options", label=_("Campaign No."))
    campaign_target = forms.BooleanField(label=_("Campaign Target"), required=False)
    campaign_response = forms.BooleanField(label=_("Campaign Response"), required=False)
    salesperson = forms.ModelChoiceField(
        label=_("Salesperson Code"),
        queryset=Salesperson.objects.selectable(),
        to_field_name="code",
        error_messages=required(_("Salesperson Code")),
    )
    attempt_failed = forms.BooleanField(label=_("Attempt Failed"), required=False)
    # A plain number, as in BC (the opportunity does not change its stage when an interaction is logged).
    opportunity_no = forms.CharField(label=_("Opportunity No."), max_length=20, required=False)

    def __init__(self, *args: Any, refresh_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interaction_template"].label_from_instance = lambda t: f"{t.code} {t.description}".strip()
        self.fields["salesperson"].label_from_instance = lambda s: f"{s.code} {s.name}"
        if refresh_url:
            # Choosing another template reloads the fields with its defaults (htmx); without JavaScript the
            # defaults apply when the form is opened with ?interaction_template=.
            self.fields["interaction_template"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#log-interaction-fields",
                    "hx-swap": "outerHTML",
                    "hx-include": "#log-interaction-fields",
                }
            )

    def clean_contact(self) -> Contact:
        no = self.cleaned_data["contact"].strip()
        contact = Contact.objects.filter(no=no).first()
        if contact is None:
            raise forms.ValidationError(CONTACT_DOES_NOT_EXIST, params={"no": no}, code="contact_missing")
        check_not_privacy_blocked(contact)
        return contact


def initial_values(
    *,
    contact: Contact | None,
    campaign: Campaign | None,
    salesperson: Salesperson | None,
    template: InteractionTemplate | None,
    typed: dict[str, Any] | None = None,
    opportunity_no: str = "",
) -> dict[str, Any]:
    """Start values of the form: context (contact, campaign, salesperson), what the user typed, template defaults."""
    now = timezone.localtime()
    initial: dict[str, Any] = {
        "contact": contact.no if contact else "",
        "date": now.date(),
        "time_of_interaction": datetime.time(now.hour, now.minute),
        "campaign": campaign.no if campaign else "",
        "salesperson": salesperson.code if salesperson else "",
        "opportunity_no": opportunity_no,
    }
    initial.update({name: value for name, value in (typed or {}).items() if name in LogInteractionForm.base_fields})
    if template is not None:
        initial["interaction_template"] = template.code
        initial.update(template_defaults(template, contact))
        if not initial.get("campaign") and template.campaign_id:
            initial["campaign"] = template.campaign.no
    return initial
