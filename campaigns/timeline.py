"""The campaign list's timeline view: a bar per campaign from its Starting Date to its Ending Date (no JavaScript).

Positions are percentages of the period shown, so the page draws them with SVG attributes (the CSP allows no
inline styles) and the bars keep their places at any width.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from campaigns.charts import nice_step
from campaigns.models import Campaign

MAX_TICKS = 6  # month labels that still fit side by side on a phone
LAST_LABEL_AT = 84.0  # a label further right would be cut off at the track's end on a phone (its line stays)
MONTH_STEPS = (1, 2, 3, 6)
OPEN_SIDE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Bar:
    left: float  # percent of the period
    width: float
    open_start: bool  # the campaign starts before the period shown, or has no Starting Date
    open_end: bool


@dataclass(frozen=True)
class Tick:
    left: float
    label: str

    @property
    def labelled(self) -> bool:
        """Whether the label fits after its line before the track ends."""
        return self.left <= LAST_LABEL_AT


@dataclass(frozen=True)
class TimelineRow:
    campaign: Campaign
    bar: Bar | None  # None: the campaign has no dates, or runs outside the period


@dataclass(frozen=True)
class Timeline:
    start: datetime.date | None  # None: no campaign shown has a date
    end: datetime.date | None
    rows: list[TimelineRow]
    ticks: list[Tick]
    today: float | None  # where today is, when it is inside the period


def campaign_timeline(
    campaigns: Iterable[Campaign],
    *,
    today: datetime.date,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
) -> Timeline:
    """Lay out the campaigns over the filter's period, or over the dates of the campaigns themselves."""
    campaigns = list(campaigns)
    dates = [day for c in campaigns for day in (c.starting_date, c.ending_date) if day]
    # An open side shows at least a month of its bar, so a campaign that starts last is no sliver at the edge.
    dates += [shifted(c.starting_date, OPEN_SIDE) for c in campaigns if c.starting_date and not c.ending_date]
    dates += [shifted(c.ending_date, -OPEN_SIDE) for c in campaigns if c.ending_date and not c.starting_date]
    start = period_from or (min(dates) if dates else None)
    end = period_to or (max(dates) if dates else None)
    if start is None or end is None:
        start = end = start or end
    if start is None or end is None:
        return Timeline(None, None, [TimelineRow(campaign, None) for campaign in campaigns], [], None)
    if end < start:
        start, end = end, start
    days = (end - start).days + 1

    def percent(day: datetime.date) -> float:
        return round((day - start).days * 100 / days, 3)

    rows = []
    for campaign in campaigns:
        first = campaign.starting_date or datetime.date.min
        last = campaign.ending_date or datetime.date.max
        if not (campaign.starting_date or campaign.ending_date) or last < start or first > end:
            rows.append(TimelineRow(campaign, None))
            continue
        shown_first, shown_last = max(first, start), min(last, end)
        left = percent(shown_first)
        width = round(((shown_last - shown_first).days + 1) * 100 / days, 3)
        rows.append(TimelineRow(campaign, Bar(left, width, first < start, last > end)))
    now = percent(today) if start <= today <= end else None
    return Timeline(start, end, rows, ticks(start, end, percent), now)


def shifted(day: datetime.date, delta: datetime.timedelta) -> datetime.date:
    """`day` + `delta`, held within the calendar (a date typed as 9999-12-31)."""
    try:
        return day + delta
    except OverflowError:
        return datetime.date.max if delta > datetime.timedelta(0) else datetime.date.min


def ticks(start: datetime.date, end: datetime.date, percent) -> list[Tick]:
    """Month (or year) boundaries within the period, at most MAX_TICKS of them, at round steps."""
    first_month = start.year * 12 + start.month - 1 + (start.day > 1)  # the first 1st of a month in the period
    last_month = end.year * 12 + end.month - 1
    span = last_month - first_month + 1
    step = next((s for s in MONTH_STEPS if span / s <= MAX_TICKS), None) or 12 * nice_step(span / 12 / MAX_TICKS)
    month = -(-first_month // step) * step  # the first month on a step boundary
    result = []
    while month <= last_month:
        day = datetime.date(month // 12, month % 12 + 1, 1)
        result.append(Tick(percent(day), day.strftime("%Y-%m") if step < 12 else str(day.year)))
        month += step
    return result
