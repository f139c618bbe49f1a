"""The Opportunity Card (OPPORTUNITIES.md §4.2): its change rules and questions, its statistics, and deletion (§4.7).

A change of Contact, Salesperson or Campaign asks BC's question about the open tasks that still carry the old
value; the answers come back from the card as a real POST step (`answers`), nothing is written before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import date_format

from campaigns.models import Campaign
from contacts.models import Contact
from core.services import update_if_unchanged
from interactions.models import InteractionLogEntry
from opportunities.models import Opportunity, OpportunityEntry, SalesCycle
from opportunities.services import messages
from salespeople.models import Salesperson
from segments.models import SegmentHeader
from tasks.models import Task

Status = Opportunity.Status

# The open tasks whose value follows the opportunity when the user answers Yes: (task field, question).
TASK_QUESTIONS = {
    "contact": messages.CHANGE_TASKS_CONTACT_QST,
    "salesperson": messages.CHANGE_TASKS_SALESPERSON_QST,
    "campaign": messages.CHANGE_TASKS_CAMPAIGN_QST,
}
CARD_FIELDS = [
    "description",
    "contact",
    "salesperson",
    "campaign",
    "segment",
    "sales_cycle",
    "priority",
    "sales_quote_no",
]


class QuestionRequired(Exception):
    """The change needs the user's answer to BC's question `key` (one of TASK_QUESTIONS) before it is saved."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
        self.question = TASK_QUESTIONS[key]


@dataclass
class CardResult:
    opportunity: Opportunity
    tasks_changed: dict[str, int] = field(default_factory=dict)


def field_error(name: str, message: Any, code: str, /, **params: Any) -> ValidationError:
    return ValidationError({name: ValidationError(message, params=params or None, code=code)})


def editable_fields(opportunity: Opportunity) -> set[str]:
    """Which card fields the user may change in the opportunity's status (§4.2's card editability)."""
    if opportunity.closed:
        return set()
    fields = {"description", "contact", "salesperson", "campaign", "segment", "priority"}
    if opportunity.status == Status.NOT_STARTED:
        fields.add("sales_cycle")
    if opportunity.status == Status.IN_PROGRESS:
        fields.add("sales_quote_no")
    return fields


def only_segment(campaign: Campaign) -> SegmentHeader | None:
    """The campaign's segment when it has exactly one (BC sets Segment No. from the campaign)."""
    segments = list(SegmentHeader.objects.filter(campaign=campaign)[:2])
    return segments[0] if len(segments) == 1 else None


def check_contact(opportunity: Opportunity, contact: Contact | None) -> None:
    if contact is None:
        raise field_error("contact", messages.CONTACT_REQUIRED, "required")
    if contact.privacy_blocked:
        raise field_error("contact", messages.CONTACT_PRIVACY_BLOCKED, "privacy", no=contact.no)
    other_company = contact.company_id != opportunity.contact_company_id
    if other_company and opportunity.status != Status.NOT_STARTED:
        raise field_error("contact", messages.CONTACT_OTHER_COMPANY, "other_company", no=contact.no, name=contact.name)


def check_salesperson(opportunity: Opportunity, salesperson: Salesperson | None) -> None:
    if salesperson is None:
        raise field_error("salesperson", messages.SALESPERSON_MUST_HAVE_VALUE, "required", no=opportunity.no)
    if salesperson.blocked or salesperson.privacy_blocked:
        raise field_error("salesperson", messages.SALESPERSON_BLOCKED, "blocked", code=salesperson.code)


def check_campaign(opportunity: Opportunity, campaign: Campaign) -> None:
    """The campaign must run on the Creation Date (a blank Ending Date fails, as in BC) and be Activated."""
    starting, ending = campaign.starting_date, campaign.ending_date
    if starting is None or ending is None or not starting <= opportunity.creation_date <= ending:
        raise field_error(
            "campaign",
            messages.CAMPAIGN_NOT_ON_CREATION_DATE,
            "campaign_dates",
            campaign=campaign.no,
            date=date_format(opportunity.creation_date, "SHORT_DATE_FORMAT"),
        )
    if not campaign.target_groups.exists():
        raise field_error("campaign", messages.CAMPAIGN_NOT_ACTIVATED, "not_activated", no=campaign.no)


def check_segment(opportunity: Opportunity, segment: SegmentHeader, campaign: Campaign | None) -> None:
    if campaign is not None and segment.campaign_id not in (None, campaign.pk):
        raise field_error(
            "segment",
            messages.SEGMENT_OTHER_CAMPAIGN,
            "segment_campaign",
            campaign=campaign.no,
            segment=segment.no,
            current=segment.campaign.no,
        )


def check_sales_cycle(opportunity: Opportunity, cycle: SalesCycle | None) -> None:
    if opportunity.status != Status.NOT_STARTED:
        raise field_error(
            "sales_cycle",
            messages.STATUS_MUST_BE_NOT_STARTED,
            "status",
            no=opportunity.no,
            status=opportunity.get_status_display(),
        )
    if cycle is not None and cycle.blocked:
        raise field_error("sales_cycle", messages.CYCLE_BLOCKED, "blocked", code=cycle.code)


def quote_taken_by(opportunity: Opportunity, quote_no: str) -> str | None:
    """The No. of another opportunity that already has this Sales Quote No."""
    if not quote_no:
        return None
    return (
        Opportunity.objects.filter(sales_quote_no=quote_no)
        .exclude(pk=opportunity.pk)
        .values_list("no", flat=True)
        .first()
    )


def quote_error(quote_no: str, other_no: str) -> ValidationError:
    return field_error("sales_quote_no", messages.QUOTE_ALREADY_ASSIGNED, "quote", quote=quote_no, opportunity=other_no)


def open_tasks_to_ask(opportunity: Opportunity, old: dict[str, Any]) -> dict[str, int]:
    """For each changed field (with its old value), how many open tasks of the opportunity still carry it."""
    changed = {name: value for name, value in old.items() if value is not None}
    if not changed:
        return {}
    counts = Task.objects.filter(opportunity_no=opportunity.no, closed=False).aggregate(
        **{name: models.Count("pk", filter=models.Q(**{name: value})) for name, value in changed.items()}
    )
    return {name: count for name, count in counts.items() if count}


@transaction.atomic
def update_opportunity_card(
    *,
    opportunity: Opportunity,
    changes: dict[str, Any],
    expected_version: int,
    answers: dict[str, bool] | None = None,
) -> CardResult:
    """Save the card's General fields with §4.2's rules; ask about open tasks; the active entry follows always.

    `changes` maps card field names (CARD_FIELDS) to the new values; fields not editable in the opportunity's
    status are ignored. Raises QuestionRequired for the first unanswered question, ValidationError for a rule.
    """
    answers = answers or {}
    current = (
        Opportunity.objects.select_for_update(of=("self",)).select_related("campaign", "segment").get(pk=opportunity.pk)
    )
    if current.closed:
        raise ValidationError(messages.CLOSED_MUST_BE_NO, params={"no": current.no}, code="closed")
    allowed = editable_fields(current)
    new = {name: value for name, value in changes.items() if name in allowed and name in CARD_FIELDS}
    changed = {name for name, value in new.items() if _value_of(value) != _value_of(getattr(current, name))}
    if "contact" in changed:
        check_contact(current, new["contact"])
    if "salesperson" in changed:
        check_salesperson(current, new["salesperson"])
    campaign = new["campaign"] if "campaign" in changed else current.campaign
    if "campaign" in changed and campaign is not None:
        check_campaign(current, campaign)
        if "segment" not in changed:
            new["segment"] = only_segment(campaign)
            changed.add("segment")
    if "segment" in changed and new["segment"] is not None:
        check_segment(current, new["segment"], campaign)
    if "sales_cycle" in changed:
        check_sales_cycle(current, new["sales_cycle"])
    if "description" in changed and not (new["description"] or "").strip():
        raise field_error("description", messages.MUST_FILL_IN, "required", field="Description")
    if "sales_quote_no" in changed and (other := quote_taken_by(current, new["sales_quote_no"])):
        raise quote_error(new["sales_quote_no"], other)

    old = {name: getattr(current, name) for name in TASK_QUESTIONS if name in changed}
    to_ask = open_tasks_to_ask(current, old)
    for key in to_ask:
        if key not in answers:
            raise QuestionRequired(key)

    for name in changed:
        setattr(current, name, new[name])
    fields = sorted(changed)
    if "contact" in changed:
        current.contact_company_id = current.contact.company_id
        fields.append("contact_company")
    try:
        with transaction.atomic():
            update_if_unchanged(instance=current, expected_version=expected_version, fields=fields)
    except IntegrityError:
        raise quote_error(current.sales_quote_no, quote_taken_by(current, current.sales_quote_no) or "") from None

    follow = {name: getattr(current, name) for name in TASK_QUESTIONS if name in changed}
    if "contact" in follow:
        follow["contact_company_id"] = current.contact_company_id
    if follow:
        OpportunityEntry.objects.filter(opportunity=current, active=True).update(**follow)
    result = CardResult(opportunity=current)
    for key in to_ask:
        if answers.get(key):
            values = {key: follow[key]}
            if key == "contact":
                values["contact_company_id"] = current.contact_company_id
            result.tasks_changed[key] = Task.objects.filter(
                opportunity_no=current.no, closed=False, **{key: old[key]}
            ).update(version=models.F("version") + 1, **values)
    return result


def _value_of(value: Any) -> Any:
    """Compare records by primary key and text without surrounding blanks."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip()
    return value


# --- statistics (page 5127) ---------------------------------------------------------------------------------


def with_statistics(queryset: models.QuerySet[Opportunity]) -> models.QuerySet[Opportunity]:
    """The card's opportunity with its active entry's figures, No. of Interactions and open tasks, in one query."""
    interactions = (
        InteractionLogEntry.objects.filter(opportunity_no=models.OuterRef("no"), canceled=False, postponed=False)
        .order_by()
        .values("opportunity_no")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    tasks = (
        Task.objects.filter(opportunity_no=models.OuterRef("no"), closed=False)
        .order_by()
        .values("opportunity_no")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    zero = models.Value(0)
    return queryset.with_current().annotate(
        no_of_interactions=models.functions.Coalesce(models.Subquery(interactions), zero),
        open_tasks=models.functions.Coalesce(models.Subquery(tasks), zero),
    )


# --- deletion (§4.7, report 5182) ---------------------------------------------------------------------------


@transaction.atomic
def delete_opportunity(*, opportunity: Opportunity) -> None:
    """Delete a Not Started, Won or Lost opportunity with its entries; tasks and interactions keep its No."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.status == Status.IN_PROGRESS:
        raise ValidationError(messages.CANNOT_DELETE_ACTIVE, code="active")
    opportunity.delete()


@transaction.atomic
def delete_closed_opportunities(queryset: models.QuerySet[Opportunity]) -> int:
    """Report 5182 "Delete Opportunities": every closed opportunity of `queryset`, with its entries."""
    closed = Opportunity.objects.filter(pk__in=queryset.filter(closed=True).values("pk"))
    OpportunityEntry.objects.filter(opportunity__in=closed.values("pk")).delete()
    count = closed.count()
    closed.delete()
    return count


def deletable_closed(queryset: models.QuerySet[Opportunity], **filters: Any) -> models.QuerySet[Opportunity]:
    """The closed opportunities within report 5182's filters (No., Date Closed, Salesperson, Campaign, …)."""
    queryset = queryset.filter(closed=True)
    lookups = {
        "no": "no",
        "salesperson": "salesperson",
        "campaign": "campaign",
        "contact": "contact",
        "sales_cycle": "sales_cycle",
        "date_closed_from": "date_closed__gte",
        "date_closed_to": "date_closed__lte",
    }
    for name, lookup in lookups.items():
        value = filters.get(name)
        if value not in (None, ""):
            queryset = queryset.filter(**{lookup: value})
    return queryset
