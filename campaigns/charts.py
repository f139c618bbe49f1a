"""A small server-side SVG bar chart: contacts reached and responses per ISO week (no JavaScript, no CDN)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from campaigns.statistics import WeekFigures
from core.markup import escaped

# Drawn at its own size (12px labels, 1 unit = 1px) and never scaled down: a phone scrolls it inside its box.
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 34
PLOT_HEIGHT = 200
MIN_PLOT_WIDTH = 560  # a few weeks get wide bars instead of a tiny chart
MIN_GROUP_WIDTH, MAX_GROUP_WIDTH = 28, 80  # one week: two bars and a gap
MIN_LABEL_SPACING = 76  # "2026-W10" at 12px, with room between labels
MAX_TICKS = 4


def contacts_reached(count: int) -> str:
    return ngettext("%(count)d contact reached", "%(count)d contacts reached", count) % {"count": count}


def responses(count: int) -> str:
    return ngettext("%(count)d response", "%(count)d responses", count) % {"count": count}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class WeeklyChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    bars: list[Bar]
    x_labels: list[Label]
    y_labels: list[Label]
    gridlines: list[float]
    weeks: list[WeekFigures]

    def shapes(self) -> SafeString:
        """The SVG's gridlines, labels and bars, written in Python: three years of weeks are 300 bars with their
        titles, 40 ms through the template. Numbers as str() writes them, as the template did with localization
        off (a decimal comma would break the drawing); texts escaped."""
        left, right = self.plot_left, self.plot_right
        parts = [f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>' for y in self.gridlines]
        parts += [
            f'<text class="chart-axis-label" x="{lb.x}" y="{lb.y}" text-anchor="end">{escaped(lb.text)}</text>'
            for lb in self.y_labels
        ]
        parts += [
            f'<rect class="{bar.css_class}" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
            f"<title>{escaped(bar.title)}</title></rect>"
            for bar in self.bars
        ]
        parts += [
            f'<text class="chart-axis-label" x="{lb.x}" y="{lb.y}" text-anchor="middle">{escaped(lb.text)}</text>'
            for lb in self.x_labels
        ]
        return SafeString("".join(parts))

    def week_rows(self) -> SafeString:
        """The rows of the figures' table for screen readers: week, contacted, responded (localized, as a template
        writes them)."""
        return SafeString(
            "".join(
                f'<tr><th scope="row">{escaped(week.label)}</th><td>{escaped(localize(week.contacted))}</td>'
                f"<td>{escaped(localize(week.responded))}</td></tr>"
                for week in self.weeks
            )
        )


def nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 × 10^n that is at least `raw` (and at least 1)."""
    if raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)


def weekly_chart(weeks: list[WeekFigures]) -> WeeklyChart | None:
    """Lay out the bars of the weekly figures; None when there is nothing to draw."""
    if not weeks or not any(week.contacted or week.responded for week in weeks):
        return None
    peak = max(max(week.contacted, week.responded) for week in weeks)
    step = nice_step(peak / MAX_TICKS)
    ticks = math.ceil(peak / step)
    top_value = step * ticks
    group_width = max(MIN_GROUP_WIDTH, min(MAX_GROUP_WIDTH, MIN_PLOT_WIDTH / len(weeks)))
    bar_width = round(group_width * 0.36, 2)
    width = math.ceil(LEFT + len(weeks) * group_width + RIGHT)
    baseline = TOP + PLOT_HEIGHT

    def y_of(value: int) -> float:
        return baseline - value * PLOT_HEIGHT / top_value

    bars, x_labels = [], []
    every = max(1, math.ceil(MIN_LABEL_SPACING / group_width))
    for index, week in enumerate(weeks):
        left = LEFT + index * group_width + (group_width - 2 * bar_width) / 2
        for offset, value, css_class, caption in (
            (0, week.contacted, "chart-bar-contacted", contacts_reached),
            (bar_width, week.responded, "chart-bar-responded", responses),
        ):
            top = y_of(value)
            title = f"{week.label}: {caption(value)}"
            bars.append(
                Bar(round(left + offset, 2), round(top, 2), bar_width, round(baseline - top, 2), css_class, title)
            )
        if index % every == 0:
            x_labels.append(Label(round(LEFT + (index + 0.5) * group_width, 2), baseline + 22, week.label))
    gridlines = [round(y_of(step * tick), 2) for tick in range(ticks + 1)]
    y_labels = [Label(LEFT - 6, round(y_of(step * tick) + 4, 2), str(step * tick)) for tick in range(ticks + 1)]
    return WeeklyChart(
        width=width,
        height=baseline + BOTTOM,
        plot_left=LEFT,
        plot_right=width - RIGHT,
        bars=bars,
        x_labels=x_labels,
        y_labels=y_labels,
        gridlines=gridlines,
        weeks=weeks,
    )
