"""Server-side SVG charts of the pipeline: a funnel by stage and a forecast by month (no JavaScript, no styles)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from campaigns.charts import nice_step
from opportunities.statistics import MonthForecast, StageColumn

FUNNEL_WIDTH = 360
FUNNEL_ROW = 34  # height of one stage's row
FUNNEL_BAR = 24
FUNNEL_MIN_BAR = 4  # an empty stage still shows a sliver, so the funnel keeps its shape

FORECAST_LEFT, FORECAST_RIGHT, FORECAST_TOP, FORECAST_BOTTOM = 64, 8, 12, 30
FORECAST_PLOT_HEIGHT = 150
FORECAST_MIN_WIDTH = 360
FORECAST_GROUP = 48  # one month: a bar and a gap
MAX_TICKS = 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    labels: list[Label]
    gridlines: list[float]
    y_labels: list[Label]
    plot_left: int = 0
    plot_right: int = 0


def amount(value: Decimal) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def funnel_chart(columns: list[StageColumn]) -> Chart | None:
    """Centred horizontal bars, one per stage in stage order, as long as the stage's count; None when all empty."""
    if not columns or not any(column.count for column in columns):
        return None
    peak = max(column.count for column in columns)
    bars, labels = [], []
    for index, column in enumerate(columns):
        width = max(FUNNEL_MIN_BAR, column.count * FUNNEL_WIDTH / peak)
        top = index * FUNNEL_ROW + (FUNNEL_ROW - FUNNEL_BAR) / 2
        title = f"{column.stage} {column.description}: {column.count} · {amount(column.calcd_current_value)}"
        bars.append(Bar(round((FUNNEL_WIDTH - width) / 2, 2), round(top, 2), round(width, 2), FUNNEL_BAR, title))
        labels.append(Label(FUNNEL_WIDTH / 2, round(top + FUNNEL_BAR / 2 + 4, 2), title))
    return Chart(
        width=FUNNEL_WIDTH, height=len(columns) * FUNNEL_ROW, bars=bars, labels=labels, gridlines=[], y_labels=[]
    )


def forecast_chart(months: list[MonthForecast]) -> Chart | None:
    """Vertical bars of Calcd. Current Value per month of Estimated Close Date; None when there is nothing to draw."""
    if not months or not any(month.calcd_current_value for month in months):
        return None
    peak = float(max(month.calcd_current_value for month in months))
    step = nice_step(peak / MAX_TICKS)
    ticks = math.ceil(peak / step)
    top_value = step * ticks
    group = max(FORECAST_GROUP, (FORECAST_MIN_WIDTH - FORECAST_LEFT - FORECAST_RIGHT) / len(months))
    bar_width = round(group * 0.6, 2)
    width = math.ceil(FORECAST_LEFT + len(months) * group + FORECAST_RIGHT)
    baseline = FORECAST_TOP + FORECAST_PLOT_HEIGHT

    def y_of(value: float) -> float:
        return baseline - value * FORECAST_PLOT_HEIGHT / top_value

    bars, labels = [], []
    every = max(1, math.ceil(60 / group))
    for index, month in enumerate(months):
        top = y_of(float(month.calcd_current_value))
        left = FORECAST_LEFT + index * group + (group - bar_width) / 2
        title = f"{month.label}: {amount(month.calcd_current_value)} ({month.count})"
        bars.append(Bar(round(left, 2), round(top, 2), bar_width, round(baseline - top, 2), title))
        if index % every == 0:
            labels.append(Label(round(FORECAST_LEFT + (index + 0.5) * group, 2), baseline + 18, month.label))
    gridlines = [round(y_of(step * tick), 2) for tick in range(ticks + 1)]
    y_labels = [
        Label(FORECAST_LEFT - 6, round(y_of(step * tick) + 4, 2), amount(Decimal(step * tick)))
        for tick in range(ticks + 1)
    ]
    return Chart(
        width=width,
        height=baseline + FORECAST_BOTTOM,
        bars=bars,
        labels=labels,
        gridlines=gridlines,
        y_labels=y_labels,
        plot_left=FORECAST_LEFT,
        plot_right=width - FORECAST_RIGHT,
    )
