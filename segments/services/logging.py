"""Log Segment (DOMAIN 3.5, BC SegManagement.LogSegment): a segment becomes interaction log entries.

Everything is set-based: one INSERT … SELECT for the campaign entries, one for the interaction log
entries, one DELETE per segment table; the number of queries does not depend on the number of lines.

Campaign targets: every operation here that changes which lines are Campaign Targets ends with
campaigns.signals.notify_targets_changed, and pricing then re-syncs the campaign target groups and locks the
campaign rows inside the caller's transaction (after the segment header lock, so the order is always the same).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignEntry
from campaigns.signals import notify_targets_changed
from contacts.models import CorrespondenceType
from contacts.services.contacts import PRIVACY_BLOCKED as CONTACT_PRIVACY_BLOCKED
from core.models import User
from core.sql import insert_select
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.models import SegmentHeader, SegmentLine
from segments.services.criteria import reuse_logged
from segments.services.lines import create_segment

ALREADY_LOGGED = _("Logged Segment for Segment No. %(no)s already exists.")
DESCRIPTION_MISSING = _("Description must have a value in Segment Header: No.=%(no)s. It cannot be zero or empty.")
SEGMENT_EMPTY = _("Segment %(no)s is empty.")
SEGMENT_DOES_NOT_EXIST = _("The Segment does not exist. Identification fields and values: No.='%(no)s'")
LINE_FIELD_MISSING = _(
    "%(field)s must have a value in Segment Line: Segment No.=%(no)s, Line No.=%(line_no)s. It cannot be zero or empty."
)
EMAIL_MISSING = _(
    "Make sure that the E-Mail field is specified for either contact no. %(contact)s "
    "or the contact alternative address."
)
FOLLOW_UP_DESCRIPTION = _("Follow-up on segment %(no)s")
FOLLOW_UP_DESCRIPTION_LENGTH = 50  # BC: CopyStr(…, 1, 50)

# Per-line checks (BC CheckSegmentLine), in BC's order; the first failing line (by Line No.) reports its first failure.
CHECK_DATE = "date"
CHECK_PRIVACY = "privacy"
CHECK_SALESPERSON = "salesperson"
CHECK_TEMPLATE = "template"
CHECK_EMAIL = "email"
LINE_CHECK_FIELDS = {
    CHECK_DATE: _("Date"),
    CHECK_SALESPERSON: _("Salesperson Code"),
    CHECK_TEMPLATE: _("Interaction Template Code"),
}

Progress = Callable[[int], None]


@dataclass(frozen=True)
class LogSegmentResult:
    logged_segment: LoggedSegment
    no_of_interactions: int
    no_of_campaign_entries: int  # campaign entries created (reused ones are not counted)
    follow_up_segment: SegmentHeader | None = None

    def as_job_result(self) -> dict:
        return {
            "logged_segment": self.logged_segment.pk,
            "interactions": self.no_of_interactions,
            "campaign_entries": self.no_of_campaign_entries,
            "follow_up_segment": self.follow_up_segment.no if self.follow_up_segment else "",
        }


@dataclass(frozen=True)
class CampaignSummary:
    campaign: Campaign
    lines: int
    targets: int
    responses: int
    cost: Decimal
    duration: Decimal


@dataclass(frozen=True)
class LogSegmentPreview:
    """What logging the segment would write, and the error it would stop with (if any)."""

    lines: int
    contacts: int
    targets: int
    responses: int
    cost: Decimal
    duration: Decimal
    lines_without_campaign: int
    campaigns: list[CampaignSummary] = field(default_factory=list)
    problem: str = ""


# --- checks ------------------------------------------------------------------------------------------------------


def _check_header(segment: SegmentHeader) -> None:
    if LoggedSegment.objects.filter(segment_no=segment.no).exists():
        raise ValidationError(ALREADY_LOGGED, params={"no": segment.no}, code="already_logged")
    if not segment.description.strip():
        raise ValidationError(DESCRIPTION_MISSING, params={"no": segment.no}, code="description_missing")


def _check_lines(segment: SegmentHeader, *, deliver: bool) -> None:
    """Raise BC's error for the first line that cannot be logged; one query whatever the number of lines.

    Contact, salesperson, template and campaign are foreign keys, so "exists" is guaranteed by the
    database; what can fail is a blank field, a privacy-blocked contact and (when delivering) a missing e-mail.
    """
    checks = [
        When(date__isnull=True, then=Value(CHECK_DATE)),
        When(contact__privacy_blocked=True, then=Value(CHECK_PRIVACY)),
        When(salesperson__isnull=True, then=Value(CHECK_SALESPERSON)),
        When(interaction_template__isnull=True, then=Value(CHECK_TEMPLATE)),
    ]
    if deliver:
        checks.append(When(Q(correspondence_type=CorrespondenceType.EMAIL, contact__email=""), then=Value(CHECK_EMAIL)))
    problem = Case(*checks, default=Value(""), output_field=models.CharField())
    first = (
        SegmentLine.objects.filter(segment=segment)
        .annotate(problem=problem)
        .exclude(problem="")
        .order_by("line_no")
        .values("line_no", "problem", "contact__no", "contact__name")
        .first()
    )
    if first is None:
        return
    kind = first["problem"]
    if kind == CHECK_PRIVACY:
        params = {"no": first["contact__no"], "name": first["contact__name"]}
        raise ValidationError(CONTACT_PRIVACY_BLOCKED, params=params, code="privacy_blocked")
    if kind == CHECK_EMAIL:
        raise ValidationError(EMAIL_MISSING, params={"contact": first["contact__no"]}, code="email_missing")
    params = {"field": LINE_CHECK_FIELDS[kind], "no": segment.no, "line_no": first["line_no"]}
    raise ValidationError(LINE_FIELD_MISSING, params=params, code=f"{kind}_missing")


def preview_log_segment(*, segment: SegmentHeader, deliver: bool = False) -> LogSegmentPreview:
    """Summarise what Log Segment would write (lines, campaigns, targets, cost) and the error it would raise."""
    lines = SegmentLine.objects.filter(segment=segment)
    totals = lines.aggregate(
        lines=Count("pk"),
        contacts=Count("contact", distinct=True),
        targets=Count("pk", filter=Q(campaign_target=True)),
        responses=Count("pk", filter=Q(campaign_response=True)),
        cost=Coalesce(Sum("cost"), Decimal(0)),
        duration=Coalesce(Sum("duration"), Decimal(0)),
        without_campaign=Count("pk", filter=Q(campaign__isnull=True)),
    )
    per_campaign = (
        lines.filter(campaign__isnull=False)
        .values("campaign")
        .annotate(
            lines=Count("pk"),
            targets=Count("pk", filter=Q(campaign_target=True)),
            responses=Count("pk", filter=Q(campaign_response=True)),
            cost=Coalesce(Sum("cost"), Decimal(0)),
            duration=Coalesce(Sum("duration"), Decimal(0)),
        )
        .order_by("campaign__no")
    )
    rows = list(per_campaign)
    campaigns = Campaign.objects.in_bulk([row["campaign"] for row in rows])
    problem = ""
    try:
        _check_header(segment)
        if not totals["lines"]:
            raise ValidationError(SEGMENT_EMPTY, params={"no": segment.no}, code="empty")
        _check_lines(segment, deliver=deliver)
    except ValidationError as error:
        problem = error.messages[0]
    return LogSegmentPreview(
        lines=totals["lines"],
        contacts=totals["contacts"],
        targets=totals["targets"],
        responses=totals["responses"],
        cost=totals["cost"],
        duration=totals["duration"],
        lines_without_campaign=totals["without_campaign"],
        campaigns=[
            CampaignSummary(
                campaign=campaigns[row["campaign"]],
                lines=row["lines"],
                targets=row["targets"],
                responses=row["responses"],
                cost=row["cost"],
                duration=row["duration"],
            )
            for row in rows
        ],
        problem=problem,
    )


def previewed_state(*, segment: SegmentHeader) -> str:
    """A fingerprint of what a preview of the segment saw: header version, number and last of its lines.

    One index-only aggregate, unlike the preview itself: the Log Segment page previews once and its
    confirmation carries this, so the question and the start only check that nothing changed meanwhile
    (log_segment still checks everything inside its transaction).
    """
    figures = SegmentLine.objects.filter(segment=segment).aggregate(lines=Count("pk"), last=Max("line_no"))
    return f"{segment.version}:{figures['lines']}:{figures['last'] or 0}"


def lines_of_state(state: str) -> int:
    """The number of lines a fingerprint from previewed_state counted."""
    return int(state.split(":")[1])


# --- the operation -----------------------------------------------------------------------------------------------


def _lock_segment(segment: SegmentHeader) -> SegmentHeader:
    """Lock the segment row so two requests cannot log it at once; the loser finds it logged."""
    locked = SegmentHeader.objects.select_for_update().filter(pk=segment.pk).first()
    if locked is None:
        if LoggedSegment.objects.filter(segment_no=segment.no).exists():
            raise ValidationError(ALREADY_LOGGED, params={"no": segment.no}, code="already_logged")
        raise ValidationError(SEGMENT_DOES_NOT_EXIST, params={"no": segment.no}, code="segment_missing")
    return locked


def _create_logged_segment(segment: SegmentHeader, user: User | None) -> LoggedSegment:
    try:
        with transaction.atomic():
            return LoggedSegment.objects.create(
                segment_no=segment.no,
                description=segment.description,
                creation_date=timezone.localdate(),
                user=user,
            )
    except IntegrityError:
        # The unique Segment No. is the last line of defence against a concurrent logging.
        raise ValidationError(ALREADY_LOGGED, params={"no": segment.no}, code="already_logged") from None


def _insert_campaign_entries(segment: SegmentHeader, logged: LoggedSegment, user: User | None) -> int:
    """Create the missing campaign entries: one per campaign of the lines (BC GetCampaignEntryNo).

    An existing entry for (campaign, segment no., blank document type) is reused. A new entry copies
    Date and Salesperson from the campaign's first line in BC's key order (Campaign No., Date, Line No.)
    and gets Register No. = the logged segment.
    """
    existing = CampaignEntry.objects.filter(
        campaign=OuterRef("campaign"), segment_no=segment.no, document_type=CampaignEntry.DocumentType.BLANK
    )
    first_lines = (
        SegmentLine.objects.filter(segment=segment, campaign__isnull=False)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("campaign")], order_by=[F("date").asc(), F("line_no").asc()])
        )
        .filter(position=1)
        .exclude(Exists(existing))
        .order_by("campaign")
    )
    return insert_select(
        model=CampaignEntry,
        keep_order=True,
        source=first_lines,
        columns={
            "campaign": F("campaign_id"),
            "description": Value(segment.description),
            "date": F("date"),
            "user": Cast(Value(user.pk if user else None), output_field=models.BigIntegerField()),  # typed NULL
            "segment_no": Value(segment.no),
            "canceled": Value(False),
            "salesperson": F("salesperson_id"),
            "register": Value(logged.pk),
            "document_type": Value(CampaignEntry.DocumentType.BLANK),
        },
    )


def _insert_interaction_log_entries(segment: SegmentHeader, logged: LoggedSegment, user: User | None) -> int:
    """One interaction log entry per line, copying the line (BC Interaction Log Entry.CopyFromSegment).

    Correspondence Type Email falls back to blank when the contact has no e-mail (BC CheckSegmentLine).
    """
    campaign_entry = CampaignEntry.objects.filter(
        campaign=OuterRef("campaign"), segment_no=segment.no, document_type=CampaignEntry.DocumentType.BLANK
    ).values("pk")[:1]
    lines = SegmentLine.objects.filter(segment=segment).order_by("line_no")
    return insert_select(
        model=InteractionLogEntry,
        keep_order=True,  # numbered in line order, as in BC
        source=lines,
        columns={
            "contact": F("contact_id"),
            "contact_company": F("contact_company_id"),
            "date": F("date"),
            "time_of_interaction": F("time_of_interaction"),
            "description": F("description"),
            "information_flow": F("information_flow"),
            "initiated_by": F("initiated_by"),
            "cost": F("cost"),
            "duration": F("duration"),
            "user": Cast(Value(user.pk if user else None), output_field=models.BigIntegerField()),  # typed NULL
            "interaction_group": Coalesce(
                F("interaction_group_id"),
                F("interaction_template__interaction_group_id"),
                output_field=models.BigIntegerField(),
            ),
            "interaction_template": F("interaction_template_id"),
            "campaign": F("campaign_id"),
            "campaign_entry": Subquery(campaign_entry),
            "campaign_target": F("campaign_target"),
            "campaign_response": F("campaign_response"),
            "segment_no": Value(segment.no),
            "evaluation": F("evaluation"),
            "attempt_failed": F("attempt_failed"),
            "salesperson": F("salesperson_id"),
            "canceled": Value(False),
            "correspondence_type": Case(
                When(
                    Q(correspondence_type=CorrespondenceType.EMAIL, contact__email=""),
                    then=Value(CorrespondenceType.BLANK),
                ),
                default=F("correspondence_type"),
            ),
            "logged_segment": Value(logged.pk),
            "task": F("task_id"),
            "opportunity_no": F("opportunity_no"),
            "postponed": Value(False),
        },
    )


def _remove_segment(segment: SegmentHeader) -> None:
    """Delete the logged segment with its lines, criteria and history (the collector fast-deletes: one DELETE each)."""
    segment.delete()


def _create_follow_up_segment(
    *, logged: LoggedSegment, segment_no: str, campaign_id: int | None, user: User | None
) -> SegmentHeader:
    """Create the follow-up segment and fill it with one line per entry of the logged segment (BC ReuseLogged).

    Only Campaign No. and Description are set on the header (as BC does); Reuse Logged Segment then
    initialises each line from that header and its contact and gives it the entry's campaign.
    """
    description = str(FOLLOW_UP_DESCRIPTION % {"no": segment_no})[:FOLLOW_UP_DESCRIPTION_LENGTH]
    follow_up = create_segment(header=SegmentHeader(campaign_id=campaign_id, description=description), user=user)
    reuse_logged(segment=follow_up, logged_segment=logged)
    return follow_up


@transaction.atomic
def log_segment(
    *,
    segment: SegmentHeader,
    user: User | None,
    follow_up: bool = False,
    deliver: bool = False,
    progress: Progress | None = None,
) -> LogSegmentResult:
    """Log the segment: a Logged Segment, its campaign entries and one interaction log entry per line.

    Then the segment is removed and, with `follow_up`, a follow-up segment is created from the logged
    entries. `deliver` only adds the e-mail check (sending documents is out of scope, DOMAIN A.10).
    """
    report = progress or (lambda _percent: None)
    segment = _lock_segment(segment)
    _check_header(segment)
    logged = _create_logged_segment(segment, user)
    if not SegmentLine.objects.filter(segment=segment).exists():
        raise ValidationError(SEGMENT_EMPTY, params={"no": segment.no}, code="empty")
    _check_lines(segment, deliver=deliver)
    report(10)
    campaign_ids = set(
        SegmentLine.objects.filter(segment=segment, campaign__isnull=False)
        .values_list("campaign", flat=True)
        .distinct()
        .order_by()
    )
    entries_created = _insert_campaign_entries(segment, logged, user)
    report(20)
    interactions = _insert_interaction_log_entries(segment, logged, user)
    report(70)
    segment_no, header_campaign_id = segment.no, segment.campaign_id
    _remove_segment(segment)
    report(85)
    follow_up_segment = None
    if follow_up:
        follow_up_segment = _create_follow_up_segment(
            logged=logged, segment_no=segment_no, campaign_id=header_campaign_id, user=user
        )
    notify_targets_changed(campaign_ids)
    report(95)
    return LogSegmentResult(
        logged_segment=logged,
        no_of_interactions=interactions,
        no_of_campaign_entries=entries_created,
        follow_up_segment=follow_up_segment,
    )
