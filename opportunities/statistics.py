"""Opportunity figures: a campaign's Opportunities block (DOMAIN A.12) and the pipeline board of a sales cycle."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber, TruncMonth

from campaigns.models import Campaign
from campaigns.statistics import campaign_statistics
from core.decimals import as_decimal, bc_round
from opportunities.models import Opportunity, OpportunityEntry, SalesCycle, SalesCycleStage

ZERO = Decimal(0)
CARDS_PER_COLUMN = 25


# --- campaign statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignOpportunityStatistics:
    """BC's Opportunities block of a campaign plus what its opportunities won (DOMAIN A.12)."""

    no_of_opportunities: int = 0
    estimated_value: Decimal = ZERO
    calcd_current_value: Decimal = ZERO
    no_of_won_opportunities: int = 0
    won_value: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def cost_per_won_opportunity(self) -> Decimal:
        """Cost per Won Opportunity (LCY): cost / won count, rounded to 0.01; 0 when nothing was won."""
        if not self.no_of_won_opportunities:
            return ZERO
        return bc_round(self.cost / self.no_of_won_opportunities, "0.01")

    @property
    def return_ratio(self) -> Decimal | None:
        """Return: Won Value / Cost, rounded to 0.1 (shown as "3.2×"); None when the campaign cost nothing."""
        if not self.cost:
            return None
        return bc_round(self.won_value / self.cost, "0.1")


def campaign_opportunity_statistics(
    campaign: Campaign, *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> CampaignOpportunityStatistics:
    """Compute a campaign's opportunity figures in one aggregate query over its Active entries (plus its cost).

    No. of Opportunities, Estimated Value and Calcd. Current Value are BC's FlowFields: every Active entry
    with the campaign (In Progress, Won and Lost; Not Started opportunities have none), never date-filtered.
    The Date Filter applies only to what was won, on the Won entry's Date of Change (its Date Closed), so that
    Won Value, Cost per Won Opportunity and Return compare the revenue and the cost of the same period.
    """
    won = Q(action_taken=OpportunityEntry.ActionTaken.WON)
    if date_from:
        won &= Q(date_of_change__gte=date_from)
    if date_to:
        won &= Q(date_of_change__lte=date_to)
    # Counted without the pk (COUNT(*), of action_taken): the id is not in opp_entry_campaign_active_idx, and
    # counting it kept the database from an index-only scan (it read every active entry through another index).
    figures = OpportunityEntry.objects.filter(campaign=campaign, active=True).aggregate(
        count=Count("*"),
        estimated=Sum("estimated_value"),
        calcd=Sum("calcd_current_value"),
        won_count=Count("action_taken", filter=won),
        won_value=Sum("calcd_current_value", filter=won),
    )
    cost = campaign_statistics(campaign, date_from=date_from, date_to=date_to).cost
    return CampaignOpportunityStatistics(
        no_of_opportunities=figures["count"],
        estimated_value=as_decimal(figures["estimated"]),
        calcd_current_value=as_decimal(figures["calcd"]),
        no_of_won_opportunities=figures["won_count"],
        won_value=as_decimal(figures["won_value"]),
        cost=cost,
    )


# --- pipeline ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageColumn:
    """One column of the pipeline: a stage, its open opportunities' count and Calcd. Current Value, some cards."""

    stage: int
    description: str
    count: int
    calcd_current_value: Decimal
    estimated_value: Decimal
    cards: list[Opportunity] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.count > len(self.cards)


@dataclass(frozen=True)
class MonthForecast:
    month: datetime.date  # the first day of the month; None-month rows (no closing date) are left out
    count: int
    calcd_current_value: Decimal

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class Pipeline:
    columns: list[StageColumn]
    forecast: list[MonthForecast]

    @property
    def count(self) -> int:
        return sum(column.count for column in self.columns)

    @property
    def calcd_current_value(self) -> Decimal:
        return sum((column.calcd_current_value for column in self.columns), ZERO)


def open_in_cycle(opportunities, cycle: SalesCycle):
    """The open opportunities whose Active entry is at a stage of the cycle, with the entry's figures annotated."""
    # Filtered through an annotation: `filter(active_entry__sales_cycle=…)` would join the entries a second time.
    return (
        opportunities.open()
        .with_current()
        .annotate(current_cycle=F("active_entry__sales_cycle"))
        .filter(current_cycle=cycle.pk, current_stage__gt=0)
    )


def pipeline(opportunities, cycle: SalesCycle, *, per_column: int = CARDS_PER_COLUMN) -> Pipeline:
    """Lay out the pipeline of a cycle over the given (already visible and filtered) opportunities in 3 queries.

    The stages, one GROUP BY stage and month of Estimated Close Date (the column heads, the funnel and the
    forecast), and the first `per_column` cards of every column numbered by ROW_NUMBER() OVER (PARTITION BY stage …).
    """
    stages = list(
        SalesCycleStage.objects.filter(sales_cycle=cycle).order_by("stage").values_list("stage", "description")
    )
    current = open_in_cycle(opportunities, cycle)
    # One scan for every figure: grouped by stage and month, summed up per stage (heads) and per month (forecast).
    per_stage: dict[int, dict] = {}
    per_month: dict[datetime.date, dict] = {}
    for row in (
        current.annotate(month=TruncMonth("estimated_closing_date"))
        .values("current_stage", "month")
        .annotate(count=Count("pk"), calcd=Sum("calcd_current_value"), estimated=Sum("estimated_value"))
        .order_by()
    ):
        targets = [per_stage.setdefault(row["current_stage"], {"count": 0, "calcd": ZERO, "estimated": ZERO})]
        if row["month"] is not None:
            targets.append(per_month.setdefault(_as_date(row["month"]), {"count": 0, "calcd": ZERO, "estimated": ZERO}))
        for figures in targets:
            figures["count"] += row["count"]
            figures["calcd"] += as_decimal(row["calcd"])
            figures["estimated"] += as_decimal(row["estimated"])
    forecast = [
        MonthForecast(month, figures["count"], figures["calcd"]) for month, figures in sorted(per_month.items())
    ]
    cards: dict[int, list[Opportunity]] = {}
    # The window runs over the narrow opportunity+entry rows; the contact and salesperson join only the cards.
    numbered = current.annotate(
        position=Window(
            RowNumber(),
            partition_by=[F("active_entry__sales_cycle_stage")],
            order_by=[F("active_entry__estimated_close_date").asc(nulls_last=True), F("no").asc()],
        )
    ).filter(position__lte=per_column)
    shown = (
        Opportunity.objects.with_current()
        .filter(pk__in=numbered.values("pk"))
        .select_related("contact", "salesperson")
        .order_by("current_stage", F("estimated_closing_date").asc(nulls_last=True), "no")
    )
    for opportunity in shown:
        cards.setdefault(opportunity.current_stage, []).append(opportunity)
    columns = []
    for stage, description in stages:
        row = per_stage.get(stage, {})
        columns.append(
            StageColumn(
                stage=stage,
                description=description,
                count=row.get("count", 0),
                calcd_current_value=row.get("calcd", ZERO),
                estimated_value=row.get("estimated", ZERO),
                cards=cards.get(stage, []),
            )
        )
    return Pipeline(columns=columns, forecast=forecast)


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value
