"""Campaign statistics (DOMAIN 2.1/2.2): figures over the campaign's interaction log entries, and the weekly chart."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateField, DecimalField, F, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from campaigns.models import Campaign
from core.decimals import as_decimal, bc_round

ZERO = Decimal(0)
ONE_WEEK = datetime.timedelta(weeks=1)
MAX_FILLED_WEEKS = 520  # ten years of empty weeks at most between the first and the last week with data


@dataclass(frozen=True)
class WeekFigures:
    week_start: datetime.date  # the Monday of the ISO week
    contacted: int
    responded: int

    @property
    def label(self) -> str:
        year, week, _weekday = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class CampaignStatistics:
    """The Campaign Statistics page's figures; canceled and postponed interactions never count."""

    target_contacts_contacted: int = 0
    contacts_responded: int = 0
    cost: Decimal = ZERO
    duration: Decimal = ZERO
    no_of_interactions: int = 0
    no_of_campaign_entries: int = 0
    weeks: list[WeekFigures] = field(default_factory=list)

    @property
    def response_rate(self) -> Decimal:
        """Response Rate %: responded / contacted × 100, rounded to 0.1; 0 when nobody was contacted."""
        if not self.target_contacts_contacted:
            return ZERO
        return bc_round(Decimal(self.contacts_responded) * 100 / Decimal(self.target_contacts_contacted), "0.1")

    @property
    def avg_cost_per_response(self) -> Decimal:
        """Avg. Cost per Response (LCY), rounded to the amount precision 0.01; 0 without responses."""
        if not self.contacts_responded:
            return ZERO
        return bc_round(self.cost / self.contacts_responded, "0.01")

    @property
    def avg_duration_per_response(self) -> Decimal:
        """Avg. Duration per Response (Min.), rounded to 0.01; 0 without responses."""
        if not self.contacts_responded:
            return ZERO
        return bc_round(self.duration / self.contacts_responded, "0.01")

    @property
    def has_data(self) -> bool:
        """Whether there is anything to show (figures appear only when the data they sum exists)."""
        return bool(self.no_of_interactions or self.no_of_campaign_entries)


def campaign_statistics(
    campaign: Campaign, *, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> CampaignStatistics:
    """Compute the statistics of a campaign within the Date Filter, in one query.

    The interaction figures come per day from the campaign's day totals (`campaign.day_totals`, kept by the
    interactions app in the statements that write entries: a year of a 250,000-entry campaign is 365 rows, read
    from a covering index), and are folded into ISO weeks here; the totals are the sums of the weeks, so the
    chart costs nothing extra. One more row of the same statement, without a day, counts the campaign entries.
    """
    days_counted = campaign.day_totals.all()
    entries = campaign.entries.filter(canceled=False)
    if date_from:
        days_counted = days_counted.filter(date__gte=date_from)
        entries = entries.filter(date__gte=date_from)
    if date_to:
        days_counted = days_counted.filter(date__lte=date_to)
        entries = entries.filter(date__lte=date_to)
    columns = ["day", "contacted", "responded", "cost_sum", "duration_sum", "interaction_count", "entry_count"]
    days = (
        days_counted.annotate(
            day=F("date"),
            cost_sum=F("cost"),
            duration_sum=F("duration"),
            interaction_count=F("no_of_interactions"),
            entry_count=Value(0),
        )
        .values(*columns)
        .order_by()
    )
    entries_counted = entries.order_by().values("campaign").annotate(count=Count("pk")).values("count")
    entries_row = (
        Campaign.objects.filter(pk=campaign.pk)
        .annotate(
            day=Value(None, output_field=DateField()),
            contacted=Value(0),
            responded=Value(0),
            cost_sum=Value(None, output_field=DecimalField()),
            duration_sum=Value(None, output_field=DecimalField()),
            interaction_count=Value(0),
            entry_count=Coalesce(Subquery(entries_counted), 0),
        )
        .values(*columns)
        .order_by()
    )
    rows = list(days.union(entries_row, all=True).order_by())
    week_rows = per_week(row for row in rows if row["day"] is not None)
    return CampaignStatistics(
        target_contacts_contacted=sum(row["contacted"] for row in week_rows),
        contacts_responded=sum(row["responded"] for row in week_rows),
        cost=sum((row["cost_sum"] for row in week_rows), ZERO),
        duration=sum((row["duration_sum"] for row in week_rows), ZERO),
        no_of_interactions=sum(row["interaction_count"] for row in week_rows),
        no_of_campaign_entries=sum(row["entry_count"] for row in rows if row["day"] is None),
        weeks=fill_weeks(week_rows),
    )


def per_week(day_rows: Iterable[dict]) -> list[dict]:
    """The per-day figures summed per ISO week (the Monday it starts on), in week order."""
    weeks: dict[datetime.date, dict] = {}
    for row in day_rows:
        day = _as_date(row["day"])
        week_start = day - datetime.timedelta(days=day.weekday())
        week = weeks.setdefault(
            week_start,
            {
                "week": week_start,
                "contacted": 0,
                "responded": 0,
                "cost_sum": ZERO,
                "duration_sum": ZERO,
                "interaction_count": 0,
            },
        )
        week["contacted"] += row["contacted"]
        week["responded"] += row["responded"]
        week["cost_sum"] += as_decimal(row["cost_sum"])
        week["duration_sum"] += as_decimal(row["duration_sum"])
        week["interaction_count"] += row["interaction_count"]
    return [weeks[week_start] for week_start in sorted(weeks)]


def fill_weeks(rows: list[dict]) -> list[WeekFigures]:
    """One WeekFigures per week from the first to the last week with data, empty weeks included.

    Weeks more than MAX_FILLED_WEEKS apart (a date typed as 9999-12-31) show only the weeks with data: the
    chart stays readable and the filling never steps past the end of the calendar.
    """
    found = {_as_date(row["week"]): row for row in rows}
    if not found:
        return []
    first, last = min(found), max(found)
    span = (last - first).days // 7 + 1
    weeks = sorted(found) if span > MAX_FILLED_WEEKS else [first + ONE_WEEK * index for index in range(span)]
    return [
        WeekFigures(week, found.get(week, {}).get("contacted", 0), found.get(week, {}).get("responded", 0))
        for week in weeks
    ]


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def response_rates(campaign_ids: list[int]) -> dict[int, Decimal]:
    """Response Rate % of each of the campaigns, in one grouped query over their day totals.

    A campaign without target contacts contacted is missing from the result (its rate is 0).
    """
    if not campaign_ids:
        return {}
    rows = (
        Campaign.objects.filter(pk__in=campaign_ids)
        .values("pk")
        .annotate(contacted=Sum("day_totals__contacted"), responded=Sum("day_totals__responded"))
        .order_by()
    )
    return {
        row["pk"]: CampaignStatistics(
            target_contacts_contacted=row["contacted"], contacts_responded=row["responded"] or 0
        ).response_rate
        for row in rows
        if row["contacted"]
    }
