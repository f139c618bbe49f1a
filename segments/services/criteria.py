"""Add Contacts, Remove Contacts – Reduce/Refine, Go Back, Save/Reuse Criteria, Reuse Logged Segment (DOMAIN 3.4).

Each operation is a handful of set-based statements whatever the number of contacts: the selection is
an ORM queryset and the rows move with INSERT … SELECT / UPDATE / DELETE (core.sql).

Filters are stored as JSON on the criteria action, by business key (codes, numbers), so saved criteria
survive and can be replayed on another segment:

    {"contact": {"no": "CT0001..CT0100", "name": "*bike*", "type": "person", "salesperson": ["SP01"],
                 "post_code": "", "city": "", "country_region_code": "NO", "territory_code": ""},
     "mailing_group": ["NEWS"], "industry_group": ["RETAIL"], "business_relation": ["CUST"],
     "job_responsibility": ["PURCHASE"],
     "interaction": {"date_from": "2026-01-01", "date_to": "2026-03-31", "segment_no": "SM0001",
                     "campaign": ["CP0001"], "evaluation": ["positive"], "interaction_template": ["LETTER"],
                     "salesperson": ["SP01"]},
     "logged_segment": 12}                                   # Reuse Logged Segment only

Options: allow_existing_contacts, expand_companies, allow_related_companies, ignore_exclusion (Add Contacts)
and entire_companies (Remove Contacts).

Campaign targets: every operation here that changes which lines are Campaign Targets ends with
campaigns.signals.notify_targets_changed, and pricing then re-syncs the campaign target groups and locks the
campaign rows inside the caller's transaction (after the segment header lock, so the order is always the same).
"""

from __future__ import annotations

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from campaigns.signals import notify_targets_changed
from contacts.models import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
)
from core.sql import delete_rows, insert_select, single_pass_joins
from interactions.models import InteractionLogEntry, LoggedSegment
from segments.bcfilter import filter_q
from segments.models import (
    HISTORY_LINE_COLUMNS,
    SavedSegmentCriteria,
    SavedSegmentCriteriaAction,
    SegmentCriteriaAction,
    SegmentHeader,
    SegmentHistory,
    SegmentLine,
)
from segments.services.lines import (
    CONTACT_LINE_ORDER,
    LockedSegment,
    _unlink_tasks,
    insert_lines,
    lock_segment,
)
from segments.services.sql import delete_rows_campaigns, insert_select_campaigns

Action = SegmentCriteriaAction.Action

NOTHING_TO_GO_BACK = _("Segment %(no)s has no criteria actions to go back on.")
NOT_THE_LAST_ACTION = _(
    "Criteria action %(action_no)d is no longer the last criteria action of segment %(no)s: it has already been "
    "gone back on, or another action followed. Nothing was changed."
)
NO_CRITERIA_ACTIONS = _(
    "No. of Criteria Actions must have a value in Segment Header: No.=%(no)s. It cannot be zero or empty."
)
SAVED_CRITERIA_EXISTS = _(
    "The Saved Segment Criteria already exists. Identification fields and values: Code='%(code)s'"
)
LOGGED_SEGMENT_MISSING = _("The Logged Segment does not exist. Identification fields and values: Entry No.='%(no)s'")
ALREADY_APPLIED = _(
    "These criteria have already been applied to segment %(no)s as criteria action %(action_no)d. "
    "They were not applied again."
)
REUSE_CRITERIA_QUESTION = _(
    "Segment %(no)s already contains %(count)d No. of Criteria Actions. "
    "Are you sure you want to reuse a Saved Segment Criteria?"
)
REUSE_LOGGED_QUESTION = _(
    "Segment %(no)s already contains %(count)d No. of Criteria Actions. "
    "Are you sure you want to reuse a Logged Segment?"
)

ADD_OPTIONS = ["allow_existing_contacts", "expand_companies", "allow_related_companies", "ignore_exclusion"]
REMOVE_OPTIONS = ["entire_companies"]
OPTION_CAPTIONS = {
    "allow_existing_contacts": _("Allow Existing Contacts"),
    "expand_companies": _("Expand Companies"),
    "allow_related_companies": _("Allow Related Companies"),
    "ignore_exclusion": _("Ignore Exclusion"),
    "entire_companies": _("Entire Companies"),
}
SAMPLE_SIZE = 20

# Contact section: filter key -> (field, is a BC Code field) for the BC filter expressions.
CONTACT_TEXT_FILTERS = {
    "no": ("no", True),
    "name": ("name", False),
    "post_code": ("post_code", True),
    "city": ("city", False),
    "country_region_code": ("country_region_code", True),
    "territory_code": ("territory_code", True),
    "company_no": ("company__no", True),
    "company_name": ("company_name", False),
}
# Group sections: key -> (link model, group field, which contact the group hangs on).
# Industry groups and business relations belong to the contact's company (BC links them on Company No.).
GROUP_SECTIONS = {
    "mailing_group": (ContactMailingGroup, "mailing_group", "pk"),
    "job_responsibility": (ContactJobResponsibility, "job_responsibility", "pk"),
    "industry_group": (ContactIndustryGroup, "industry_group", "company_id"),
    "business_relation": (ContactBusinessRelation, "business_relation", "company_id"),
}


# --- selection ----------------------------------------------------------------------------------


def contact_criteria(filters: dict) -> Q:
    """Contacts that match every filled section of the filters (a section matches through any related record)."""
    q = Q()
    contact = filters.get("contact") or {}
    for key, (field_name, code) in CONTACT_TEXT_FILTERS.items():
        q &= filter_q(field_name, contact.get(key, ""), code=code)
    if contact.get("type"):
        q &= Q(type=contact["type"])
    if contact.get("salesperson"):
        q &= Q(salesperson__code__in=contact["salesperson"])
    for key, (link_model, group_field, contact_column) in GROUP_SECTIONS.items():
        codes = filters.get(key) or []
        if codes:
            links = link_model.objects.filter(
                contact_id=OuterRef(contact_column), **{f"{group_field}__code__in": codes}
            )
            q &= Exists(links)
    interaction = interaction_criteria(filters.get("interaction") or {})
    if interaction is not None:
        q &= Exists(InteractionLogEntry.objects.filter(interaction, contact_id=OuterRef("pk")))
    return q


def interaction_criteria(section: dict) -> Q | None:
    """The interaction history section (DOMAIN 3.4 item 4): Date, Segment No., Campaign No., Evaluation,
    Interaction Template Code, Salesperson Code; None when the section is empty."""
    q = Q()
    if section.get("date_from"):
        q &= Q(date__gte=_date(section["date_from"]))
    if section.get("date_to"):
        q &= Q(date__lte=_date(section["date_to"]))
    if section.get("segment_no"):
        q &= filter_q("segment_no", section["segment_no"], code=True)
    if section.get("campaign"):
        q &= Q(campaign__no__in=section["campaign"])
    if section.get("evaluation"):
        q &= Q(evaluation__in=section["evaluation"])
    if section.get("interaction_template"):
        q &= Q(interaction_template__code__in=section["interaction_template"])
    if section.get("salesperson"):
        q &= Q(salesperson__code__in=section["salesperson"])
    return q if q else None


def _date(value: str | datetime.date) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def contacts_to_add(
    *, segment: SegmentHeader, filters: dict, options: dict, check_existing: bool = True
) -> models.QuerySet[Contact]:
    """The contacts Add Contacts would insert, with BC's options applied (report 5198).

    Expand Companies adds every contact of the selected contacts' companies (AddPeople); Allow Related
    Companies adds the selected contacts' companies (AddCompanies). Then: never privacy blocked, excluded
    contacts only with Ignore Exclusion, contacts already on the segment only with Allow Existing Contacts
    (`check_existing=False` skips that check when the caller knows the segment is empty).

    Each option is one IN (…) over the selection, which the database turns into a semi-join.
    """
    selected = Contact.objects.filter(contact_criteria(filters))
    if options.get("expand_companies"):
        # Everyone whose company is a selected contact's company (a contact without company is its own unit).
        selected = Contact.objects.alias(unit=COMPANY_UNIT).filter(
            unit__in=selected.annotate(unit=COMPANY_UNIT).values("unit")
        )
    elif options.get("allow_related_companies"):
        companies = selected.filter(company_id__isnull=False).values("company_id")
        selected = Contact.objects.filter(pk__in=selected.values("pk").union(companies))
    selected = selected.segment_eligible(ignore_exclusion=bool(options.get("ignore_exclusion")))
    if check_existing and not options.get("allow_existing_contacts"):
        selected = selected.exclude(
            Exists(SegmentLine.objects.filter(segment_id=segment.pk, contact_id=OuterRef("pk")))
        )
    return selected


# A contact's company "unit" (Entire Companies, Expand Companies): its company, or itself without one.
COMPANY_UNIT = Coalesce(F("company_id"), F("pk"))


def lines_to_remove(*, segment: SegmentHeader, action: str, filters: dict, options: dict) -> models.QuerySet:
    """The lines Remove Contacts – Reduce (matching) or – Refine (not matching) would delete (report 5186).

    Entire Companies treats a company and its persons as one unit: a line goes when any contact of its
    company matches (Reduce), or stays only when one does (Refine).
    """
    matching = Contact.objects.filter(contact_criteria(filters))
    if options.get("entire_companies"):
        line_unit = Coalesce(OuterRef("contact__company_id"), OuterRef("contact_id"))
        hit = Exists(matching.alias(unit=COMPANY_UNIT).filter(unit=line_unit))
    else:
        hit = Exists(matching.filter(pk=OuterRef("contact_id")))
    lines = SegmentLine.objects.filter(segment_id=segment.pk)
    return lines.filter(hit) if action == Action.REDUCE else lines.exclude(hit)


@dataclass
class Preview:
    """What a criteria action would do: how many contacts, and the first few of them."""

    action: str
    count: int
    sample: list = field(default_factory=list)


def preview(*, segment: SegmentHeader, action: str, filters: dict, options: dict) -> Preview:
    """Count and sample (first 20) the contacts the action would add or remove, without changing anything."""
    if action == Action.ADD:
        contacts = contacts_to_add(segment=segment, filters=filters, options=options)
        sample = list(contacts.select_related("company").order_by(*CONTACT_LINE_ORDER)[:SAMPLE_SIZE])
        return Preview(action=action, count=contacts.count(), sample=sample)
    lines = lines_to_remove(segment=segment, action=action, filters=filters, options=options)
    sample = [line.contact for line in lines.select_related("contact", "contact__company").order_by("line_no")[:20]]
    return Preview(action=action, count=lines.count(), sample=sample)


# --- actions ------------------------------------------------------------------------------------


@dataclass
class ActionResult:
    action_no: int
    action: str
    count: int


def applied_action(*, segment: SegmentHeader, apply_token: str) -> SegmentCriteriaAction | None:
    """The criteria action an Apply click already ran on the segment, if any."""
    if not apply_token:
        return None
    return SegmentCriteriaAction.objects.filter(segment_id=segment.pk, apply_token=apply_token).first()


def _record_action(
    locked: LockedSegment, action: str, filters: dict, options: dict, apply_token: str = ""
) -> SegmentCriteriaAction:
    """Record the next criteria action; an Apply click that already ran one is refused (under the segment lock)."""
    done = applied_action(segment=locked.header, apply_token=apply_token)
    if done is not None:
        raise ValidationError(
            ALREADY_APPLIED, params={"no": locked.header.no, "action_no": done.action_no}, code="already_applied"
        )
    locked.last_action_no += 1
    return SegmentCriteriaAction.objects.create(
        segment=locked.header,
        action_no=locked.last_action_no,
        action=action,
        filters=filters,
        options=options,
        apply_token=apply_token,
    )


def _finish_action(record: SegmentCriteriaAction, count: int) -> ActionResult:
    SegmentCriteriaAction.objects.filter(pk=record.pk).update(no_of_contacts=count)
    return ActionResult(action_no=record.action_no, action=record.action, count=count)


@transaction.atomic
def add_contacts(*, segment: SegmentHeader, filters: dict, options: dict, apply_token: str = "") -> ActionResult:
    """Add Contacts: insert an initialised line per selected contact, recorded as a criteria action.

    `apply_token` names the Apply click: a second request with the same token is refused, not applied twice.
    """
    options = {name: bool(options.get(name)) for name in ADD_OPTIONS}
    locked = lock_segment(segment)
    record = _record_action(locked, Action.ADD, filters, options, apply_token)
    check_existing = locked.has_lines and not options["allow_existing_contacts"]
    contacts = contacts_to_add(segment=locked.header, filters=filters, options=options, check_existing=check_existing)
    # The check reads the table being inserted into: it must be one hash anti-join, never a rescan per row.
    with single_pass_joins() if check_existing else nullcontext():
        added = insert_lines(locked=locked, source=contacts, order_by=CONTACT_LINE_ORDER, action_no=record.action_no)
    if added and locked.header.campaign_target:
        notify_targets_changed({locked.header.campaign_id})
    return _finish_action(record, added)


def _remove(locked: LockedSegment, lines: models.QuerySet, action_no: int) -> int:
    """Move lines to the history of `action_no` (INSERT … SELECT), then delete them; notify their campaigns."""
    columns = {"segment": Value(locked.header.pk), "action_no": Value(action_no)}
    columns |= {history: F(line) for history, line in HISTORY_LINE_COLUMNS.items()}
    insert_select(model=SegmentHistory, source=lines, columns=columns)
    _unlink_tasks(segment=locked.header, removed=lines)
    removed = delete_rows_campaigns(lines)
    notify_targets_changed(removed.campaign_ids)
    return removed.count


@transaction.atomic
def remove_contacts(
    *, segment: SegmentHeader, action: str, filters: dict, options: dict, apply_token: str = ""
) -> ActionResult:
    """Remove Contacts – Reduce or – Refine, recorded as a criteria action; removed lines go to the history."""
    if action not in (Action.REDUCE, Action.REFINE):
        raise ValueError(f"Not a removal: {action!r}")
    options = {name: bool(options.get(name)) for name in REMOVE_OPTIONS}
    locked = lock_segment(segment)
    record = _record_action(locked, action, filters, options, apply_token)
    lines = lines_to_remove(segment=locked.header, action=action, filters=filters, options=options)
    return _finish_action(record, _remove(locked, lines, record.action_no))


@transaction.atomic
def apply_action(
    *, segment: SegmentHeader, action: str, filters: dict, options: dict, apply_token: str = ""
) -> ActionResult:
    """Run a criteria action by its kind (what Reuse Criteria, the criteria page and the background job call)."""
    if action == Action.ADD:
        return add_contacts(segment=segment, filters=filters, options=options, apply_token=apply_token)
    if action == Action.REUSE_LOGGED:
        logged = LoggedSegment.objects.filter(pk=filters.get("logged_segment")).first()
        if logged is None:
            raise ValidationError(LOGGED_SEGMENT_MISSING, params={"no": filters.get("logged_segment")})
        return reuse_logged(segment=segment, logged_segment=logged)
    return remove_contacts(segment=segment, action=action, filters=filters, options=options, apply_token=apply_token)


@dataclass
class GoBackResult:
    action_no: int
    action: str
    removed: int
    restored: int
    skipped_privacy_blocked: int = 0


@transaction.atomic
def go_back(*, segment: SegmentHeader, action_no: int | None = None) -> GoBackResult:
    """Undo the last criteria action: delete the lines it inserted, restore the lines it removed, exactly.

    Except that a contact marked Privacy Blocked since it was removed does not come back: such contacts
    are never added to a segment (their history rows go with the action).
    `action_no` is the action the user saw as the last one: when another request has gone back on it
    (a double click) or added one since, nothing is undone and the user is told.
    """
    locked = lock_segment(segment)
    record = SegmentCriteriaAction.objects.filter(segment=segment, action_no=locked.last_action_no).first()
    if action_no is not None and (record is None or record.action_no != action_no):
        raise ValidationError(
            NOT_THE_LAST_ACTION, params={"no": segment.no, "action_no": action_no}, code="not_last_action"
        )
    if record is None:
        raise ValidationError(NOTHING_TO_GO_BACK, params={"no": segment.no}, code="no_actions")
    inserted = SegmentLine.objects.filter(segment=segment, action_no=record.action_no)
    history = SegmentHistory.objects.filter(segment=segment, action_no=record.action_no)
    campaign_ids = _inserted_target_campaigns(inserted, header_campaign_id=locked.header.campaign_id)
    _unlink_tasks(segment=segment, removed=inserted)
    removed = delete_rows(inserted)
    columns = {"segment": Value(segment.pk)} | {line: F(history) for history, line in HISTORY_LINE_COLUMNS.items()}
    restorable = history.filter(contact__privacy_blocked=False)
    restored = insert_select_campaigns(model=SegmentLine, source=restorable, columns=columns)
    skipped = delete_rows(history) - restored.count
    delete_rows(SegmentCriteriaAction.objects.filter(pk=record.pk))
    notify_targets_changed(campaign_ids | restored.campaign_ids)
    return GoBackResult(
        action_no=record.action_no,
        action=record.action,
        removed=removed,
        restored=restored.count,
        skipped_privacy_blocked=skipped,
    )


def _inserted_target_campaigns(lines: models.QuerySet, *, header_campaign_id: int | None) -> set[int]:
    """The campaigns whose targets the lines an action inserted may count in (a superset is fine).

    Those lines got the header's campaign, and keep it unless edited or propagated since. So the header's
    campaign, plus, only if an index probe finds lines of another campaign, the full list.
    """
    targets = lines.filter(campaign_target=True)
    if header_campaign_id is None:
        others = targets.filter(campaign_id__isnull=False)
    else:
        others = targets.filter(Q(campaign_id__lt=header_campaign_id) | Q(campaign_id__gt=header_campaign_id))
    campaign_ids = {header_campaign_id} if header_campaign_id else set()
    if others.exists():
        campaign_ids |= set(others.order_by().values_list("campaign_id", flat=True).distinct())
    return campaign_ids


@transaction.atomic
def reuse_logged(*, segment: SegmentHeader, logged_segment: LoggedSegment) -> ActionResult:
    """Reuse Logged Segment: one line per interaction log entry of the logged segment (BC ReuseLogged).

    Each line is initialised from the header and the contact, then takes the entry's Campaign No.
    Privacy-blocked contacts are skipped.
    """
    locked = lock_segment(segment)
    record = _record_action(locked, Action.REUSE_LOGGED, {"logged_segment": logged_segment.pk}, {})
    entries = InteractionLogEntry.objects.filter(logged_segment=logged_segment, contact__privacy_blocked=False)
    added = insert_lines(
        locked=locked,
        source=entries,
        contact="contact__",
        order_by=[F("pk").asc()],
        action_no=record.action_no,
        overrides={"campaign": F("campaign_id")},
    )
    if added and locked.header.campaign_target:
        notify_targets_changed(set(entries.order_by().values_list("campaign_id", flat=True).distinct()))
    return _finish_action(record, added)


# --- saved criteria -----------------------------------------------------------------------------


@transaction.atomic
def save_criteria(*, segment: SegmentHeader, code: str, description: str) -> SavedSegmentCriteria:
    """Save the segment's criteria actions under a code, to reuse on other segments."""
    actions = list(segment.criteria_actions.order_by("action_no"))
    if not actions:
        raise ValidationError(NO_CRITERIA_ACTIONS, params={"no": segment.no}, code="no_actions")
    code = code.strip().upper()
    try:
        with transaction.atomic():
            saved = SavedSegmentCriteria.objects.create(code=code, description=description)
    except IntegrityError:
        raise ValidationError(SAVED_CRITERIA_EXISTS, params={"code": code}, code="exists") from None
    SavedSegmentCriteriaAction.objects.bulk_create(
        SavedSegmentCriteriaAction(
            saved_criteria=saved, sequence=i, action=a.action, filters=a.filters, options=a.options
        )
        for i, a in enumerate(actions, start=1)
    )
    return saved


@transaction.atomic
def reuse_criteria(*, segment: SegmentHeader, saved: SavedSegmentCriteria) -> list[ActionResult]:
    """Replay saved criteria on the segment: each saved action runs again as a new criteria action."""
    return [
        apply_action(segment=segment, action=a.action, filters=a.filters, options=a.options)
        for a in saved.actions.order_by("sequence")
    ]


def reuse_question(*, segment: SegmentHeader, logged: bool = False) -> str | None:
    """BC's confirmation before reusing on a segment that already has criteria actions, else None."""
    count = segment.criteria_actions.count()
    if not count:
        return None
    question = REUSE_LOGGED_QUESTION if logged else REUSE_CRITERIA_QUESTION
    return str(question) % {"no": segment.no, "count": count}


# --- description --------------------------------------------------------------------------------

SECTION_CAPTIONS = {
    "mailing_group": _("Mailing Group"),
    "job_responsibility": _("Job Responsibility"),
    "industry_group": _("Industry Group"),
    "business_relation": _("Business Relation"),
}
CONTACT_CAPTIONS = {
    "no": _("No."),
    "name": _("Name"),
    "type": _("Type"),
    "salesperson": _("Salesperson Code"),
    "post_code": _("Post Code"),
    "city": _("City"),
    "country_region_code": _("Country/Region Code"),
    "territory_code": _("Territory Code"),
    "company_no": _("Company No."),
    "company_name": _("Company Name"),
}
INTERACTION_CAPTIONS = {
    "date_from": _("Date from"),
    "date_to": _("Date to"),
    "segment_no": _("Segment No."),
    "campaign": _("Campaign No."),
    "evaluation": _("Evaluation"),
    "interaction_template": _("Interaction Template Code"),
    "salesperson": _("Salesperson Code"),
}


def describe_filters(filters: dict) -> list[str]:
    """The filters in words, one entry per section: ["Contact: Type=person", "Industry Group: RETAIL"]."""

    def show(value) -> str:
        return "|".join(str(v) for v in value) if isinstance(value, list) else str(value)

    parts = []
    contact = {k: v for k, v in (filters.get("contact") or {}).items() if v}
    if contact:
        parts.append(
            f"{_('Contact')}: " + ", ".join(f"{CONTACT_CAPTIONS.get(k, k)}={show(v)}" for k, v in contact.items())
        )
    for key, caption in SECTION_CAPTIONS.items():
        if filters.get(key):
            parts.append(f"{caption}: {show(filters[key])}")
    interaction = {k: v for k, v in (filters.get("interaction") or {}).items() if v}
    if interaction:
        parts.append(
            f"{_('Interaction Log Entry')}: "
            + ", ".join(f"{INTERACTION_CAPTIONS.get(k, k)}={show(v)}" for k, v in interaction.items())
        )
    if filters.get("logged_segment"):
        parts.append(f"{_('Logged Segment Entry No.')}: {filters['logged_segment']}")
    return parts


def describe_options(options: dict) -> list[str]:
    return [str(OPTION_CAPTIONS[name]) for name, on in options.items() if on and name in OPTION_CAPTIONS]
