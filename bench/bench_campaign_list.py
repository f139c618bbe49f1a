"""The campaign list at 50 rows per page over 10,000 campaigns vs a view that renders the same rows, with the same
figures (status badge, Response Rate %, Activated), from one raw query.

Both go through the Django test client with the same logged-in marketer, middleware, base layout and
navigation; ours adds the filter form, the count for the pagination, sorting links and the ORM. The page
in the middle of the list is measured so both pay the same OFFSET.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path

from bench.timing import Result

CAMPAIGNS = 10_000
PAGE_SIZE = 50
PAGE = 100
TARGET = 2.0
REPEAT = 41

# The same figures as ours: the status badge's rank (its colour), Activated and the Response Rate % of the row,
# computed for the page's 50 campaigns only (the page is taken first, as a careful hand-written query would).
BASELINE_SQL = """
    WITH page AS (SELECT * FROM campaigns_campaign ORDER BY no LIMIT %s OFFSET %s)
    SELECT c.no, c.description, s.code, s.description, c.starting_date, c.ending_date, p.code, p.name,
           c.last_date_modified, a.id IS NOT NULL,
           (SELECT COUNT(*) FROM campaigns_campaignstatus e
             WHERE e.sort_order < s.sort_order OR (e.sort_order = s.sort_order AND e.code < s.code)),
           r.contacted, r.responded
    FROM page c
    LEFT JOIN campaigns_campaignstatus s ON s.id = c.status_id
    LEFT JOIN salespeople_salesperson p ON p.id = c.salesperson_id
    LEFT JOIN pricing_campaignactivation a ON a.campaign_id = c.id
    LEFT JOIN LATERAL (SELECT SUM(d.contacted) AS contacted, SUM(d.responded) AS responded
                         FROM interactions_campaigndaytotal d WHERE d.campaign_id = c.id) r ON true
    ORDER BY c.no
"""
BASELINE_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}
<h1 class="h3">Campaigns</h1>
<div class="table-responsive"><table class="table table-sm table-hover align-middle">
<thead><tr><th>No.</th><th>Description</th><th>Status Code</th><th>Starting Date</th><th>Ending Date</th>
<th>Salesperson Code</th><th>Response Rate %</th><th>Activated</th><th>Last Date Modified</th></tr></thead><tbody>
{% for no, desc, status, status_desc, start, end, sp, sp_name, modified, activated, rank, rate in rows %}
<tr><td><a href="/campaigns/{{ no }}/">{{ no }}</a></td><td>{{ desc }}</td>
<td><span class="badge status-{{ rank }}" title="{{ status_desc }}">{{ status }}</span></td>
<td>{{ start|date:"Y-m-d" }}</td>
<td>{{ end|date:"Y-m-d" }}</td><td><span title="{{ sp_name }}">{{ sp }}</span></td><td>{{ rate }}</td>
<td>{{ activated|yesno:"Yes,No" }}</td><td>{{ modified|date:"Y-m-d"|default:"" }}</td></tr>
{% endfor %}</tbody></table></div>{% endblock %}"""
)


def baseline_view(request: HttpRequest) -> HttpResponse:
    """The same 50 rows from one hand-written query, rendered in the same layout."""
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [PAGE_SIZE, (PAGE - 1) * PAGE_SIZE])
        rows = [
            (*row[:11], round(row[12] * 100 / row[11], 1) if row[11] else 0)  # responded / contacted
            for row in cursor.fetchall()
        ]
    return HttpResponse(BASELINE_TEMPLATE.render({"rows": rows}, request))


urlpatterns = [
    path("bench/campaign-list-baseline/", baseline_view, name="bench_campaign_list_baseline"),
    path("", include("config.urls")),
]


def _fixtures() -> Client:
    from django.contrib.auth.models import Group

    from campaigns.models import Campaign, CampaignStatus
    from core import roles
    from core.models import User
    from salespeople.models import Salesperson

    roles.grant_role_permissions()
    statuses = CampaignStatus.objects.bulk_create(
        CampaignStatus(code=code, description=code[2:].title(), sort_order=n * 10)
        for n, code in enumerate(["1-PLAN", "2-SCHEDULE", "3-IN PROGRESS", "4-DONE"], start=1)
    )
    salespeople = Salesperson.objects.bulk_create(
        Salesperson(code=f"SP{n:02d}", name=f"Salesperson {n}") for n in range(20)
    )
    start = datetime.date(2024, 1, 1)
    Campaign.objects.bulk_create(
        (
            Campaign(
                no=f"CP{n:05d}",
                description=f"Campaign number {n} for the spring and summer season",
                starting_date=start + datetime.timedelta(days=n % 700),
                ending_date=start + datetime.timedelta(days=n % 700 + 30),
                status=statuses[n % len(statuses)],
                salesperson=salespeople[n % len(salespeople)],
                last_date_modified=start + datetime.timedelta(days=n % 900),
            )
            for n in range(1, CAMPAIGNS + 1)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE campaigns_campaign")
    user = User.objects.create(username="bench-marketer")
    user.groups.add(Group.objects.get(name=roles.MARKETER))
    client = Client()
    client.force_login(user)
    return client


def interleaved_medians(
    ours: Callable[[], object], baseline: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """Median times of both, measured in turns, so load from other processes hits both sides alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for func, bucket in ((ours, times[0]), (baseline, times[1])):
            start = time.perf_counter()
            func()
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def run() -> list[Result]:
    client = _fixtures()
    ours_url = f"/campaigns/?page={PAGE}"
    baseline_url = "/bench/campaign-list-baseline/"
    with override_settings(ROOT_URLCONF=__name__):
        ours_page, baseline_page = client.get(ours_url), client.get(baseline_url)
        assert ours_page.status_code == baseline_page.status_code == 200
        first_row = f"CP{(PAGE - 1) * PAGE_SIZE + 1:05d}"
        assert first_row in ours_page.text and first_row in baseline_page.text
        assert ours_page.text.count("<tr>") - 1 == baseline_page.text.count("<tr>") - 1 == PAGE_SIZE
        for _ in range(5):  # warm caches (templates, permissions, connection)
            client.get(ours_url)
            client.get(baseline_url)
        ours, baseline = interleaved_medians(
            lambda: client.get(ours_url), lambda: client.get(baseline_url), repeat=REPEAT
        )
    return [
        Result(
            name=f"campaign list, {PAGE_SIZE} rows of {CAMPAIGNS:,}",
            ours=ours,
            baseline=baseline,
            target=TARGET,
            note="test client, page 100",
        )
    ]
