"""Contacts (companies and persons) and the groupings segment criteria filter on (DOMAIN 4, 3.4)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CorrespondenceType(models.TextChoices):
    """BC's Correspondence Type: how documents reach the contact (shared by contacts, segments, interactions)."""

    BLANK = "", _(" ")
    HARD_COPY = "hard_copy", _("Hard Copy")
    EMAIL = "email", _("Email")


class ContactQuerySet(models.QuerySet["Contact"]):
    def companies(self) -> ContactQuerySet:
        return self.filter(type=Contact.Type.COMPANY)

    def persons(self) -> ContactQuerySet:
        return self.filter(type=Contact.Type.PERSON)

    def segment_eligible(self, *, ignore_exclusion: bool = False) -> ContactQuerySet:
        """Contacts that Add Contacts may put on a segment: never privacy blocked, excluded ones only if asked."""
        qs = self.filter(privacy_blocked=False)
        return qs if ignore_exclusion else qs.filter(exclude_from_segment=False)


class Contact(models.Model):
    """A company or a person; a person belongs to at most one company, a company is its own company."""

    class Type(models.TextChoices):
        COMPANY = "company", _("Company")
        PERSON = "person", _("Person")

    no = models.CharField(_("No."), max_length=20, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    type = models.CharField(_("Type"), max_length=10, choices=Type, default=Type.COMPANY)
    company = models.ForeignKey(
        "self",
        verbose_name=_("Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("A person's company; a company is its own company."),
    )
    company_name = models.CharField(_("Company Name"), max_length=100, blank=True)
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    address = models.CharField(_("Address"), max_length=100, blank=True)
    post_code = models.CharField(_("Post Code"), max_length=20, blank=True)
    city = models.CharField(_("City"), max_length=30, blank=True)
    country_region_code = models.CharField(_("Country/Region Code"), max_length=10, blank=True)
    territory_code = models.CharField(_("Territory Code"), max_length=10, blank=True)
    phone_no = models.CharField(_("Phone No."), max_length=30, blank=True)
    email = models.EmailField(_("E-Mail"), max_length=80, blank=True)
    correspondence_type = models.CharField(
        _("Correspondence Type"), max_length=10, choices=CorrespondenceType, blank=True, default=""
    )
    language_code = models.CharField(_("Language Code"), max_length=10, blank=True)
    exclude_from_segment = models.BooleanField(_("Exclude from Segment"), default=False)
    privacy_blocked = models.BooleanField(_("Privacy Blocked"), default=False)
    industry_groups = models.ManyToManyField(
        "IndustryGroup", through="ContactIndustryGroup", related_name="contacts", verbose_name=_("Industry Groups")
    )
    business_relations = models.ManyToManyField(
        "BusinessRelation",
        through="ContactBusinessRelation",
        related_name="contacts",
        verbose_name=_("Business Relations"),
    )
    mailing_groups = models.ManyToManyField(
        "MailingGroup", through="ContactMailingGroup", related_name="contacts", verbose_name=_("Mailing Groups")
    )
    job_responsibilities = models.ManyToManyField(
        "JobResponsibility",
        through="ContactJobResponsibility",
        related_name="contacts",
        verbose_name=_("Job Responsibilities"),
    )
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_date_modified = models.DateField(_("Last Date Modified"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["no"]
        verbose_name = _("Contact")
        verbose_name_plural = _("Contacts")
        indexes = [
            # Serves the contact list's name search and sort.
            models.Index(fields=["name"], name="contacts_contact_name_idx"),
            # Serve segment criteria on contact fields.
            models.Index(fields=["salesperson", "type"], name="contacts_contact_sp_type_idx"),
            models.Index(fields=["post_code"], name="contacts_contact_postcode_idx"),
            models.Index(fields=["country_region_code", "territory_code"], name="contacts_contact_country_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", kwargs={"no": self.no})

    @property
    def company_no(self) -> str:
        """BC's Company No.: the company's No. (a company's own), blank for a person without company."""
        return self.company.no if self.company_id else ""


class CodeDescription(models.Model):
    """A small code + description lookup table."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()


class IndustryGroup(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Industry Group")
        verbose_name_plural = _("Industry Groups")


class BusinessRelation(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Business Relation")
        verbose_name_plural = _("Business Relations")


class MailingGroup(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Mailing Group")
        verbose_name_plural = _("Mailing Groups")


class JobResponsibility(CodeDescription):
    class Meta(CodeDescription.Meta):
        verbose_name = _("Job Responsibility")
        verbose_name_plural = _("Job Responsibilities")


class ContactIndustryGroup(models.Model):
    """A company contact's industry group."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="industry_group_links")
    industry_group = models.ForeignKey(IndustryGroup, on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "industry_group"], name="contacts_contactindustrygroup_unique")
        ]
        indexes = [
            # Serves segment criteria "contacts whose company is in industry group X".
            models.Index(fields=["industry_group", "contact"], name="contacts_cig_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} – {self.industry_group_id}"


class ContactBusinessRelation(models.Model):
    """A company contact's business relation (customer, vendor, press, …)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="business_relation_links")
    business_relation = models.ForeignKey(BusinessRelation, on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "business_relation"], name="contacts_contactbusinessrelation_unique"
            )
        ]
        indexes = [
            # Serves segment criteria "contacts whose company has business relation X".
            models.Index(fields=["business_relation", "contact"], name="contacts_cbr_relation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} – {self.business_relation_id}"


class ContactMailingGroup(models.Model):
    """A contact's membership of a mailing group."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="mailing_group_links")
    mailing_group = models.ForeignKey(MailingGroup, on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "mailing_group"], name="contacts_contactmailinggroup_unique")
        ]
        indexes = [
            # Serves segment criteria "contacts in mailing group X".
            models.Index(fields=["mailing_group", "contact"], name="contacts_cmg_group_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} – {self.mailing_group_id}"


class ContactJobResponsibility(models.Model):
    """A person contact's job responsibility."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="job_responsibility_links")
    job_responsibility = models.ForeignKey(JobResponsibility, on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "job_responsibility"], name="contacts_contactjobresponsibility_unique"
            )
        ]
        indexes = [
            # Serves segment criteria "contacts with job responsibility X".
            models.Index(fields=["job_responsibility", "contact"], name="contacts_cjr_resp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} – {self.job_responsibility_id}"
