"""Sales cycles with their stages, close opportunity codes, opportunities and their entries (OPPORTUNITIES.md).

An opportunity's figures (stage, estimated value, chances, probability, current value, closing date) live
on its one Active entry, as BC's FlowFields read them; the entries are an append-only ledger.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import DateFormulaField
from core.record_urls import record_url

PERCENT = {"max_digits": 8, "decimal_places": 5}  # DOMAIN A.11: percentages keep up to 5 decimals
AMOUNT = {"max_digits": 18, "decimal_places": 2}  # amounts are rounded to 0.01
ZERO = Decimal(0)


def percent_range(field: str, name: str, caption: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 0}) & models.Q(**{f"{field}__lte": 100}),
        name=name,
        # Django formats the message again with %(name)s: the caption's own "%" must come out as "%%".
        violation_error_message=_("%(caption)s must be between 0 and 100.") % {"caption": caption.replace("%", "%%")},
    )


class SalesCycle(models.Model):
    """A sales cycle (BC table 5090): the stages an opportunity goes through and how probability is computed."""

    class ProbabilityCalculation(models.TextChoices):
        MULTIPLY = "multiply", _("Multiply")
        ADD = "add", _("Add")
        CHANCES_OF_SUCCESS = "chances_of_success", _("Chances of Success %")
        COMPLETED = "completed", _("Completed %")

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    probability_calculation = models.CharField(
        _("Probability Calculation"),
        max_length=20,
        choices=ProbabilityCalculation,
        default=ProbabilityCalculation.MULTIPLY,
    )
    blocked = models.BooleanField(_("Blocked"), default=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Sales Cycle")
        verbose_name_plural = _("Sales Cycles")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("opportunities:cycle_detail", "code", self.code)


class SalesCycleStage(models.Model):
    """One stage of a sales cycle (BC table 5091); stages are ordered by number, gaps allowed."""

    sales_cycle = models.ForeignKey(
        SalesCycle, verbose_name=_("Sales Cycle Code"), on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.PositiveIntegerField(_("Stage"))
    description = models.CharField(_("Description"), max_length=100, blank=True)
    completed_pct = models.DecimalField(_("Completed %"), default=ZERO, **PERCENT)
    chances_of_success_pct = models.DecimalField(_("Chances of Success %"), default=ZERO, **PERCENT)
    activity = models.ForeignKey(
        "tasks.Activity",
        verbose_name=_("Activity Code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_cycle_stages",
    )
    quote_required = models.BooleanField(_("Quote Required"), default=False)
    allow_skip = models.BooleanField(_("Allow Skip"), default=False)
    date_formula = DateFormulaField(_("Date Formula"))

    class Meta:
        ordering = ["sales_cycle_id", "stage"]
        verbose_name = _("Sales Cycle Stage")
        verbose_name_plural = _("Sales Cycle Stages")
        constraints = [
            models.UniqueConstraint(fields=["sales_cycle", "stage"], name="opportunities_stage_unique_per_cycle"),
            models.CheckConstraint(
                condition=models.Q(stage__gte=1),
                name="opportunities_stage_positive",
                violation_error_message=_("Stage must be at least 1."),
            ),
            percent_range("completed_pct", "opportunities_stage_completed_percent", "Completed %"),
            percent_range("chances_of_success_pct", "opportunities_stage_chances_percent", "Chances of Success %"),
        ]

    def __str__(self) -> str:
        return f"{self.sales_cycle_id} {self.stage} {self.description}".strip()


class CloseOpportunityCode(models.Model):
    """Why an opportunity was won or lost (BC table 5094)."""

    class Type(models.TextChoices):
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    type = models.CharField(_("Type"), max_length=4, choices=Type, default=Type.WON)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Close Opportunity Code")
        verbose_name_plural = _("Close Opportunity Codes")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("opportunities:close_code_detail", "code", self.code)


class OpportunityQuerySet(models.QuerySet["Opportunity"]):
    def open(self) -> OpportunityQuerySet:
        return self.filter(closed=False)

    def closed(self) -> OpportunityQuerySet:
        return self.filter(closed=True)

    def visible_to(self, user) -> OpportunityQuerySet:
        """Salespeople see their own opportunities; users who may see all (managers, marketers) see every one."""
        if user.has_perm("opportunities.view_all_opportunities"):
            return self
        salesperson = getattr(user, "salesperson", None)
        return self.filter(salesperson=salesperson) if salesperson is not None else self.none()

    def with_current(self) -> OpportunityQuerySet:
        """Annotate the active entry's figures (BC's FlowFields), joined once: current_stage, estimated_value, …"""
        active = models.FilteredRelation("entries", condition=models.Q(entries__active=True))
        return self.annotate(
            active_entry=active,
            current_stage=models.F("active_entry__sales_cycle_stage"),
            current_stage_description=models.F("active_entry__sales_cycle_stage_description"),
            estimated_value=models.F("active_entry__estimated_value"),
            calcd_current_value=models.F("active_entry__calcd_current_value"),
            chances_of_success_pct=models.F("active_entry__chances_of_success_pct"),
            completed_pct=models.F("active_entry__completed_pct"),
            probability_pct=models.F("active_entry__probability_pct"),
            estimated_closing_date=models.F("active_entry__estimated_close_date"),
        )

    def for_list(self) -> OpportunityQuerySet:
        """Everything an Opportunity List row shows (any chosen column), fetched in the same query.

        The list's Current Sales Cycle Stage is blank for a closed opportunity and for stage 0, as on BC's page.
        """
        return (
            self.with_current()
            .annotate(
                list_stage=models.Case(
                    models.When(closed=False, current_stage__gt=0, then=models.F("current_stage")),
                    default=None,
                    output_field=models.IntegerField(),
                )
            )
            .select_related("salesperson", "contact", "contact_company", "campaign", "sales_cycle", "segment")
        )


class Opportunity(models.Model):
    """A sales opportunity (BC table 5092); its Status is set only by its entries."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not Started")
        IN_PROGRESS = "in_progress", _("In Progress")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    no = models.CharField(_("No."), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100)
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    contact = models.ForeignKey(
        "contacts.Contact", verbose_name=_("Contact No."), on_delete=models.PROTECT, related_name="opportunities"
    )
    contact_company = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_opportunities",
    )
    # SET_NULL: deleting a cycle is allowed while no open opportunity is started in it (BC keeps a dangling code).
    sales_cycle = models.ForeignKey(
        SalesCycle,
        verbose_name=_("Sales Cycle Code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    # DOMAIN A.11: no sales documents; the typed quote number is what Quote Required checks.
    sales_quote_no = models.CharField(_("Sales Quote No."), max_length=20, blank=True)
    creation_date = models.DateField(_("Creation Date"))
    status = models.CharField(_("Status"), max_length=15, choices=Status, default=Status.NOT_STARTED)
    priority = models.CharField(_("Priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    closed = models.BooleanField(_("Closed"), default=False)
    date_closed = models.DateField(_("Date Closed"), null=True, blank=True)
    segment = models.ForeignKey(
        "segments.SegmentHeader",
        verbose_name=_("Segment No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The Create Opportunity run that made the row: a second run of the same confirmation creates nothing.
    creation_id = models.UUIDField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["no"]
        verbose_name = _("Opportunity")
        verbose_name_plural = _("Opportunities")
        permissions = [("view_all_opportunities", "Can see the opportunities of every salesperson")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(status__in=["won", "lost"]) & models.Q(closed=True) & models.Q(date_closed__isnull=False)
                )
                | (models.Q(status__in=["not_started", "in_progress"]) & models.Q(closed=False)),
                name="opportunities_opportunity_closed_iff_won_or_lost",
                violation_error_message=_("An opportunity is closed exactly when it is won or lost."),
            ),
            # BC: "Sales Quote %1 is already assigned to opportunity %2."
            models.UniqueConstraint(
                fields=["sales_quote_no"],
                condition=~models.Q(sales_quote_no=""),
                name="opportunities_opportunity_one_per_quote",
                violation_error_message=_("This sales quote is already assigned to another opportunity."),
            ),
        ]
        indexes = [
            # Serves a salesperson's own opportunities list and the pipeline filtered by salesperson.
            models.Index(fields=["salesperson", "status"], name="opp_opportunity_sp_status_idx"),
            # Serves the campaign's and the contact's opportunity lists.
            models.Index(fields=["campaign", "status"], name="opp_opportunity_campaign_idx"),
            models.Index(fields=["contact_company", "status"], name="opp_opportunity_company_idx"),
            # Serves the double-submit guard of Create Opportunity.
            models.Index(fields=["creation_id"], name="opp_opportunity_creation_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}"

    def get_absolute_url(self) -> str:
        return record_url("opportunities:detail", "no", self.no)

    def active_entry(self) -> OpportunityEntry | None:
        return self.entries.filter(active=True).first()


class OpportunityEntry(models.Model):
    """One change of an opportunity (BC table 5093); exactly the newest entry is Active, closings included.

    The Entry No. is the primary key: a global, increasing sequence that is safe under concurrent inserts.
    """

    class ActionTaken(models.TextChoices):
        BLANK = "", _(" ")
        NEXT = "next", _("Next")
        PREVIOUS = "previous", _("Previous")
        UPDATED = "updated", _("Updated")
        JUMPED = "jumped", _("Jumped")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("Opportunity No."), on_delete=models.CASCADE, related_name="entries"
    )
    sales_cycle = models.ForeignKey(
        SalesCycle, verbose_name=_("Sales Cycle Code"), on_delete=models.SET_NULL, null=True, related_name="entries"
    )
    sales_cycle_stage = models.PositiveIntegerField(_("Sales Cycle Stage"), default=0)
    sales_cycle_stage_description = models.CharField(_("Sales Cycle Stage Description"), max_length=100, blank=True)
    previous_sales_cycle_stage = models.PositiveIntegerField(_("Previous Sales Cycle Stage"), default=0)
    contact = models.ForeignKey(
        "contacts.Contact", verbose_name=_("Contact No."), on_delete=models.PROTECT, related_name="opportunity_entries"
    )
    contact_company = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_opportunity_entries",
    )
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        related_name="opportunity_entries",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunity_entries",
    )
    date_of_change = models.DateField(_("Date of Change"))
    active = models.BooleanField(_("Active"), default=True)
    days_open = models.PositiveIntegerField(_("Days Open"), default=0)
    action_taken = models.CharField(_("Action Taken"), max_length=10, choices=ActionTaken, blank=True, default="")
    estimated_value = models.DecimalField(_("Estimated Value (LCY)"), default=ZERO, **AMOUNT)
    calcd_current_value = models.DecimalField(_("Calcd. Current Value (LCY)"), default=ZERO, **AMOUNT)
    completed_pct = models.DecimalField(_("Completed %"), default=ZERO, **PERCENT)
    chances_of_success_pct = models.DecimalField(_("Chances of Success %"), default=ZERO, **PERCENT)
    probability_pct = models.DecimalField(_("Probability %"), default=ZERO, **PERCENT)
    close_opportunity_code = models.ForeignKey(
        CloseOpportunityCode,
        verbose_name=_("Close Opportunity Code"),
        on_delete=models.PROTECT,  # DOMAIN A.11: a code in use cannot be deleted
        null=True,
        blank=True,
        related_name="entries",
    )
    estimated_close_date = models.DateField(_("Estimated Close Date"), null=True, blank=True)
    date_closed = models.DateField(_("Date Closed"), null=True, blank=True)

    class Meta:
        ordering = ["opportunity_id", "id"]
        verbose_name = _("Opportunity Entry")
        verbose_name_plural = _("Opportunity Entries")
        constraints = [
            # The ledger's rule: exactly the newest entry of an opportunity is Active (at most one at any time).
            models.UniqueConstraint(
                fields=["opportunity"],
                condition=models.Q(active=True),
                name="opportunities_entry_one_active",
                violation_error_message=_("An opportunity has only one active entry."),
            ),
            percent_range("completed_pct", "opportunities_entry_completed_percent", "Completed %"),
            percent_range("chances_of_success_pct", "opportunities_entry_chances_percent", "Chances of Success %"),
            percent_range("probability_pct", "opportunities_entry_probability_percent", "Probability %"),
            models.CheckConstraint(
                condition=models.Q(active=False) | models.Q(days_open=0),
                name="opportunities_entry_active_has_no_days_open",
                violation_error_message=_("The active entry has no Days Open."),
            ),
        ]
        indexes = [
            # Serves the campaign statistics' Opportunities block as an index-only scan: count and sums of the
            # active entries of one campaign, the Won figures by Action Taken and Date of Change. (Key columns,
            # not INCLUDE: SQLite has no covering indexes.)
            models.Index(
                fields=["campaign", "action_taken", "estimated_value", "calcd_current_value", "date_of_change"],
                condition=models.Q(active=True),
                name="opp_entry_campaign_active_idx",
            ),
            # Serves the sales cycle and stage statistics and the pipeline (active entries per cycle and stage).
            models.Index(fields=["sales_cycle", "active", "sales_cycle_stage"], name="opp_entry_cycle_stage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.entry_no} {self.get_action_taken_display()}"

    @property
    def entry_no(self) -> int:
        return self.pk
