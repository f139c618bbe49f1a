"""The Administrator's role centre: setup health (number series, status codes, users without a role, jobs)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import CampaignStatus
from core import roles
from core.models import Job, MarketingSetup, NoSeries, User
from rolecentres.cues import Cue, list_url

# Marketing Setup's number series fields, in the order of its page.
SERIES_FIELDS = [
    "campaign_nos",
    "segment_nos",
    "task_nos",
    "contact_nos",
    "opportunity_nos",
    "item_nos",
    "customer_nos",
]
# A series is near its end when fewer than this share of the numbers its digits can hold are left (CP9001 of CP9999).
NEAR_END_SHARE = 0.1
FAILED_JOBS_DAYS = 7
JOBS_SHOWN = 5


@dataclass(frozen=True)
class SeriesProblem:
    field: str  # the Marketing Setup caption
    series: NoSeries | None  # None: the field points to no series
    remaining: int | None = None  # numbers left before the digits run out

    @property
    def url(self) -> str:
        return self.series.get_absolute_url() if self.series else reverse("core:marketing_setup")


@dataclass
class SetupHealth:
    cues: list[Cue]
    series_problems: list[SeriesProblem]
    jobs: list[Job]  # the latest failed and stale jobs


def numbers_left(series: NoSeries) -> int | None:
    """How many numbers the series can still give before its digits run out (CP9999 → CP10000 sorts wrong).

    The series has no Ending No.; the width of its digits is the end it has. None when it has no digits.
    """
    last = series.last_no_used or series.starting_no
    match = re.search(r"(\d+)\D*$", last)
    if not match:
        return None
    digits = match.group(1)
    used = int(digits) - (0 if series.last_no_used else 1)
    return (10 ** len(digits) - 1 - used) // max(series.increment_by, 1)


def series_problems(setup: MarketingSetup | None) -> list[SeriesProblem]:
    """The Marketing Setup fields that point to no series, and the series near the end of their digits."""
    problems = []
    for name in SERIES_FIELDS:
        caption = str(MarketingSetup._meta.get_field(name).verbose_name)
        series = getattr(setup, name) if setup else None
        if series is None:
            problems.append(SeriesProblem(caption, None))
            continue
        left = numbers_left(series)
        capacity = numbers_left(NoSeries(starting_no=series.starting_no, increment_by=series.increment_by))
        if left is not None and capacity and left < capacity * NEAR_END_SHARE:
            problems.append(SeriesProblem(caption, series, left))
    return problems


def problem_jobs(now: datetime.datetime):
    """Jobs that failed in the last FAILED_JOBS_DAYS days, and queued or running jobs whose worker died."""
    failed = Q(status=Job.Status.FAILED, created_at__gte=now - datetime.timedelta(days=FAILED_JOBS_DAYS))
    stale = Q(pk__in=Job.objects.stale(now=now).values("pk"))
    return Job.objects.filter(failed | stale)


def setup_health(now: datetime.datetime | None = None) -> SetupHealth:
    """The Administrator's cues and lists, in five queries."""
    now = now or timezone.now()
    setup = MarketingSetup.objects.select_related(*SERIES_FIELDS).filter(pk=1).first()
    problems = series_problems(setup)
    unsorted_statuses = CampaignStatus.objects.filter(sort_order=0).count()
    without_role = User.objects.exclude(groups__name__in=roles.ROLES).count()
    jobs = problem_jobs(now)
    job_figures = jobs.aggregate(
        failed=Count("pk", filter=Q(status=Job.Status.FAILED)), stale=Count("pk", filter=~Q(status=Job.Status.FAILED))
    )
    cues = [
        Cue(
            "series_missing",
            _("Number series missing in Marketing Setup"),
            sum(problem.series is None for problem in problems),
            reverse("core:marketing_setup"),
            tone="danger" if any(problem.series is None for problem in problems) else "",
        ),
        Cue(
            "series_near_end",
            _("Number series near their end"),
            sum(problem.series is not None for problem in problems),
            reverse("core:noseries_list"),
            tone="warning" if any(problem.series is not None for problem in problems) else "",
        ),
        Cue(
            "statuses_without_sort_order",
            _("Campaign status codes without Sort Order"),
            unsorted_statuses,
            list_url("campaigns:status_list", no_sort_order="true"),
            tone="warning" if unsorted_statuses else "",
        ),
        Cue(
            "users_without_role",
            _("Users without a role"),
            without_role,
            list_url("salespeople:user_list", role="none"),
            tone="warning" if without_role else "",
        ),
        Cue(
            "failed_jobs",
            _("Failed jobs (last %(days)d days)") % {"days": FAILED_JOBS_DAYS},
            job_figures["failed"],
            tone="danger" if job_figures["failed"] else "",
        ),
        Cue("stale_jobs", _("Stale jobs"), job_figures["stale"], tone="danger" if job_figures["stale"] else ""),
    ]
    listed = list(jobs.select_related("created_by").order_by("-created_at")[:JOBS_SHOWN])
    return SetupHealth(cues=cues, series_problems=problems, jobs=listed)
