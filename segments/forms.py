"""Forms of the segment card, its lines and the criteria request pages."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import BusinessRelation, Contact, IndustryGroup, JobResponsibility, MailingGroup
from core.forms import VersionedModelForm, bound_search_fields
from core.lookups import LookupField, LookupMultipleField
from core.widgets import date_input
from interactions.models import Evaluation, InteractionTemplate, LoggedSegment
from salespeople.models import Salesperson
from segments.bcfilter import INVALID_FILTER, FilterSyntaxError, validate
from segments.models import SavedSegmentCriteria, SegmentHeader, SegmentLine
from segments.services import criteria

DATE_INPUT = date_input()


def campaign_lookup() -> LookupField:
    """The Campaign No. of a segment or a line: typed, with suggestions (campaigns reach thousands)."""
    return LookupField(Campaign.objects.all(), options_url="campaigns:options", label=_("Campaign No."))


def _salespeople(current_id: int | None):
    """Selectable (not blocked) salespeople, plus the one already on the record."""
    qs = Salesperson.objects.selectable()
    if current_id:
        qs = Salesperson.objects.filter(pk=current_id) | qs
    return qs.order_by("code")


class CodeChoiceField(forms.ModelChoiceField):
    """A lookup shown as "CODE Description" and posted by its business key."""

    def label_from_instance(self, obj) -> str:
        return str(obj)


class SegmentHeaderForm(VersionedModelForm):
    """The segment card's header (General, Interaction and Campaign fields)."""

    class Meta:
        model = SegmentHeader
        fields = [
            "description",
            "salesperson",
            "date",
            "interaction_template",
            "unit_cost",
            "unit_duration",
            "information_flow",
            "initiated_by",
            "correspondence_type",
            "ignore_contact_corres_type",
            "campaign",
            "campaign_target",
            "campaign_response",
        ]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, **kwargs) -> None:
        # Own ids: the card also holds the line filter, whose fields share some names.
        kwargs.setdefault("auto_id", "header_%s")
        super().__init__(*args, **kwargs)
        self.fields["salesperson"].queryset = _salespeople(self.instance.salesperson_id)
        self.fields["campaign"] = campaign_lookup()
        self.fields["interaction_template"].queryset = InteractionTemplate.objects.order_by("code")

    def changed_fields(self) -> list[str]:
        return [name for name in self.changed_data if name != "version"]


class AddContactForm(forms.Form):
    contact_no = forms.CharField(label=_("Contact No."), max_length=20)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_no"].widget.attrs.update({"list": "contact-options", "autocomplete": "off"})

    def clean_contact_no(self) -> str:
        return self.cleaned_data["contact_no"].strip().upper()


class SegmentLineForm(forms.ModelForm):
    """One segment line; a new Contact No. re-initialises it, a new template re-copies the template's values."""

    contact = LookupField(Contact.objects.all(), options_url="contacts:options", required=True, label=_("Contact No."))

    class Meta:
        model = SegmentLine
        fields = [
            "contact",
            "description",
            "date",
            "time_of_interaction",
            "salesperson",
            "interaction_template",
            "correspondence_type",
            "cost",
            "duration",
            "information_flow",
            "initiated_by",
            "campaign",
            "campaign_target",
            "campaign_response",
            "evaluation",
            "attempt_failed",
        ]
        widgets = {"date": DATE_INPUT, "time_of_interaction": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The contact is entered by its No., so compare changes by No. too.
            self.initial["contact"] = self.instance.contact.no
        self.fields["salesperson"].queryset = _salespeople(self.instance.salesperson_id)
        self.fields["campaign"] = campaign_lookup()
        self.fields["interaction_template"].queryset = InteractionTemplate.objects.order_by("code")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("contact", "description", "date", "time_of_interaction", "salesperson", css_class="col-lg-4"),
                Column(
                    "interaction_template",
                    "correspondence_type",
                    Row(Column("cost"), Column("duration")),
                    Row(Column("information_flow"), Column("initiated_by")),
                    css_class="col-lg-4",
                ),
                Column(
                    "campaign",
                    "campaign_target",
                    "campaign_response",
                    "evaluation",
                    "attempt_failed",
                    css_class="col-lg-4",
                ),
            )
        )


def _codes(model, label):
    return forms.ModelMultipleChoiceField(
        queryset=model.objects.order_by("code"),
        to_field_name="code",
        required=False,
        label=label,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )


class CriteriaForm(forms.Form):
    """The request page of Add Contacts / Remove Contacts – Reduce / – Refine: filter sections and options."""

    FILTER_HELP = _("BC filter: CT0001..CT0100, A*|B*, <>X, ''")

    # Contact
    no = forms.CharField(label=_("No."), required=False, help_text=FILTER_HELP)
    name = forms.CharField(label=_("Name"), required=False, help_text=_("e.g. *bike*"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", ""), *Contact.Type.choices])
    salesperson = forms.ModelMultipleChoiceField(
        queryset=Salesperson.objects.order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Salesperson Code"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    post_code = forms.CharField(label=_("Post Code"), required=False)
    city = forms.CharField(label=_("City"), required=False)
    country_region_code = forms.CharField(label=_("Country/Region Code"), required=False)
    territory_code = forms.CharField(label=_("Territory Code"), required=False)
    company_no = forms.CharField(label=_("Company No."), required=False, help_text=FILTER_HELP)
    company_name = forms.CharField(label=_("Company Name"), required=False, help_text=_("e.g. *AS"))
    # Groups
    mailing_group = _codes(MailingGroup, _("Mailing Group Code"))
    industry_group = _codes(IndustryGroup, _("Industry Group Code"))
    business_relation = _codes(BusinessRelation, _("Business Relation Code"))
    job_responsibility = _codes(JobResponsibility, _("Job Responsibility Code"))
    # Interaction Log Entry
    ile_date_from = forms.DateField(label=_("Date from"), required=False, widget=DATE_INPUT)
    ile_date_to = forms.DateField(label=_("Date to"), required=False, widget=DATE_INPUT)
    ile_segment_no = forms.CharField(label=_("Segment No."), required=False)
    ile_campaign = LookupMultipleField(
        Campaign.objects.all(),
        options_url="campaigns:options",
        label=_("Campaign No."),
        help_text=_("One or more Nos., e.g. CP0001|CP0002"),
    )
    ile_evaluation = forms.MultipleChoiceField(
        label=_("Evaluation"),
        required=False,
        choices=[c for c in Evaluation.choices if c[0]],
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    ile_interaction_template = _codes(InteractionTemplate, _("Interaction Template Code"))
    ile_salesperson = forms.ModelMultipleChoiceField(
        queryset=Salesperson.objects.order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Salesperson Code"),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    # Options
    allow_existing_contacts = forms.BooleanField(label=_("Allow Existing Contacts"), required=False)
    expand_companies = forms.BooleanField(label=_("Expand Companies"), required=False)
    allow_related_companies = forms.BooleanField(label=_("Allow Related Companies"), required=False)
    ignore_exclusion = forms.BooleanField(label=_("Ignore Exclusion"), required=False)
    entire_companies = forms.BooleanField(label=_("Entire Companies"), required=False)

    # The Contact section's text filters are the criteria's (BC filter expressions), plus the entries' Segment No.
    TEXT_FILTERS = [*criteria.CONTACT_TEXT_FILTERS, "ile_segment_no"]
    GROUP_FIELDS = list(criteria.GROUP_SECTIONS)

    def __init__(self, *args, action: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        option_names = criteria.ADD_OPTIONS if action == criteria.Action.ADD else criteria.REMOVE_OPTIONS
        for name in criteria.ADD_OPTIONS + criteria.REMOVE_OPTIONS:
            if name not in option_names:
                del self.fields[name]
        self.option_names = option_names
        bound_search_fields(self)

    def clean(self) -> dict:
        data = super().clean()
        for name in self.TEXT_FILTERS:
            try:
                validate(data.get(name) or "")
            except FilterSyntaxError:
                self.add_error(name, INVALID_FILTER % {"filter": data.get(name)})
        if data.get("ile_date_from") and data.get("ile_date_to") and data["ile_date_from"] > data["ile_date_to"]:
            self.add_error("ile_date_to", _("Date to must not be before Date from."))
        return data

    def filters(self) -> dict:
        """The cleaned filter sections as stored on the criteria action (codes, not ids)."""
        data = self.cleaned_data

        def codes(values, key="code") -> list[str]:
            return [getattr(v, key) for v in values]

        contact = {name: (data.get(name) or "").strip() for name in criteria.CONTACT_TEXT_FILTERS}
        contact["type"] = data.get("type") or ""
        contact["salesperson"] = codes(data.get("salesperson") or [])
        filters: dict = {"contact": {k: v for k, v in contact.items() if v}}
        for name in self.GROUP_FIELDS:
            filters[name] = codes(data.get(name) or [])
        interaction = {
            "date_from": data["ile_date_from"].isoformat() if data.get("ile_date_from") else "",
            "date_to": data["ile_date_to"].isoformat() if data.get("ile_date_to") else "",
            "segment_no": (data.get("ile_segment_no") or "").strip(),
            "campaign": codes(data.get("ile_campaign") or [], "no"),
            "evaluation": list(data.get("ile_evaluation") or []),
            "interaction_template": codes(data.get("ile_interaction_template") or []),
            "salesperson": codes(data.get("ile_salesperson") or []),
        }
        filters["interaction"] = {k: v for k, v in interaction.items() if v}
        return {k: v for k, v in filters.items() if v}

    def option_fields(self) -> list:
        return [self[name] for name in self.option_names]

    def options(self) -> dict:
        return {name: bool(self.cleaned_data.get(name)) for name in self.option_names}


class SaveCriteriaForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=10)
    description = forms.CharField(label=_("Description"), max_length=100, required=False)


class ReuseCriteriaForm(forms.Form):
    saved_criteria = CodeChoiceField(
        queryset=SavedSegmentCriteria.objects.order_by("code"),
        to_field_name="code",
        label=_("Saved Segment Criteria"),
    )


class LoggedSegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LoggedSegment) -> str:
        canceled = f" ({_('Canceled')})" if obj.canceled else ""
        created = date_format(obj.creation_date, "SHORT_DATE_FORMAT")
        return f"{obj.pk} · {obj.segment_no} · {obj.description} · {created}{canceled}"


class ReuseLoggedForm(forms.Form):
    logged_segment = LoggedSegmentChoiceField(queryset=LoggedSegment.objects.order_by("-id"), label=_("Logged Segment"))
