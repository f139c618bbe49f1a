"""The Marketer's role centre: campaign cues, responses per week over the running campaigns, best and worst rates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.charts import WeeklyChart, weekly_chart
from campaigns.filters import starting_or_ending_between
from campaigns.models import Campaign
from campaigns.statistics import WeekFigures
from contacts.models import ContactImport
from core.decimals import as_decimal, bc_round
from interactions.models import CampaignDayTotal
from opportunities.models import OpportunityEntry
from rolecentres.cues import Cue, list_url, week_of
from segments.models import SegmentHeader

UPCOMING_DAYS = 14
CHART_WEEKS = 12
RANKED = 3
ZERO = Decimal(0)


def cues(user, today: datetime.date) -> list[Cue]:
    """The six cues, in four queries (the campaign figures in one aggregate)."""
    running = Campaign.objects.overlapping(today, today).values("pk")
    upcoming_end = today + datetime.timedelta(days=UPCOMING_DAYS)
    campaigns = Campaign.objects.aggregate(
        active=Count("pk", filter=Q(pk__in=running)),
        upcoming=Count("pk", filter=starting_or_ending_between(today, upcoming_end)),
        activated=Count("pk", filter=Q(activation__isnull=False)),
    )
    monday, sunday = week_of(today)
    # The campaigns' day totals answer from a few rows a day where counting the entries would read them all.
    week = CampaignDayTotal.objects.filter(date__range=(monday, sunday)).aggregate(responded=Sum("responded"))
    responses = week["responded"] or 0
    segments = SegmentHeader.objects.count()
    waiting_imports = ContactImport.objects.filter(status=ContactImport.Status.PREVIEW).count()

    def url(permission: str, name: str, **params: object) -> str | None:
        return list_url(name, **params) if user.has_perm(permission) else None

    campaign_list = "campaigns.view_campaign", "campaigns:list"
    return [
        Cue(
            "active_campaigns",
            _("Active campaigns"),
            campaigns["active"],
            url(*campaign_list, period_from=today, period_to=today),
        ),
        Cue(
            "upcoming_campaigns",
            _("Starting or ending in the next %(days)d days") % {"days": UPCOMING_DAYS},
            campaigns["upcoming"],
            url(*campaign_list, starting_or_ending_within=UPCOMING_DAYS),
        ),
        Cue(
            "segments_not_logged",
            _("Segments not yet logged"),
            segments,
            url("segments.view_segmentheader", "segments:list"),
        ),
        Cue(
            "responses_this_week",
            _("Responses this week"),
            responses,
            url(
                "interactions.view_interactionlogentry",
                "interactions:entry_list",
                campaign_response="true",
                with_campaign="true",
                canceled="false",
                postponed="false",
                date_from=monday,
                date_to=sunday,
            ),
        ),
        Cue(
            "activated_campaigns",
            _("Activated campaigns"),
            campaigns["activated"],
            url(*campaign_list, activated="true"),
        ),
        Cue(
            "imports_waiting",
            _("Contact imports waiting for confirmation"),
            waiting_imports,
            url("contacts.import_contacts", "contacts:import", status=ContactImport.Status.PREVIEW),
            tone="warning" if waiting_imports else "",
        ),
    ]


def responses_chart(today: datetime.date) -> WeeklyChart | None:
    """Targets contacted and responses per ISO week over the running campaigns, the last CHART_WEEKS weeks.

    One query over the campaigns' day totals (interactions.CampaignDayTotal: a row per campaign and day, what the
    campaign card's chart reads), summed per day and folded into weeks here.
    """
    monday, sunday = week_of(today)
    first = monday - datetime.timedelta(weeks=CHART_WEEKS - 1)
    running = Campaign.objects.overlapping(today, today).values("pk")
    days = (
        CampaignDayTotal.objects.filter(campaign__in=running, date__range=(first, sunday))
        .values("date")
        .annotate(contacted=Sum("contacted"), responded=Sum("responded"))
        .order_by()
    )
    weeks = {first + datetime.timedelta(weeks=n): [0, 0] for n in range(CHART_WEEKS)}
    for row in days:
        day = row["date"].date() if isinstance(row["date"], datetime.datetime) else row["date"]
        figures = weeks[day - datetime.timedelta(days=day.weekday())]
        figures[0] += row["contacted"] or 0
        figures[1] += row["responded"] or 0
    return weekly_chart([WeekFigures(week, contacted, responded) for week, (contacted, responded) in weeks.items()])


@dataclass(frozen=True)
class CampaignRate:
    """A campaign's response rate over all its counting interactions, and what its opportunities won."""

    no: str
    description: str
    contacted: int
    responded: int
    cost: Decimal
    won_value: Decimal = ZERO

    @property
    def response_rate(self) -> Decimal:
        """Response Rate %, as the campaign's statistics round it (0.1)."""
        return bc_round(Decimal(self.responded) * 100 / Decimal(self.contacted), "0.1")

    @property
    def return_ratio(self) -> Decimal | None:
        """Return: Won Value / Cost (0.1), as on the campaign card; None when the campaign cost nothing."""
        return bc_round(self.won_value / self.cost, "0.1") if self.cost else None

    @property
    def url(self) -> str:
        return reverse("campaigns:statistics", kwargs={"no": self.no})


def best_and_worst(limit: int = RANKED) -> tuple[list[CampaignRate], list[CampaignRate]]:
    """The campaigns with the highest and the lowest response rate (among those that contacted targets), in 3 queries.

    The rates come from the campaigns' day totals (a row per campaign and day), as the campaign list's do.

    A campaign among the best is not repeated among the worst.
    """
    per_campaign = (
        CampaignDayTotal.objects.values("campaign_id", "campaign__no", "campaign__description")
        .annotate(contacted=Sum("contacted"), responded=Sum("responded"), cost=Sum("cost"))
        .filter(contacted__gt=0)
        .annotate(rate=Cast("responded", FloatField()) / Cast("contacted", FloatField()))
    )
    best = list(per_campaign.order_by("-rate", "campaign__no")[:limit])
    best_ids = {row["campaign_id"] for row in best}
    worst = [
        row for row in per_campaign.order_by("rate", "-campaign__no")[:limit] if row["campaign_id"] not in best_ids
    ]
    ids = best_ids | {row["campaign_id"] for row in worst}
    won = {}
    if ids:
        won_rows = (
            OpportunityEntry.objects.filter(
                campaign_id__in=ids, active=True, action_taken=OpportunityEntry.ActionTaken.WON
            )
            .values("campaign_id")
            .annotate(won=Sum("calcd_current_value"))
            .order_by()
        )
        won = {row["campaign_id"]: as_decimal(row["won"]) for row in won_rows}

    def rate(row: dict) -> CampaignRate:
        return CampaignRate(
            no=row["campaign__no"],
            description=row["campaign__description"],
            contacted=row["contacted"],
            responded=row["responded"],
            cost=as_decimal(row["cost"]),
            won_value=won.get(row["campaign_id"], ZERO),
        )

    return [rate(row) for row in best], [rate(row) for row in worst]


def centre(user, today: datetime.date) -> dict:
    """Everything the Marketer's centre shows: 8 queries."""
    best, worst = best_and_worst()
    return {"cues": cues(user, today), "chart": responses_chart(today), "best": best, "worst": worst}
