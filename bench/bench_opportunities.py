"""Opportunities at scale: 100,000 opportunities with 500,000 entries (5 each, exactly one Active).

- Pipeline page of a 5-stage cycle (80,000 open opportunities) vs a view that renders the same figures
  (column heads, funnel and forecast) from one raw GROUP BY … GROUPING SETS query and the same capped
  cards from one raw ROW_NUMBER() query, in the same layout.
- A campaign's Opportunities block (the htmx fragment; 2,000 opportunities on each of 50 campaigns) vs
  the same figures from one raw GROUP BY query.

Both sides of each pair go through the Django test client with the same logged-in sales manager. The
query count of both pages is checked at 1,000 and at 100,000 opportunities (it must not change).
Another benchmark of this module (Create Opportunities from a segment) can be added as one more
function called from `run()`.
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
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from bench.timing import Result

OPPORTUNITIES = 100_000
SMALL = 1_000  # the query counts are compared at this size and at OPPORTUNITIES
ENTRIES_PER_OPPORTUNITY = 5
CAMPAIGNS = 50
STAGES = 5
CARDS = 25
TARGET = 2.0
REPEAT = 21
CYCLE = "BENCH"
CAMPAIGN = "CP0001"
CYCLE_ID: list[int] = []  # set by run()
START = datetime.date(2024, 1, 1)

# --- baselines ----------------------------------------------------------------------------------

# One GROUP BY for every figure of the page: per stage (column heads, funnel) and per month (forecast).
PIPELINE_FIGURES_SQL = """
    SELECT GROUPING(e.sales_cycle_stage) AS by_month, e.sales_cycle_stage, e.sales_cycle_stage_description,
           date_trunc('month', e.estimated_close_date)::date AS month, count(*), sum(e.calcd_current_value)
    FROM opportunities_opportunity o
    JOIN opportunities_opportunityentry e ON e.opportunity_id = o.id AND e.active
    WHERE e.sales_cycle_id = %s AND NOT o.closed AND e.sales_cycle_stage > 0
    GROUP BY GROUPING SETS ((e.sales_cycle_stage, e.sales_cycle_stage_description),
                            (date_trunc('month', e.estimated_close_date)))
    ORDER BY 1, 2, 4
"""
# The window runs over the narrow opportunity+entry rows; contacts and salespeople are joined to the cards only.
PIPELINE_CARDS_SQL = """
    SELECT n.stage, o.no, o.description, ct.name, sp.code, sp.name, n.estimated_value, n.calcd_current_value,
           n.closing
    FROM (
        SELECT e.opportunity_id, e.sales_cycle_stage AS stage, e.estimated_value, e.calcd_current_value,
               e.estimated_close_date AS closing,
               row_number() OVER (PARTITION BY e.sales_cycle_stage
                                  ORDER BY e.estimated_close_date NULLS LAST, o.no) AS position
        FROM opportunities_opportunity o
        JOIN opportunities_opportunityentry e ON e.opportunity_id = o.id AND e.active
        WHERE e.sales_cycle_id = %s AND NOT o.closed AND e.sales_cycle_stage > 0
    ) n
    JOIN opportunities_opportunity o ON o.id = n.opportunity_id
    JOIN contacts_contact ct ON ct.id = o.contact_id
    JOIN salespeople_salesperson sp ON sp.id = o.salesperson_id
    WHERE n.position <= %s
    ORDER BY n.stage, n.position
"""
PIPELINE_TEMPLATE = engines["django"].from_string(
    """{% extends "base.html" %}{% block content %}
<h1 class="h3 mb-3">Pipeline · {{ cycle }}</h1>
<div class="row g-4"><div class="col-xl-8"><div class="pipeline-board d-flex gap-3 overflow-auto pb-2">
{% for column in columns %}<section class="pipeline-column flex-shrink-0">
<header><h3 class="h6 mb-0">{{ column.stage }} {{ column.description }}</h3>
<div class="small text-muted">{{ column.count }} · {{ column.calcd|floatformat:"2g" }}</div></header>
{% for card in column.cards %}<article class="card mb-2 pipeline-card"><div class="card-body p-2 small">
<h4 class="h6 mb-1"><a href="/opportunities/{{ card.1 }}/">{{ card.1 }}</a> {{ card.2 }}</h4>
<div>{{ card.3 }}</div><div class="text-muted">{{ card.4 }} {{ card.5 }}</div>
<dl class="pipeline-figures mb-1"><dt>Estimated Value (LCY)</dt><dd>{{ card.6|floatformat:"2g" }}</dd>
<dt>Calcd. Current Value (LCY)</dt><dd>{{ card.7|floatformat:"2g" }}</dd>
<dt>Estimated Closing Date</dt><dd>{{ card.8|date:"Y-m-d" }}</dd></dl>
<a class="btn btn-sm" href="/opportunities/{{ card.1 }}/update/?action=next">Next</a>
<a class="btn btn-sm" href="/opportunities/{{ card.1 }}/close/">Close</a></div></article>{% endfor %}
{% if column.count > column.cards|length %}<a href="/opportunities/?stage={{ column.stage }}">more…</a>{% endif %}
</section>{% endfor %}</div></div>
<div class="col-xl-4"><table class="table table-sm"><tbody>
{% for column in columns %}<tr><th>{{ column.stage }}</th><td>{{ column.count }}</td>
<td>{{ column.calcd|floatformat:"2g" }}</td></tr>{% endfor %}</tbody></table>
<table class="table table-sm"><tbody>{% for month in months %}<tr><th>{{ month.0|date:"Y-m" }}</th>
<td>{{ month.1 }}</td><td>{{ month.2|floatformat:"2g" }}</td></tr>{% endfor %}</tbody></table></div></div>
{% endblock %}"""
)

CAMPAIGN_SQL = """
    SELECT count(*), sum(e.estimated_value), sum(e.calcd_current_value),
           count(*) FILTER (WHERE e.action_taken = 'won'),
           coalesce(sum(e.calcd_current_value) FILTER (WHERE e.action_taken = 'won'), 0),
           (SELECT coalesce(sum(i.cost), 0) FROM interactions_interactionlogentry i
            WHERE i.campaign_id = c.id AND NOT i.canceled AND NOT i.postponed)
    FROM campaigns_campaign c
    LEFT JOIN opportunities_opportunityentry e ON e.campaign_id = c.id AND e.active
    WHERE c.no = %s
    GROUP BY c.id
"""
CAMPAIGN_TEMPLATE = engines["django"].from_string(
    """<section class="mb-3"><h2 class="h5">Opportunities</h2><dl class="row row-cols-2 row-cols-md-3 g-3 mb-0">
<div class="col"><dt>No. of Opportunities</dt><dd>{{ row.0 }}</dd></div>
<div class="col"><dt>Estimated Value (LCY)</dt><dd>{{ row.1|floatformat:"2g" }}</dd></div>
<div class="col"><dt>Calcd. Current Value (LCY)</dt><dd>{{ row.2|floatformat:"2g" }}</dd></div>
<div class="col"><dt>Won Opportunities</dt><dd>{{ row.3 }}</dd></div>
<div class="col"><dt>Won Value (LCY)</dt><dd>{{ row.4|floatformat:"2g" }}</dd></div>
<div class="col"><dt>Cost per Won Opportunity (LCY)</dt><dd>{{ per_won|floatformat:"2g" }}</dd></div>
<div class="col"><dt>Return</dt><dd>{{ ratio|floatformat:"1g" }}×</dd></div></dl></section>"""
)


def pipeline_baseline(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        # The cycle's id is looked up once, outside the timing: the baseline gets that for free.
        cursor.execute(PIPELINE_FIGURES_SQL, [CYCLE_ID[0]])
        figures = cursor.fetchall()
        cursor.execute(PIPELINE_CARDS_SQL, [CYCLE_ID[0], CARDS])
        cards = cursor.fetchall()
    columns = [
        {"stage": stage, "description": description, "count": count, "calcd": calcd, "cards": []}
        for by_month, stage, description, _month, count, calcd in figures
        if not by_month
    ]
    by_stage = {column["stage"]: column for column in columns}
    for card in cards:
        by_stage[card[0]]["cards"].append(card)
    months = [(month, count, calcd) for by_month, _s, _d, month, count, calcd in figures if by_month and month]
    context = {"cycle": CYCLE, "columns": columns, "months": months}
    return HttpResponse(PIPELINE_TEMPLATE.render(context, request))


def campaign_baseline(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(CAMPAIGN_SQL, [request.GET["campaign"]])
        row = cursor.fetchone()
    cost = row[5]
    context = {"row": row, "per_won": cost / row[3] if row[3] else 0, "ratio": row[4] / cost if cost else 0}
    return HttpResponse(CAMPAIGN_TEMPLATE.render(context, request))


urlpatterns = [
    path("bench/pipeline-baseline/", pipeline_baseline),
    path("bench/campaign-statistics-baseline/", campaign_baseline),
    path("", include("config.urls")),
]

# --- fixtures -----------------------------------------------------------------------------------


def _setup() -> Client:
    """Users, salespeople, contacts, campaigns with logged cost, a 5-stage cycle; no opportunities yet."""
    from django.contrib.auth.models import Group

    from campaigns.models import Campaign
    from core import roles
    from core.models import MarketingSetup, User
    from opportunities.models import SalesCycle, SalesCycleStage
    from salespeople.models import Salesperson

    roles.grant_role_permissions()
    Salesperson.objects.bulk_create(Salesperson(code=f"SP{n:02d}", name=f"Salesperson {n}") for n in range(20))
    Campaign.objects.bulk_create(
        Campaign(
            no=f"CP{n:04d}", description=f"Campaign {n}", starting_date=START, ending_date=START.replace(year=2025)
        )
        for n in range(1, CAMPAIGNS + 1)
    )
    cycle = SalesCycle.objects.create(code=CYCLE, description="Bench cycle")
    SalesCycleStage.objects.bulk_create(
        SalesCycleStage(
            sales_cycle=cycle,
            stage=stage,
            description=f"Stage {stage}",
            completed_pct=stage * 18,
            chances_of_success_pct=40 + stage * 10,
            date_formula="2W",
        )
        for stage in range(1, STAGES + 1)
    )
    setup = MarketingSetup.get()
    setup.default_sales_cycle = cycle
    setup.save()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO contacts_contact (no, name, type, company_name, address, post_code, city,
                country_region_code, territory_code, phone_no, email, correspondence_type, language_code,
                exclude_from_segment, privacy_blocked, version)
            SELECT 'BC' || lpad(i::text, 6, '0'), 'Contact company ' || i, 'company', '', '', '', '', '', '', '',
                'c' || i || '@example.com', 'email', '', false, false, 0
            FROM generate_series(1, 5000) AS i
            """
        )
        cursor.execute("UPDATE contacts_contact SET company_id = id")
        # 200 logged interactions per campaign, 25.00 each: a cost of 5,000 per campaign.
        cursor.execute(
            """
            INSERT INTO interactions_interactionlogentry (contact_id, contact_company_id, date, description,
                information_flow, initiated_by, cost, duration, campaign_id, campaign_target, campaign_response,
                segment_no, evaluation, attempt_failed, canceled, correspondence_type, opportunity_no, postponed)
            SELECT ct.id, ct.id, %s::date + (i %% 90), 'Bench mailing', 'outbound', 'us', 25, 5, cp.id, true,
                i %% 10 = 0, '', '', false, false, 'email', '', false
            FROM generate_series(1, 200) AS i
            CROSS JOIN campaigns_campaign cp
            JOIN contacts_contact ct ON ct.no = 'BC' || lpad(i::text, 6, '0')
            """,
            [START],
        )
    user = User.objects.create(username="bench-manager")
    user.groups.add(Group.objects.get(name=roles.SALES_MANAGER))
    client = Client()
    client.force_login(user)
    return client


def _add_opportunities(first: int, last: int) -> None:
    """Opportunities first..last with 5 entries each (the 5th Active): 80% open, 10% won, 10% lost."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO opportunities_opportunity (no, description, salesperson_id, campaign_id, contact_id,
                contact_company_id, sales_cycle_id, sales_quote_no, creation_date, status, priority, closed,
                date_closed, version)
            SELECT 'OP' || lpad(g::text, 6, '0'), 'Bench opportunity ' || g,
                (SELECT min(id) FROM salespeople_salesperson) + g %% 20,
                (SELECT min(id) FROM campaigns_campaign) + (g / 10) %% %s,
                (SELECT min(id) FROM contacts_contact) + g %% 5000,
                (SELECT min(id) FROM contacts_contact) + g %% 5000,
                (SELECT id FROM opportunities_salescycle WHERE code = %s), '', %s::date,
                CASE g %% 10 WHEN 0 THEN 'won' WHEN 1 THEN 'lost' ELSE 'in_progress' END, 'normal',
                g %% 10 < 2, CASE WHEN g %% 10 < 2 THEN %s::date + 60 END, 0
            FROM generate_series(%s, %s) AS g
            """,
            [CAMPAIGNS, CYCLE, START, START, first, last],
        )
        # Entry k of 5: stages 1..4 walk up to the opportunity's stage; the 5th is the Active one: its stage
        # (open), or the Won/Lost closing (stage 0). Values: 1,000..100,900; Calcd. = value × probability.
        cursor.execute(
            """
            INSERT INTO opportunities_opportunityentry (opportunity_id, sales_cycle_id, sales_cycle_stage,
                sales_cycle_stage_description, previous_sales_cycle_stage, contact_id, contact_company_id,
                salesperson_id, campaign_id, date_of_change, active, days_open, action_taken, estimated_value,
                calcd_current_value, completed_pct, chances_of_success_pct, probability_pct, estimated_close_date,
                date_closed)
            SELECT o.id, o.sales_cycle_id, x.stage, CASE WHEN x.stage > 0 THEN 'Stage ' || x.stage ELSE '' END,
                greatest(x.stage - 1, 0), o.contact_id, o.contact_company_id, o.salesperson_id, o.campaign_id,
                %s::date + k * 7, k = 5, CASE WHEN k = 5 THEN 0 ELSE 7 END,
                CASE WHEN k = 1 THEN '' WHEN k < 5 OR NOT o.closed THEN 'next' ELSE o.status END,
                v.value,
                CASE WHEN o.status = 'won' AND k = 5 THEN v.value * 0.9 WHEN o.status = 'lost' AND k = 5 THEN 0
                     ELSE round(v.value * x.stage * 0.12, 2) END,
                CASE WHEN k = 5 AND o.closed THEN 100 ELSE x.stage * 18 END,
                CASE WHEN k = 5 AND o.closed THEN (o.status = 'won')::int * 100 ELSE 40 + x.stage * 10 END,
                CASE WHEN k = 5 AND o.closed THEN (o.status = 'won')::int * 100 ELSE x.stage * 12 END,
                CASE WHEN k = 5 AND o.closed THEN %s::date + 60 ELSE %s::date + 30 + (o.id %% 365)::int END,
                CASE WHEN k = 5 AND o.closed THEN %s::date + 60 END
            FROM opportunities_opportunity o
            CROSS JOIN generate_series(1, 5) AS k
            CROSS JOIN LATERAL (SELECT 1000 + (o.id %% 1000) * 100 AS value) v
            CROSS JOIN LATERAL (
                SELECT CASE WHEN k = 5 AND o.closed THEN 0 ELSE least(k, 1 + o.id %% 5) END AS stage
            ) x
            WHERE o.no BETWEEN 'OP' || lpad(%s::text, 6, '0') AND 'OP' || lpad(%s::text, 6, '0')
            ORDER BY o.id, k
            """,
            [START, START, START, START, first, last],
        )
        cursor.execute("VACUUM ANALYZE opportunities_opportunity")
        cursor.execute("VACUUM ANALYZE opportunities_opportunityentry")


# --- measuring ----------------------------------------------------------------------------------


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


def query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PIPELINE_URL = f"/opportunities/pipeline/?sales_cycle={CYCLE}"
STATISTICS_URL = f"/opportunities/campaign-statistics/?campaign={CAMPAIGN}"


def _compare(client: Client, name: str, ours_url: str, baseline_url: str, checks: list[str], note: str) -> Result:
    ours_page, baseline_page = client.get(ours_url), client.get(baseline_url)
    assert ours_page.status_code == baseline_page.status_code == 200
    for text in checks:  # both pages show the same figures
        assert text in ours_page.text, (name, text)
        assert text in baseline_page.text, (name, text)
    for _ in range(3):  # warm caches (templates, permissions, connection)
        client.get(ours_url)
        client.get(baseline_url)
    ours, baseline = interleaved_medians(lambda: client.get(ours_url), lambda: client.get(baseline_url), repeat=REPEAT)
    return Result(name=name, ours=ours, baseline=baseline, target=TARGET, note=note)


def _figures() -> tuple[list[str], list[str]]:
    """Texts both pages must show: every column head's count and value, and the campaign's figures."""
    from campaigns.models import Campaign
    from opportunities.models import Opportunity, SalesCycle
    from opportunities.statistics import campaign_opportunity_statistics, pipeline

    board = pipeline(Opportunity.objects.all(), SalesCycle.objects.get(code=CYCLE))
    heads = [f"{column.calcd_current_value:,.2f}" for column in board.columns]
    stats = campaign_opportunity_statistics(Campaign.objects.get(no=CAMPAIGN))
    campaign = [f"{stats.estimated_value:,.2f}", f"{stats.won_value:,.2f}", f"{stats.cost_per_won_opportunity:,.2f}"]
    return heads, campaign


def run() -> list[Result]:
    client = _setup()
    from opportunities.models import SalesCycle

    CYCLE_ID[:] = [SalesCycle.objects.get(code=CYCLE).pk]
    with override_settings(ROOT_URLCONF=__name__):
        _add_opportunities(1, SMALL)
        client.get(PIPELINE_URL), client.get(STATISTICS_URL)  # warm up before counting
        small = (query_count(client, PIPELINE_URL), query_count(client, STATISTICS_URL))
        _add_opportunities(SMALL + 1, OPPORTUNITIES)
        # Warm up again: building 100,000 rows takes over a minute, and the first request after a minute
        # re-saves the session (core.security's idle timeout), one UPDATE that is not the page's.
        client.get(PIPELINE_URL), client.get(STATISTICS_URL)
        large = (query_count(client, PIPELINE_URL), query_count(client, STATISTICS_URL))
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*), count(*) FILTER (WHERE active) FROM opportunities_opportunityentry")
            entries, active = cursor.fetchone()
        assert (entries, active) == (OPPORTUNITIES * ENTRIES_PER_OPPORTUNITY, OPPORTUNITIES)
        print(
            f"queries per request at {SMALL:,} / {OPPORTUNITIES:,} opportunities: "
            f"pipeline {small[0]} / {large[0]}, campaign statistics {small[1]} / {large[1]}"
            f" {'SAME' if small == large else 'DIFFERENT'}",
            flush=True,
        )
        assert small == large, "the query count grows with the opportunities"
        heads, campaign = _figures()
        results = [
            _compare(
                client,
                f"pipeline page, {OPPORTUNITIES:,} opportunities / {entries:,} entries",
                PIPELINE_URL,
                "/bench/pipeline-baseline/",
                heads,
                f"{small[0]} queries at both sizes; baseline 1 GROUP BY + 1 ROW_NUMBER query",
            ),
            _compare(
                client,
                f"campaign statistics fragment, {OPPORTUNITIES // CAMPAIGNS:,} opportunities of the campaign",
                STATISTICS_URL,
                f"/bench/campaign-statistics-baseline/?campaign={CAMPAIGN}",
                campaign,
                f"{small[1]} queries at both sizes; baseline 1 GROUP BY query",
            ),
        ]
    return results
