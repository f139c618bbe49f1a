"""Campaign status codes, campaigns, their comments and campaign entries (DOMAIN 1, 2, A.1–A.3)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.record_urls import record_url


class CampaignStatusQuerySet(models.QuerySet["CampaignStatus"]):
    def with_campaign_count(self) -> CampaignStatusQuerySet:
        return self.annotate(campaign_count=models.Count("campaigns")).order_by("sort_order", "code")


class CampaignStatus(models.Model):
    """A phase a campaign can be in; Sort Order says which phase comes next (DOMAIN A.1)."""

    # Code[20] rather than BC's Code[10]: the documented phase names ("3-IN PROGRESS") need the room.
    code = models.CharField(_("Code"), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("Sort Order"), default=0)

    objects = CampaignStatusQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Campaign Status")
        verbose_name_plural = _("Campaign Status Codes")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("campaigns:status_update", "code", self.code)

    def next_status(self) -> CampaignStatus | None:
        """The status that follows this one in Sort Order (then Code), or None for the last."""
        return (
            CampaignStatus.objects.filter(
                models.Q(sort_order__gt=self.sort_order) | models.Q(sort_order=self.sort_order, code__gt=self.code)
            )
            .order_by("sort_order", "code")
            .first()
        )


# Badge colours of the status codes, by their place in Sort Order (then Code): a plan is grey, a schedule light
# blue, a running campaign blue, a finished one green; further phases go on with the rest and wrap around.
# Bootstrap's text-bg-* pairs, each with a text colour that contrasts with its background.
STATUS_COLOURS = ("secondary", "info", "primary", "success", "warning", "dark")


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def activated(self) -> CampaignQuerySet:
        """Campaigns whose sales prices and line discounts are activated (pricing's Campaign Activation row)."""
        return self.filter(activation__isnull=False)

    def with_activated(self) -> CampaignQuerySet:
        """Annotate `activated` (BC's Activated FlowField): a join on the one activation row a campaign may have."""
        return self.annotate(
            activated=models.ExpressionWrapper(models.Q(activation__isnull=False), output_field=models.BooleanField())
        )

    def with_status_rank(self) -> CampaignQuerySet:
        """Annotate `status_rank`: how many status codes come before the campaign's in Sort Order, then Code.

        A count over the few status codes per campaign shown; it picks the status badge's colour.
        """
        status = models.OuterRef("status__sort_order")
        earlier = (
            CampaignStatus.objects.filter(
                models.Q(sort_order__lt=status) | models.Q(sort_order=status, code__lt=models.OuterRef("status__code"))
            )
            .order_by()
            .annotate(count=models.Func(models.F("pk"), function="COUNT"))
            .values("count")
        )
        return self.annotate(status_rank=models.Subquery(earlier, output_field=models.IntegerField()))

    def overlapping(self, start, end) -> CampaignQuerySet:
        """Campaigns whose period overlaps [start, end]; a blank campaign date is open-ended."""
        qs = self
        if start:
            qs = qs.filter(models.Q(ending_date__isnull=True) | models.Q(ending_date__gte=start))
        if end:
            qs = qs.filter(models.Q(starting_date__isnull=True) | models.Q(starting_date__lte=end))
        return qs


class ResponseRate:
    """`Campaign.response_rate`: Response Rate % over the campaign's counting interaction log entries (DOMAIN 2.2).

    Read lazily. A campaign read with `fetch_mode(FETCH_PEERS)` (a list page) gets the rate of every campaign read
    with it from one grouped query; otherwise one query for this campaign. The list never counts the entries of
    campaigns it does not show.
    """

    name = "response_rate"

    @property
    def field(self):  # FETCH_RAISE names the blocked field
        return self

    def __get__(self, instance: Campaign | None, owner=None):
        if instance is None:
            return self
        if self.name not in instance.__dict__:
            instance._state.fetch_mode.fetch(self, instance)
        return instance.__dict__[self.name]

    def fetch_one(self, instance: Campaign) -> None:
        self.fetch_many([instance])

    def fetch_many(self, instances: list[Campaign]) -> None:
        from campaigns.statistics import response_rates

        rates = response_rates([instance.pk for instance in instances])
        for instance in instances:
            instance.__dict__[self.name] = rates.get(instance.pk, Decimal(0))


class Campaign(models.Model):
    """A marketing campaign (BC table 5071, the Campaign Card)."""

    no = models.CharField(_("No."), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    starting_date = models.DateField(_("Starting Date"), null=True, blank=True)
    ending_date = models.DateField(_("Ending Date"), null=True, blank=True)
    status = models.ForeignKey(
        CampaignStatus,
        verbose_name=_("Status Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    last_date_modified = models.DateField(_("Last Date Modified"), null=True, blank=True, editable=False)
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = CampaignQuerySet.as_manager()

    response_rate = ResponseRate()

    class Meta:
        ordering = ["no"]
        verbose_name = _("Campaign")
        verbose_name_plural = _("Campaigns")
        permissions = [("activate_campaign", "Can activate and deactivate campaign prices and line discounts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starting_date__isnull=True)
                | models.Q(ending_date__isnull=True)
                | models.Q(starting_date__lte=models.F("ending_date")),
                name="campaigns_campaign_starting_before_ending",
                violation_error_message=_("Starting Date must be before Ending Date."),
            ),
        ]
        indexes = [
            # Serves the campaign list's period filter (overlapping a date range).
            models.Index(fields=["starting_date", "ending_date"], name="campaigns_campaign_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("campaigns:detail", "no", self.no)

    def next_status(self) -> CampaignStatus | None:
        """The status "Advance status" moves to: the one after the current, or the first when there is none."""
        if self.status_id is None:
            return CampaignStatus.objects.order_by("sort_order", "code").first()
        return self.status.next_status()

    @property
    def status_colour(self) -> str:
        """The status badge's Bootstrap colour (needs `with_status_rank()`); "" without a status."""
        rank = getattr(self, "status_rank", None)
        if self.status_id is None or rank is None:
            return ""
        return STATUS_COLOURS[rank % len(STATUS_COLOURS)]


class CampaignComment(models.Model):
    """A comment line on a campaign (BC Rlshp. Mgt. Comment Line, Table Name = Campaign)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments")
    date = models.DateField(_("Date"))
    comment = models.CharField(_("Comment"), max_length=80)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["campaign_id", "date", "id"]
        verbose_name = _("Campaign Comment")
        verbose_name_plural = _("Campaign Comments")

    def __str__(self) -> str:
        return f"{self.date} {self.comment}"


class CampaignEntryQuerySet(models.QuerySet["CampaignEntry"]):
    def canceled(self) -> CampaignEntryQuerySet:
        return self.filter(canceled=True)

    def not_canceled(self) -> CampaignEntryQuerySet:
        return self.filter(canceled=False)

    def with_figures(self) -> CampaignEntryQuerySet:
        """Annotate No. of Interactions, Cost (LCY) and Duration (Min.): over the entry's interaction log
        entries whose Canceled equals the entry's own (BC's FlowFields), read from the interaction totals
        (`interaction_totals`, kept by the interactions app), so an entry of 250,000 interactions sums a few rows."""
        same_state = models.Q(interaction_totals__canceled=models.F("canceled"))
        return self.annotate(
            no_of_interactions=Coalesce(models.Sum("interaction_totals__no_of_entries", filter=same_state), 0),
            cost=models.Sum("interaction_totals__cost", filter=same_state),
            duration=models.Sum("interaction_totals__duration", filter=same_state),
        )


class CampaignEntry(models.Model):
    """One logging of a campaign (a logged segment, or the shared entry of ad-hoc interactions) (DOMAIN 2.5).

    Entry No. is the primary key. Entries are created only by interaction logging; only canceled ones
    can be deleted (DOMAIN A.3).
    """

    class DocumentType(models.TextChoices):
        BLANK = "", _(" ")
        SALES_QTE = "sales_qte", _("Sales Qte.")
        SALES_ORD_CNFRMN = "sales_ord_cnfrmn", _("Sales Ord. Cnfrmn.")
        SALES_INV = "sales_inv", _("Sales Inv.")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("Campaign No."), on_delete=models.PROTECT, related_name="entries"
    )
    description = models.CharField(_("Description"), max_length=100, blank=True)
    date = models.DateField(_("Date"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User ID"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The segment number as logged; the segment itself is gone after logging, so this is text.
    segment_no = models.CharField(_("Segment No."), max_length=20, blank=True)
    canceled = models.BooleanField(_("Canceled"), default=False)
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_entries",
    )
    register = models.ForeignKey(
        "interactions.LoggedSegment",
        verbose_name=_("Register No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaign_entries",
    )
    document_type = models.CharField(
        _("Document Type"), max_length=20, choices=DocumentType, blank=True, default=DocumentType.BLANK
    )

    objects = CampaignEntryQuerySet.as_manager()

    class Meta:
        ordering = ["campaign_id", "id"]
        verbose_name = _("Campaign Entry")
        verbose_name_plural = _("Campaign Entries")
        constraints = [
            # One entry per (campaign, segment, document type): logging finds and reuses it (GetCampaignEntryNo).
            models.UniqueConstraint(
                fields=["campaign", "segment_no", "document_type"],
                name="campaigns_campaignentry_one_per_segment",
                violation_error_message=_("A campaign entry for this campaign, segment and document type exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return reverse("campaigns:entries", kwargs={"no": self.campaign.no}) + f"#entry-{self.pk}"

    @property
    def entry_no(self) -> int:
        return self.pk
