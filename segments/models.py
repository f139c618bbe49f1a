"""Segments (a campaign's audience), their lines, criteria actions and history (DOMAIN 3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import CorrespondenceType
from core.record_urls import record_url
from interactions.models import Evaluation, InformationFlow, InitiatedBy

LINE_NO_STEP = 10000


class SegmentHeader(models.Model):
    """A segment: a list of contacts with the interaction to log for them (BC table 5076)."""

    no = models.CharField(_("No."), max_length=20, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="segments",
    )
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segments",
    )
    correspondence_type = models.CharField(
        _("Correspondence Type (Default)"), max_length=10, choices=CorrespondenceType, blank=True, default=""
    )
    interaction_template = models.ForeignKey(
        "interactions.InteractionTemplate",
        verbose_name=_("Interaction Template Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segments",
    )
    interaction_group = models.ForeignKey(
        "interactions.InteractionGroup",
        verbose_name=_("Interaction Group Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segments",
    )
    unit_cost = models.DecimalField(_("Unit Cost (LCY)"), max_digits=18, decimal_places=2, default=0)
    unit_duration = models.DecimalField(_("Unit Duration (Min.)"), max_digits=18, decimal_places=0, default=0)
    date = models.DateField(_("Date"), null=True, blank=True)
    campaign_target = models.BooleanField(_("Campaign Target"), default=False)
    campaign_response = models.BooleanField(_("Campaign Response"), default=False)
    information_flow = models.CharField(
        _("Information Flow"), max_length=10, choices=InformationFlow, blank=True, default=""
    )
    initiated_by = models.CharField(_("Initiated By"), max_length=10, choices=InitiatedBy, blank=True, default="")
    ignore_contact_corres_type = models.BooleanField(_("Ignore Contact Corres. Type"), default=False)
    no_series = models.ForeignKey(
        "core.NoSeries", verbose_name=_("No. Series"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["no"]
        verbose_name = _("Segment")
        verbose_name_plural = _("Segments")
        permissions = [("log_segment", "Can log segments")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit_cost__gte=0) & models.Q(unit_duration__gte=0),
                name="segments_segmentheader_unit_values_not_negative",
                violation_error_message=_("Unit Cost and Unit Duration cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.no} {self.description}".strip()

    def get_absolute_url(self) -> str:
        return record_url("segments:detail", "no", self.no)


class SegmentLineQuerySet(models.QuerySet["SegmentLine"]):
    def targets(self) -> SegmentLineQuerySet:
        """Lines whose contact is a Campaign Target."""
        return self.filter(campaign_target=True)


class SegmentLine(models.Model):
    """One contact on a segment (BC table 5077)."""

    segment = models.ForeignKey(
        SegmentHeader, verbose_name=_("Segment No."), on_delete=models.CASCADE, related_name="lines"
    )
    line_no = models.BigIntegerField(_("Line No."))
    contact = models.ForeignKey(
        "contacts.Contact", verbose_name=_("Contact No."), on_delete=models.PROTECT, related_name="segment_lines"
    )
    contact_company = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("Contact Company No."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_segment_lines",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("Campaign No."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="segment_lines",
    )
    salesperson = models.ForeignKey(
        "salespeople.Salesperson",
        verbose_name=_("Salesperson Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segment_lines",
    )
    correspondence_type = models.CharField(
        _("Correspondence Type"), max_length=10, choices=CorrespondenceType, blank=True, default=""
    )
    interaction_template = models.ForeignKey(
        "interactions.InteractionTemplate",
        verbose_name=_("Interaction Template Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segment_lines",
    )
    interaction_group = models.ForeignKey(
        "interactions.InteractionGroup",
        verbose_name=_("Interaction Group Code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="segment_lines",
    )
    cost = models.DecimalField(_("Cost (LCY)"), max_digits=18, decimal_places=2, default=0)
    duration = models.DecimalField(_("Duration (Min.)"), max_digits=18, decimal_places=0, default=0)
    campaign_target = models.BooleanField(_("Campaign Target"), default=False)
    campaign_response = models.BooleanField(_("Campaign Response"), default=False)
    information_flow = models.CharField(
        _("Information Flow"), max_length=10, choices=InformationFlow, blank=True, default=""
    )
    initiated_by = models.CharField(_("Initiated By"), max_length=10, choices=InitiatedBy, blank=True, default="")
    evaluation = models.CharField(_("Evaluation"), max_length=15, choices=Evaluation, blank=True, default="")
    description = models.CharField(_("Description"), max_length=100, blank=True)
    date = models.DateField(_("Date"), null=True, blank=True)
    time_of_interaction = models.TimeField(_("Time of Interaction"), null=True, blank=True)
    attempt_failed = models.BooleanField(_("Attempt Failed"), default=False)
    task = models.ForeignKey(
        "tasks.Task", verbose_name=_("Task No."), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opportunity_no = models.CharField(_("Opportunity No."), max_length=20, blank=True)
    # The criteria action that inserted the line (None when added by hand); Go Back deletes by it.
    action_no = models.PositiveIntegerField(_("Segment Action No."), null=True, blank=True)

    objects = SegmentLineQuerySet.as_manager()

    class Meta:
        ordering = ["segment_id", "line_no"]
        # On PostgreSQL, migration 0007 adds segments_line_totals_idx (segment_id) INCLUDE (campaign_target, cost,
        # duration) for the card's totals (services.lines.line_totals); INCLUDE is PostgreSQL's, so it is not here.
        verbose_name = _("Segment Line")
        verbose_name_plural = _("Segment Lines")
        constraints = [
            models.UniqueConstraint(fields=["segment", "line_no"], name="segments_segmentline_unique_line_no"),
            models.CheckConstraint(
                condition=models.Q(cost__gte=0) & models.Q(duration__gte=0),
                name="segments_segmentline_cost_duration_not_negative",
                violation_error_message=_("Cost and Duration cannot be negative."),
            ),
        ]
        indexes = [
            # Serves "is this contact already in the segment" (Add Contacts without Allow Existing) and removals.
            models.Index(fields=["segment", "contact"], name="segments_line_contact_idx"),
            # Serves Go Back of an insertion action, and its probe for lines of other campaigns than the header's.
            models.Index(fields=["segment", "action_no", "campaign"], name="segments_line_action_cmp_idx"),
            # Serves activation and target-group maintenance (targeted lines of a campaign).
            models.Index(fields=["campaign", "campaign_target"], name="segments_line_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} {self.line_no} {self.contact_id}"


class SegmentLineTotal(models.Model):
    """A segment's No. of Lines, lines with Campaign Target, Cost (LCY) and Duration (Min.): the card's Statistics.

    Kept by database triggers on the segment lines (migration 0008_segment_line_totals), in the statement that
    adds, changes or removes lines (Add Contacts' INSERT … SELECT of 500,000 lines moves it once), so the card of
    a 200,000-line segment reads one row. Read by `segments.services.lines.line_totals`.
    """

    # No foreign key in the database: the totals row of a deleted segment stays behind at zero.
    segment = models.OneToOneField(
        SegmentHeader, on_delete=models.DO_NOTHING, db_constraint=False, related_name="line_total"
    )
    no_of_lines = models.BigIntegerField()
    no_of_targets = models.BigIntegerField()
    cost = models.DecimalField(max_digits=30, decimal_places=2)
    duration = models.DecimalField(max_digits=30, decimal_places=0)

    def __str__(self) -> str:
        return f"{self.segment_id}: {self.no_of_lines}"


class SegmentCriteriaAction(models.Model):
    """One criteria action applied to a segment (Add Contacts, Remove – Reduce/Refine, Reuse …) with its filters."""

    class Action(models.TextChoices):
        ADD = "add", _("Add Contacts")
        REDUCE = "reduce", _("Remove Contacts - Reduce")
        REFINE = "refine", _("Remove Contacts - Refine")
        REUSE_LOGGED = "reuse_logged", _("Reuse Logged Segment")

    segment = models.ForeignKey(SegmentHeader, on_delete=models.CASCADE, related_name="criteria_actions")
    action_no = models.PositiveIntegerField(_("Segment Action No."))
    action = models.CharField(_("Action"), max_length=20, choices=Action)
    # Filter sections and options as entered, e.g. {"contact": {"type": "person"}, "industry_group": ["RETAIL"]}.
    filters = models.JSONField(_("Filters"), default=dict, blank=True)
    options = models.JSONField(_("Options"), default=dict, blank=True)
    no_of_contacts = models.PositiveIntegerField(_("No. of Contacts"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The Apply click (one per preview shown) that ran the action, so a double click applies it only once.
    apply_token = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["segment_id", "action_no"]
        verbose_name = _("Segment Criteria Action")
        verbose_name_plural = _("Segment Criteria Actions")
        constraints = [
            models.UniqueConstraint(fields=["segment", "action_no"], name="segments_segmentcriteriaaction_unique_no"),
            models.UniqueConstraint(
                fields=["segment", "apply_token"],
                condition=~models.Q(apply_token=""),
                name="segments_segmentcriteriaaction_unique_apply_token",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} #{self.action_no} {self.get_action_display()}"


class SegmentHistory(models.Model):
    """A line removed by a criteria action, kept column for column so Go Back restores it exactly.

    BC's Segment History also records insertions; here a line knows the action that inserted it
    (SegmentLine.action_no), so only removals need a history row.
    """

    segment = models.ForeignKey(SegmentHeader, on_delete=models.CASCADE, related_name="history")
    action_no = models.PositiveIntegerField(_("Segment Action No."))
    # The removed line, as it was (same columns as SegmentLine).
    line_no = models.BigIntegerField(_("Line No."))
    contact = models.ForeignKey("contacts.Contact", on_delete=models.CASCADE, related_name="+")
    contact_company = models.ForeignKey(
        "contacts.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    salesperson = models.ForeignKey(
        "salespeople.Salesperson", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    correspondence_type = models.CharField(max_length=10, choices=CorrespondenceType, blank=True, default="")
    interaction_template = models.ForeignKey(
        "interactions.InteractionTemplate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interaction_group = models.ForeignKey(
        "interactions.InteractionGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cost = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    duration = models.DecimalField(max_digits=18, decimal_places=0, default=0)
    campaign_target = models.BooleanField(default=False)
    campaign_response = models.BooleanField(default=False)
    information_flow = models.CharField(max_length=10, choices=InformationFlow, blank=True, default="")
    initiated_by = models.CharField(max_length=10, choices=InitiatedBy, blank=True, default="")
    evaluation = models.CharField(max_length=15, choices=Evaluation, blank=True, default="")
    description = models.CharField(max_length=100, blank=True)
    date = models.DateField(null=True, blank=True)
    time_of_interaction = models.TimeField(null=True, blank=True)
    attempt_failed = models.BooleanField(default=False)
    task = models.ForeignKey("tasks.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    opportunity_no = models.CharField(max_length=20, blank=True)
    line_action_no = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["segment_id", "action_no", "line_no"]
        verbose_name = _("Segment History")
        verbose_name_plural = _("Segment History")
        indexes = [
            # Serves Go Back of a removal action.
            models.Index(fields=["segment", "action_no"], name="segments_history_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.segment_id} #{self.action_no} {self.contact_id}"


# The columns a history row copies from a segment line (history name -> line name).
HISTORY_LINE_COLUMNS = {
    "line_no": "line_no",
    "contact": "contact",
    "contact_company": "contact_company",
    "campaign": "campaign",
    "salesperson": "salesperson",
    "correspondence_type": "correspondence_type",
    "interaction_template": "interaction_template",
    "interaction_group": "interaction_group",
    "cost": "cost",
    "duration": "duration",
    "campaign_target": "campaign_target",
    "campaign_response": "campaign_response",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "evaluation": "evaluation",
    "description": "description",
    "date": "date",
    "time_of_interaction": "time_of_interaction",
    "attempt_failed": "attempt_failed",
    "task": "task",
    "opportunity_no": "opportunity_no",
    "line_action_no": "action_no",
}


class SavedSegmentCriteria(models.Model):
    """Criteria actions saved under a code, to reuse on another segment."""

    code = models.CharField(_("Code"), max_length=10, unique=True)
    description = models.CharField(_("Description"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Saved Segment Criteria")
        verbose_name_plural = _("Saved Segment Criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.description}".strip()


class SavedSegmentCriteriaAction(models.Model):
    saved_criteria = models.ForeignKey(SavedSegmentCriteria, on_delete=models.CASCADE, related_name="actions")
    sequence = models.PositiveIntegerField()
    action = models.CharField(_("Action"), max_length=20, choices=SegmentCriteriaAction.Action)
    filters = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["saved_criteria_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["saved_criteria", "sequence"], name="segments_savedaction_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.saved_criteria_id} #{self.sequence} {self.action}"
