"""Contacts (companies and persons) and the groupings segment criteria filter on (DOMAIN 4, 3.4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import CodeDescription
from core.record_urls import record_url


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

    # The criteria of DOMAIN 3.4: industry groups and business relations belong to the contact's company
    # (a person qualifies through its company), mailing groups and job responsibilities to the contact itself.
    def in_industry_groups(self, groups) -> ContactQuerySet:
        """Contacts whose company is in one of `groups` (IndustryGroup rows, ids or a queryset)."""
        links = ContactIndustryGroup.objects.filter(contact_id=models.OuterRef("company_id"), industry_group__in=groups)
        return self.filter(models.Exists(links))

    def with_business_relations(self, relations) -> ContactQuerySet:
        """Contacts whose company has one of the business `relations`."""
        links = ContactBusinessRelation.objects.filter(
            contact_id=models.OuterRef("company_id"), business_relation__in=relations
        )
        return self.filter(models.Exists(links))

    def in_mailing_groups(self, groups) -> ContactQuerySet:
        """Contacts that are members of one of the mailing `groups`."""
        links = ContactMailingGroup.objects.filter(contact_id=models.OuterRef("pk"), mailing_group__in=groups)
        return self.filter(models.Exists(links))

    def with_job_responsibilities(self, responsibilities) -> ContactQuerySet:
        """Contacts (persons) with one of the job `responsibilities`."""
        links = ContactJobResponsibility.objects.filter(
            contact_id=models.OuterRef("pk"), job_responsibility__in=responsibilities
        )
        return self.filter(models.Exists(links))


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
        permissions = [
            ("import_contacts", "Can import contacts"),
            ("export_contacts", "Can export contacts"),
        ]
        constraints = [
            # A company is its own company (blank only for the moment between insert and self-link);
            # a person belongs to another contact or to none. That the other contact is a company is
            # checked by the services (a CHECK cannot look at another row).
            models.CheckConstraint(
                condition=models.Q(company__isnull=True)
                | models.Q(type="company", company=models.F("id"))
                | (models.Q(type="person") & ~models.Q(company=models.F("id"))),
                name="contacts_contact_company_is_own_company",
                violation_error_message=_("A company is its own company; a person cannot be its own company."),
            ),
        ]
        indexes = [
            # Serves the contact list's name search and sort.
            models.Index(fields=["name"], name="contacts_contact_name_idx"),
            # Serve segment criteria on contact fields.
            models.Index(fields=["salesperson", "type"], name="contacts_contact_sp_type_idx"),
            models.Index(fields=["post_code"], name="contacts_contact_postcode_idx"),
            models.Index(fields=["country_region_code", "territory_code"], name="contacts_contact_country_idx"),
            # Serves the contact list's Company Name search and sort.
            models.Index(fields=["company_name", "name"], name="contacts_contact_compname_idx"),
            # Serves the contact list's City filter.
            models.Index(fields=["city"], name="contacts_contact_city_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.name}"

    def get_absolute_url(self) -> str:
        return record_url("contacts:detail", "no", self.no)

    @property
    def company_no(self) -> str:
        """BC's Company No.: the company's No. (a company's own), blank for a person without company."""
        return self.company.no if self.company_id else ""

    @property
    def is_company(self) -> bool:
        return self.type == self.Type.COMPANY


class ContactGroup(CodeDescription):
    """A grouping of contacts (DOMAIN 3.4) with its No. of Contacts: the number of contacts linked to it.

    No. of Contacts is kept by database triggers on the link table (migration 0006_group_contact_counts), in the
    statement that adds or removes links, so the Setup lists show it for a million contacts without counting them.
    """

    no_of_contacts = models.BigIntegerField(_("No. of Contacts"), default=0, editable=False)

    class Meta(CodeDescription.Meta):
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Save the row without No. of Contacts: the triggers keep it, and this copy may be older than theirs."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "no_of_contacts"
            ]
        super().save(*args, **kwargs)


class IndustryGroup(ContactGroup):
    class Meta(ContactGroup.Meta):
        verbose_name = _("Industry Group")
        verbose_name_plural = _("Industry Groups")


class BusinessRelation(ContactGroup):
    class Meta(ContactGroup.Meta):
        verbose_name = _("Business Relation")
        verbose_name_plural = _("Business Relations")


class MailingGroup(ContactGroup):
    class Meta(ContactGroup.Meta):
        verbose_name = _("Mailing Group")
        verbose_name_plural = _("Mailing Groups")


class JobResponsibility(ContactGroup):
    class Meta(ContactGroup.Meta):
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


class ContactImport(models.Model):
    """An uploaded contact file between its preview and its import; its rows wait in ContactImportLine.

    Kept in the database (not the session), so nothing is lost between the preview and the confirmation,
    whichever server or worker handles the next request.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    file_name = models.CharField(_("File Name"), max_length=255)
    status = models.CharField(_("Status"), max_length=10, choices=Status, default=Status.PREVIEW)
    # Captions of the columns recognised in the file, in file order, and the ones that were ignored.
    columns = models.JSONField(_("Columns"), default=list, blank=True)
    ignored_columns = models.JSONField(_("Ignored Columns"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("Rows"), default=0)
    invalid_rows = models.PositiveIntegerField(_("Rows with Errors"), default=0)
    imported_rows = models.PositiveIntegerField(_("Imported Contacts"), default=0)
    first_no = models.CharField(_("First No."), max_length=20, blank=True)
    last_no = models.CharField(_("Last No."), max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("Uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("Imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Contact Import")
        verbose_name_plural = _("Contact Imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invalid_rows__lte=models.F("total_rows")),
                name="contacts_contactimport_invalid_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return record_url("contacts:import_detail", "pk", self.pk)

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows


class ContactImportLine(models.Model):
    """One data row of an uploaded file: the cell values as read and the errors found in them."""

    contact_import = models.ForeignKey(ContactImport, on_delete=models.CASCADE, related_name="lines")
    row_no = models.PositiveIntegerField(_("Row"))
    # Cell values by field name ("name", "email", …), as strings, exactly as in the file.
    values = models.JSONField(_("Values"), default=dict)
    # [[field name or "", message], …]; empty when the row can be imported.
    errors = models.JSONField(_("Errors"), default=list, blank=True)
    valid = models.BooleanField(_("Valid"), default=True)

    class Meta:
        ordering = ["contact_import_id", "row_no"]
        verbose_name = _("Contact Import Line")
        verbose_name_plural = _("Contact Import Lines")
        constraints = [
            models.UniqueConstraint(fields=["contact_import", "row_no"], name="contacts_contactimportline_unique_row"),
        ]
        indexes = [
            # Serves the preview's "rows with errors" filter.
            models.Index(fields=["contact_import", "valid", "row_no"], name="contacts_importline_valid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_import_id} row {self.row_no}"
