"""The opportunity setup: sales cycles with their stages, close opportunity codes, and the cycle statistics.

BC tables 5090, 5091, 5094 and pages 5120/5122 (OPPORTUNITIES.md §1–§3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.services import update_if_unchanged
from opportunities.models import CloseOpportunityCode, OpportunityEntry, SalesCycle, SalesCycleStage

# BC's TestField error on Sales Cycle's delete trigger (two spaces before "in", as BC writes it).
CYCLE_HAS_OPPORTUNITIES = _(
    "No. of Opportunities must be equal to '0'  in Sales Cycle: Code=%(code)s. Current value is '%(count)s'."
)
STAGE_HAS_ACTIVE_ENTRIES = _("You cannot delete a stage which has active entries.")
# DOMAIN A.11: a close opportunity code in use cannot be deleted (BC has no such rule).
CLOSE_CODE_IN_USE = _("You cannot delete Close Opportunity Code %(code)s because %(count)d opportunity entries use it.")

CLOSED_ACTIONS = (OpportunityEntry.ActionTaken.WON, OpportunityEntry.ActionTaken.LOST)
ZERO = Decimal(0)
CENTS = Decimal("0.01")
ZERO_DAYS = Decimal("0.00")


# --- statistics (pages 5120 Sales Cycle Statistics and 5122 Sales Cycle Stage Statistics) ---------


@dataclass(frozen=True)
class StageStatistics:
    """A stage's FlowFields: its active entries' figures and the Average No. of Days of its inactive ones."""

    no_of_opportunities: int = 0
    estimated_value: Decimal = ZERO
    calcd_current_value: Decimal = ZERO
    average_no_of_days: Decimal = ZERO_DAYS


@dataclass(frozen=True)
class CycleStatistics:
    """A sales cycle's FlowFields (open, started opportunities) and each stage's, keyed by stage number."""

    no_of_opportunities: int
    estimated_value: Decimal
    calcd_current_value: Decimal
    stages: dict[int, StageStatistics]

    def for_stage(self, stage: int) -> StageStatistics:
        return self.stages.get(stage, StageStatistics())


def entries_in_date_filter(
    cycle: SalesCycle, date_from: datetime.date | None = None, date_to: datetime.date | None = None
):
    """The cycle's entries whose Estimated Close Date lies in the Date Filter (BC's FlowFilter)."""
    entries = OpportunityEntry.objects.filter(sales_cycle=cycle)
    if date_from is not None:
        entries = entries.filter(estimated_close_date__gte=date_from)
    if date_to is not None:
        # A blank date is BC's 0D, earlier than any date: "..to" keeps it, "from..to" does not.
        upto = Q(estimated_close_date__lte=date_to)
        entries = entries.filter(upto if date_from is not None else upto | Q(estimated_close_date__isnull=True))
    return entries


def average_days(total: int | None, count: int) -> Decimal:
    """BC's AVERAGE FlowField, shown with 2 decimals; 0 without entries."""
    if not count:
        return ZERO_DAYS
    return (Decimal(total or 0) / count).quantize(CENTS, rounding=ROUND_HALF_UP)


def cycle_statistics(
    cycle: SalesCycle, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> CycleStatistics:
    """The cycle's and its stages' statistics in one GROUP BY stage query, whatever the number of entries.

    Cycle: active entries whose Action Taken is not Won/Lost. Stage: active entries at the stage (Won/Lost
    entries have stage 0). Average No. of Days: per inactive entry of the stage.
    """
    open_active = Q(active=True) & ~Q(action_taken__in=CLOSED_ACTIONS)
    rows = (
        entries_in_date_filter(cycle, date_from, date_to)
        .order_by()
        .values("sales_cycle_stage")
        .annotate(
            open_count=Count("pk", filter=open_active),
            open_estimated=Sum("estimated_value", filter=open_active),
            open_calcd=Sum("calcd_current_value", filter=open_active),
            active_count=Count("pk", filter=Q(active=True)),
            active_estimated=Sum("estimated_value", filter=Q(active=True)),
            active_calcd=Sum("calcd_current_value", filter=Q(active=True)),
            inactive_count=Count("pk", filter=Q(active=False)),
            inactive_days=Sum("days_open", filter=Q(active=False)),
        )
    )
    stages: dict[int, StageStatistics] = {}
    count, estimated, calcd = 0, ZERO, ZERO
    for row in rows:
        count += row["open_count"]
        estimated += row["open_estimated"] or ZERO
        calcd += row["open_calcd"] or ZERO
        if row["sales_cycle_stage"]:
            stages[row["sales_cycle_stage"]] = StageStatistics(
                no_of_opportunities=row["active_count"],
                estimated_value=row["active_estimated"] or ZERO,
                calcd_current_value=row["active_calcd"] or ZERO,
                average_no_of_days=average_days(row["inactive_days"], row["inactive_count"]),
            )
    return CycleStatistics(
        no_of_opportunities=count, estimated_value=estimated, calcd_current_value=calcd, stages=stages
    )


def open_opportunity_count(cycle: SalesCycle) -> int:
    """Sales Cycle's No. of Opportunities without a date filter: active entries not Won or Lost."""
    return (
        OpportunityEntry.objects.filter(sales_cycle=cycle, active=True).exclude(action_taken__in=CLOSED_ACTIONS).count()
    )


# --- sales cycles and stages -------------------------------------------------------------------


@transaction.atomic
def update_sales_cycle(*, cycle: SalesCycle, expected_version: int) -> SalesCycle:
    """Save the card's fields unless another user saved the cycle since it was read."""
    update_if_unchanged(
        instance=cycle,
        expected_version=expected_version,
        fields=["description", "probability_calculation", "blocked"],
    )
    return cycle


@transaction.atomic
def delete_sales_cycle(*, cycle: SalesCycle) -> None:
    """Delete a cycle without open, started opportunities, and its stages (each with the stage's own rule).

    Not Started and closed opportunities keep no cycle (BC keeps a dangling code).
    """
    SalesCycle.objects.select_for_update().filter(pk=cycle.pk).first()
    count = open_opportunity_count(cycle)
    if count:
        raise ValidationError(CYCLE_HAS_OPPORTUNITIES, params={"code": cycle.code, "count": count}, code="in_use")
    stage_numbers = cycle.stages.values("stage")
    if OpportunityEntry.objects.filter(sales_cycle=cycle, active=True, sales_cycle_stage__in=stage_numbers).exists():
        raise ValidationError(STAGE_HAS_ACTIVE_ENTRIES, code="active_entries")
    cycle.delete()


@transaction.atomic
def delete_stage(*, stage: SalesCycleStage) -> None:
    """Delete a stage unless an active entry of its cycle is at it (BC's delete trigger)."""
    active = OpportunityEntry.objects.filter(
        sales_cycle_id=stage.sales_cycle_id, sales_cycle_stage=stage.stage, active=True
    )
    if active.exists():
        raise ValidationError(STAGE_HAS_ACTIVE_ENTRIES, code="active_entries")
    stage.delete()


# --- close opportunity codes -------------------------------------------------------------------


@transaction.atomic
def delete_close_code(*, close_code: CloseOpportunityCode) -> None:
    """Delete a close opportunity code that no entry uses (DOMAIN A.11)."""
    count = close_code.entries.count()
    if not count:
        try:
            with transaction.atomic():
                close_code.delete()
            return
        except ProtectedError as error:  # an entry took the code since it was counted
            count = len(error.protected_objects)
    raise ValidationError(CLOSE_CODE_IN_USE, params={"code": close_code.code, "count": count}, code="in_use")
