"""Interaction groups and templates, interaction log entries and logged segments (DOMAIN 5, 3.6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from contacts.models import CorrespondenceType
from core.record_urls import record_url


class InformationFlow(models.TextChoices):
    BLANK = "", _(" ")
    OUTBOUND = "outbound", _("Outbound")
    INBOUND = "inbound", _("Inbound")


class InitiatedBy(models.TextChoices):
    BLANK = "", _(" ")
    US = "us", _("Us")
    THEM = "them", _("Them")


class Evaluation(models.TextChoices):
    BLANK = "", _(" ")
    VERY_POSITIVE = "very_positive", _("Very Positive")
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")
    VERY_NEGATIVE = "very_negative", _("Very Negative")


class InteractionGroup(models.Model):
    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Interaction Group")
        verbose_name_plural = _("Interaction Groups")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("interactions:group_update", "code", self.code)


class InteractionTemplate(models.Model):
    """Defaults for a kind of interaction (BC table 5064)."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    interaction_group = models.ForeignKey(
        InteractionGroup,
        verbose_name=_("Interaction Group Code"),
        on_delete=models.PROTECT,
        related_name="templates",
    )
    description = models.CharField(_("Description"), max_length=100, blank=True)
    unit_cost = models.DecimalField(_("Unit Cost (LCY)"), max_digits=18, decimal_places=2, default=0)
    unit_duration = models.DecimalField(_("Unit Duration (Min.)"), max_digits=18, decimal_places=0, default=0)
    information_flow = models.CharField(
        _("Information Flow"), max_length=10, choices=InformationFlow, blank=True, default=""
    )
    initiated_by = models.CharField(_("Initiated By"), max_length=10, choices=InitiatedBy, blank=True, default="")
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interaction_templates",
    )
    campaign_target = models.BooleanField(_("Campaign Target"), default=False)
    campaign_response = models.BooleanField(_("Campaign Response"), default=False)
    correspondence_type = models.CharField(
        _("Correspondence Type (Default)"),
        max_length=10,
        choices=CorrespondenceType,
        blank=True,
        default=CorrespondenceType.EMAIL,
    )
    ignore_contact_corres_type = models.BooleanField(_("Ignore Contact Corres. Type"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Interaction Template")
        verbose_name_plural = _("Interaction Templates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0) & models.Q(unit_duration__gte=0),
                name="interactions_interactiontemplate_unit_values_not_negative",
                violation_error_message=_("Unit Cost and Unit Duration cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("interactions:template_update", "code", self.code)


class LoggedSegmentQuerySet(models.QuerySet["LoggedSegment"]):
    def with_counts(self) -> LoggedSegmentQuerySet:
        """Annotate BC's FlowFields No. of Interactions and No. of Campaign Entries (DOMAIN 3.6).

        Both count only rows whose Canceled equals the logged segment's own Canceled.
        """
        from campaigns.models import CampaignEntry

        def count(queryset: models.QuerySet, link: str) -> models.Expression:
            counted = (
                queryset.filter(**{link: models.OuterRef("pk")}, canceled=models.OuterRef("canceled"))
                .order_by()
                .values(link)
                .annotate(n=models.Count("pk"))
                .values("n")
            )
            return Coalesce(models.Subquery(counted), 0)

        interactions = (
            InteractionTotal.objects.filter(
                logged_segment_key=models.OuterRef("pk"), canceled=models.OuterRef("canceled")
            )
            .order_by()
            .values("logged_segment_key")
            .annotate(n=models.Sum("no_of_entries"))
            .values("n")
        )
        return self.annotate(
            # From the interaction totals: a logged segment of 250,000 entries is counted from a few rows.
            no_of_interactions=Coalesce(models.Subquery(interactions), 0),
            no_of_campaign_entries=count(CampaignEntry.objects.all(), "register"),
        )


class LoggedSegment(models.Model):
    """A segment as it was logged (BC table 5075); Entry No. is the primary key."""

    segment_no = models.CharField(_("Segment No."), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100)
    creation_date = models.DateField(_("Creation Date"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User ID"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    canceled = models.BooleanField(_("Canceled"), default=False)

    objects = LoggedSegmentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Logged Segment")
        verbose_name_plural = _("Logged Segments")

    def __str__(self) -> str:
        return f"{self.pk} {self.segment_no} {self.description}"

    def get_absolute_url(self) -> str:
        return record_url("interactions:logged_segment_detail", "pk", self.pk)

    @property
    def entry_no(self) -> int:
        return self.pk


class InteractionLogEntryQuerySet(models.QuerySet["InteractionLogEntry"]):
    def counting(self) -> InteractionLogEntryQuerySet:
        """Entries that count in statistics: not canceled and not postponed."""
        return self.filter(canceled=False, postponed=False)


class InteractionLogEntry(models.Model):
    """One interaction with a contact (BC table 5065); Entry No. is the primary key."""

    contact = models.ForeignKey(
        "contacts.Contact", verbose_name=_("Contact No."), on_delete=models.PROTECT, related_name="interactions"
    )
    contact_company = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_interactions",
    )
    date = models.DateField(_("Date"))
    time_of_interaction = models.TimeField(_("Time of Interaction"), null=True, blank=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    information_flow = models.CharField(
        _("Information Flow"), max_length=10, choices=InformationFlow, blank=True, default=""
    )
    initiated_by = models.CharField(_("Initiated By"), max_length=10, choices=InitiatedBy, blank=True, default="")
    cost = models.DecimalField(_("Cost (LCY)"), max_digits=18, decimal_places=2, default=0)
    duration = models.DecimalField(_("Duration (Min.)"), max_digits=18, decimal_places=0, default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User ID"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    interaction_group = models.ForeignKey(
        InteractionGroup,
        verbose_name=_("Interaction Group Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    interaction_template = models.ForeignKey(
        InteractionTemplate,
        verbose_name=_("Interaction Template Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
    )
    campaign_entry = models.ForeignKey(
        "campaigns.CampaignEntry",
        verbose_name=_("Campaign Entry No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
    )
    campaign_target = models.BooleanField(_("Campaign Target"), default=False)
    campaign_response = models.BooleanField(_("Campaign Response"), default=False)
    segment_no = models.CharField(_("Segment No."), max_length=20, blank=True)
    evaluation = models.CharField(_("Evaluation"), max_length=15, choices=Evaluation, blank=True, default="")
    attempt_failed = models.BooleanField(_("Attempt Failed"), default=False)
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
    )
    canceled = models.BooleanField(_("Canceled"), default=False)
    correspondence_type = models.CharField(
        _("Correspondence Type"), max_length=10, choices=CorrespondenceType, blank=True, default=""
    )
    logged_segment = models.ForeignKey(
        LoggedSegment,
        verbose_name=_("Logged Segment Entry No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
    )
    task = models.ForeignKey(
        "tasks.Task",
        verbose_name=_("Task No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    opportunity_no = models.CharField(_("Opportunity No."), max_length=20, blank=True)
    postponed = models.BooleanField(_("Postponed"), default=False)

    objects = InteractionLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("Interaction Log Entry")
        verbose_name_plural = _("Interaction Log Entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost__gte=0) & models.Q(duration__gte=0),
                name="interactions_interactionlogentry_cost_duration_not_negative",
                violation_error_message=_("Cost and Duration cannot be negative."),
            ),
        ]
        indexes = [
            # Serves activation (targets of a campaign) and the campaign's entries by date.
            models.Index(fields=["campaign", "date"], name="interactions_ile_campaign_idx"),
            # Serves a contact's interaction history and the "has history" delete check.
            models.Index(fields=["contact", "-date"], name="interactions_ile_contact_idx"),
            # Serves an opportunity's interactions (its card, No. of Interactions) and the list filter.
            models.Index(fields=["opportunity_no"], name="interactions_ile_opp_idx"),
            # (Campaign statistics read CampaignDayTotal, which the triggers keep: no index of entries for them.)
            # Serve the Interaction Log Entries list filtered on one campaign or one salesperson, newest first.
            models.Index(fields=["campaign", "-id"], name="interactions_ile_cmp_list_idx"),
            models.Index(fields=["salesperson", "-id"], name="interactions_ile_sp_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.contact_id} {self.description}"

    def get_absolute_url(self) -> str:
        return record_url("interactions:entry_detail", "pk", self.pk)

    @property
    def entry_no(self) -> int:
        return self.pk


class InteractionTotal(models.Model):
    """Counts and sums of interaction log entries by group, template, logged segment, campaign entry, Canceled and
    Postponed:
    what BC keeps as SIFT totals for the FlowFields No. of Interactions, Cost (LCY) and Duration (Min.) of
    interaction groups and templates, No. of Interactions of logged segments and the figures of campaign entries.

    Kept in step by database triggers on the entries table (migration 0005_interaction_totals), in the statement
    that inserts, updates or deletes entries, so every way of writing entries (a logged interaction, Log Segment's
    INSERT … SELECT, a cancellation's UPDATE) moves the totals in the same transaction. A key of 0 means "none"
    (an entry without a template, say). Read by `interactions.services.with_statistics` and
    `LoggedSegment.objects.with_counts`; with millions of entries they answer from a few hundred rows.
    """

    interaction_group_key = models.BigIntegerField()
    interaction_template_key = models.BigIntegerField()
    logged_segment_key = models.BigIntegerField()
    # A relation, so the campaigns app (below this one) reads its entries' figures through `interaction_totals`;
    # no foreign key in the database: 0 means "no campaign entry", and totals outlive a deleted entry at zero.
    campaign_entry = models.ForeignKey(
        "campaigns.CampaignEntry",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # interactions_total_entry_idx serves it
        related_name="interaction_totals",
    )
    canceled = models.BooleanField()
    postponed = models.BooleanField()
    no_of_entries = models.BigIntegerField()
    cost = models.DecimalField(max_digits=30, decimal_places=2)
    duration = models.DecimalField(max_digits=30, decimal_places=0)

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target: one row per combination of keys.
            models.UniqueConstraint(
                fields=[
                    "interaction_group_key",
                    "interaction_template_key",
                    "logged_segment_key",
                    "campaign_entry",
                    "canceled",
                    "postponed",
                ],
                name="interactions_interactiontotal_keys_unique",
            ),
        ]
        # Each serves one reader with an index-only scan on PostgreSQL (the figures are included): the groups'
        # and the templates' statistics (counting totals only), a logged segment's and a campaign entry's figures.
        indexes = [
            models.Index(
                fields=["interaction_group_key"],
                include=["no_of_entries", "cost", "duration"],
                condition=models.Q(canceled=False, postponed=False),
                name="interactions_total_group_idx",
            ),
            models.Index(
                fields=["interaction_template_key"],
                include=["no_of_entries", "cost", "duration"],
                condition=models.Q(canceled=False, postponed=False),
                name="interactions_total_tmpl_idx",
            ),
            models.Index(
                fields=["logged_segment_key", "canceled"],
                include=["no_of_entries"],
                name="interactions_total_logged_idx",
            ),
            models.Index(
                fields=["campaign_entry", "canceled"],
                include=["no_of_entries", "cost", "duration"],
                name="interactions_total_entry_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interaction_group_key}/{self.interaction_template_key}/{self.logged_segment_key}"


class CampaignDayTotal(models.Model):
    """A campaign's counting interaction log entries (not canceled, not postponed) of one day: the figures of
    the campaign statistics, its weekly chart and the campaign list's Response Rate %, as BC keeps SIFT totals.

    Kept by database triggers on the entries table (migration 0006_campaign_day_totals), in the statement that
    writes entries, like `InteractionTotal`. The campaigns app reads them through `campaign.day_totals`: a
    campaign of 250,000 entries over a year has about 365 rows here.
    """

    # No foreign key in the database: the totals of a campaign's entries outlive them at zero.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # interactions_cdt_day_idx serves it
        related_name="day_totals",
    )
    date = models.DateField()
    contacted = models.BigIntegerField()  # entries with Campaign Target
    responded = models.BigIntegerField()  # entries with Campaign Response
    no_of_interactions = models.BigIntegerField()
    cost = models.DecimalField(max_digits=30, decimal_places=2)
    duration = models.DecimalField(max_digits=30, decimal_places=0)

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT target.
            models.UniqueConstraint(fields=["campaign", "date"], name="interactions_campaigndaytotal_unique"),
        ]
        indexes = [
            # Serves the statistics of a campaign within a date filter and the list's rates with an index-only scan.
            models.Index(
                fields=["campaign", "date"],
                include=["contacted", "responded", "no_of_interactions", "cost", "duration"],
                name="interactions_cdt_day_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.date}"
