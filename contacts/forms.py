"""Forms of the contact card and the contact import."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.models import BusinessRelation, Contact, IndustryGroup, JobResponsibility, MailingGroup
from contacts.services.contacts import (
    ContactGroups,
    manual_no_error,
    normalize_code,
    validate_email_address,
    validate_phone_no,
)
from contacts.services.imports import NAME_REQUIRED
from core.forms import VersionedModelForm, card_helper
from salespeople.forms import SalespersonChoiceField

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_TOO_LARGE = _("The file is larger than 50 MB. Split it into smaller files.")


class CodeChoices(forms.ModelMultipleChoiceField):
    """Check boxes for a lookup table, labelled "CODE – Description"."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} – {obj.description}" if obj.description else obj.code


class ContactForm(VersionedModelForm):
    """The contact card. Type, company and the group links are checked by the services (one set of rules)."""

    no = forms.CharField(
        label=_("No."),
        max_length=20,
        required=False,
        help_text=_("Leave blank to take the next number of the Contact Nos. series."),
    )
    company_no = forms.CharField(
        label=_("Company No."),
        max_length=20,
        required=False,
        help_text=_("A person's company (the No. of a company contact). A company is its own company."),
    )
    industry_groups = CodeChoices(IndustryGroup.objects.all(), required=False, label=_("Industry Groups"))
    business_relations = CodeChoices(BusinessRelation.objects.all(), required=False, label=_("Business Relations"))
    mailing_groups = CodeChoices(MailingGroup.objects.all(), required=False, label=_("Mailing Groups"))
    job_responsibilities = CodeChoices(JobResponsibility.objects.all(), required=False, label=_("Job Responsibilities"))
    # A plain text field: the e-mail check is the import's too (BC's message), not Django's EmailField.
    email = forms.CharField(label=_("E-Mail"), max_length=80, required=False)

    class Meta:
        model = Contact
        fields = [
            "name",
            "type",
            "salesperson",
            "address",
            "post_code",
            "city",
            "country_region_code",
            "territory_code",
            "phone_no",
            "email",
            "correspondence_type",
            "language_code",
            "exclude_from_segment",
            "privacy_blocked",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = NAME_REQUIRED
        # Blocked salespeople cannot be chosen anew; the one already on the card stays selectable.
        self.fields["salesperson"] = SalespersonChoiceField(current=self.instance.salesperson)
        if self.instance.pk or manual_no_error():
            # BC shows No. on a new card only when Contact Nos. allows typing numbers.
            del self.fields["no"]
        if self.instance.pk and not self.is_bound:
            self.fields["company_no"].initial = self.instance.company_no
            for name in ("industry_groups", "business_relations", "mailing_groups", "job_responsibilities"):
                self.fields[name].initial = list(getattr(self.instance, name).all())

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        validate_email_address(value)
        return value

    def clean_phone_no(self) -> str:
        value = self.cleaned_data["phone_no"].strip()
        validate_phone_no(value)
        return value

    def _clean_code(self, name: str) -> str:
        return normalize_code(self.cleaned_data[name])

    def clean_post_code(self) -> str:
        return self._clean_code("post_code")

    def clean_country_region_code(self) -> str:
        return self._clean_code("country_region_code")

    def clean_territory_code(self) -> str:
        return self._clean_code("territory_code")

    def clean_language_code(self) -> str:
        return self._clean_code("language_code")

    def clean_company_no(self) -> str:
        return self.cleaned_data["company_no"].strip()

    def groups(self) -> ContactGroups:
        data = self.cleaned_data
        return ContactGroups(
            industry_groups=list(data["industry_groups"]),
            business_relations=list(data["business_relations"]),
            mailing_groups=list(data["mailing_groups"]),
            job_responsibilities=list(data["job_responsibilities"]),
        )

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError next to the fields it names (others above the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV file (.csv, comma or semicolon separated, UTF-8) or an Excel workbook (.xlsx)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = card_helper(_("Upload and preview"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(UPLOAD_TOO_LARGE, code="too_large")
        return upload
