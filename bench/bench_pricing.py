"""Campaign pricing: Activate over 100,000 targeted lines, and 1,000 best-price calculations.

1. Activate a campaign whose segment has 100,000 targeted lines (20,000 companies with a customer, each
   with its company line and four persons) plus 5,000 targeted interaction log entries. Ours is the whole
   service (lock, target check, activation row, INSERT … SELECT built by the ORM, the counts, commit); the
   baseline is the hand-written INSERT … SELECT DISTINCT … ON CONFLICT DO NOTHING, committed. A second
   activation must insert 0 rows.
2. 1,000 price calculations against 10,000 campaign price and discount rows in 200 activated campaigns.
   Ours is calculate_sales_line_price (at most 2 queries each, checked), as a sales line asks for it
   (explain=False: only the rows that can apply are read) and as the simulator asks for it (explain=True:
   every row of the buyer's and of all campaigns, each with its reason); the baseline is one raw query per
   line that returns the eligible price and discount rows for the buyer.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction

from bench.timing import Result, median_time

COMPANIES = 20_000
PERSONS_PER_COMPANY = 4  # + the company's own line = 100,000 lines
ENTRIES = 5_000
CAMPAIGNS = 200
ROWS_PER_CAMPAIGN = 50  # 25 prices + 25 discounts → 10,000 rows
ITEMS = 500
BUYERS = 1_000
CAMPAIGNS_PER_BUYER = 10
LOOKUPS = 1_000
REPEAT = 3


def _contact_columns() -> str:
    return (
        "no, name, type, company_name, address, post_code, city, country_region_code, territory_code, phone_no, "
        "email, correspondence_type, language_code, exclude_from_segment, privacy_blocked, version"
    )


def _activation_fixtures():
    """20,000 companies with customers and four persons each; one segment of 100,000 targeted lines."""
    from campaigns.models import Campaign
    from segments.models import SegmentHeader

    campaign = Campaign.objects.create(
        no="CPACT", description="Activation bench", starting_date=datetime.date(2026, 1, 1)
    )
    segment = SegmentHeader.objects.create(no="SMACT", description="Bench", campaign=campaign, campaign_target=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO contacts_contact ({_contact_columns()})
            SELECT 'CO' || lpad(i::text, 6, '0'), 'Company ' || i, 'company', 'Company ' || i, '', '', '', '', '',
                '', '', '', '', false, false, 0
            FROM generate_series(1, %s) AS i
            """,  # noqa: S608 - benchmark set-up: table and column names are fixed in the code
            [COMPANIES],
        )
        cursor.execute("UPDATE contacts_contact SET company_id = id WHERE type = 'company'")
        cursor.execute(
            f"""
            INSERT INTO contacts_contact ({_contact_columns()}, company_id)
            SELECT 'PE' || lpad((c.id * 10 + p)::text, 8, '0'), 'Person', 'person', c.name, '', '', '', '', '', '',
                '', '', '', false, false, 0, c.id
            FROM contacts_contact c CROSS JOIN generate_series(1, %s) AS p WHERE c.type = 'company'
            """,  # noqa: S608 - benchmark set-up: table and column names are fixed in the code
            [PERSONS_PER_COMPANY],
        )
        cursor.execute(
            """
            INSERT INTO pricing_customer (no, name, contact_id, allow_line_disc, blocked, version)
            SELECT 'CU' || c.no, c.name, c.id, true, '', 0 FROM contacts_contact c WHERE c.type = 'company'
            """
        )
        cursor.execute(
            """
            INSERT INTO segments_segmentline (segment_id, line_no, contact_id, contact_company_id, campaign_id,
                cost, duration, campaign_target, campaign_response, correspondence_type, information_flow,
                initiated_by, evaluation, description, attempt_failed, opportunity_no)
            SELECT %s, row_number() OVER (ORDER BY c.id) * 10000, c.id, c.company_id, %s, 0, 0, true, false, '', '',
                '', '', '', false, ''
            FROM contacts_contact c
            """,
            [segment.pk, campaign.pk],
        )
        cursor.execute(
            """
            INSERT INTO interactions_interactionlogentry (contact_id, contact_company_id, date, description,
                information_flow, initiated_by, cost, duration, campaign_id, campaign_target, campaign_response,
                segment_no, evaluation, attempt_failed, canceled, correspondence_type, opportunity_no, postponed)
            SELECT c.id, c.company_id, DATE '2026-01-02', '', '', '', 0, 0, %s, true, false, '', '', false, false,
                '', '', false
            FROM contacts_contact c WHERE c.type = 'person' ORDER BY c.id LIMIT %s
            """,
            [campaign.pk, ENTRIES],
        )
        cursor.execute("ANALYZE")
    return campaign


RAW_ACTIVATION = """
    INSERT INTO pricing_campaigntargetgroup (type, customer_id, contact_id, campaign_id)
    SELECT DISTINCT CASE WHEN cu.id IS NULL THEN 'contact' ELSE 'customer' END, cu.id,
        CASE WHEN cu.id IS NULL THEN s.company_id END, s.campaign_id
    FROM (
        SELECT COALESCE(l.contact_company_id, l.contact_id) AS company_id, l.campaign_id
        FROM segments_segmentline l WHERE l.campaign_id = %(campaign)s AND l.campaign_target
        UNION
        SELECT COALESCE(e.contact_company_id, e.contact_id), e.campaign_id
        FROM interactions_interactionlogentry e
        WHERE e.campaign_id = %(campaign)s AND e.campaign_target AND NOT e.postponed
    ) AS s
    LEFT JOIN pricing_customer cu ON cu.contact_id = s.company_id
    ON CONFLICT DO NOTHING
"""


def _clear_targets() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM pricing_campaigntargetgroup")
        cursor.execute("DELETE FROM pricing_campaignactivation")
        cursor.execute("VACUUM ANALYZE pricing_campaigntargetgroup")


def bench_activation() -> Result:
    from pricing.models import CampaignTargetGroup
    from pricing.services import activate_campaign

    campaign = _activation_fixtures()

    def ours() -> None:
        activate_campaign(campaign=campaign)

    def baseline() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(RAW_ACTIVATION, {"campaign": campaign.pk})

    ours_time = median_time(ours, repeat=REPEAT, setup=_clear_targets)
    baseline_time = median_time(baseline, repeat=REPEAT, setup=_clear_targets)
    _clear_targets()
    first = activate_campaign(campaign=campaign)
    second = activate_campaign(campaign=campaign)
    rows = CampaignTargetGroup.objects.filter(campaign=campaign).count()
    assert second.inserted == 0, f"the second activation inserted {second.inserted} rows"
    assert first.inserted == rows == COMPANIES, (first.inserted, rows)
    return Result(
        "activate 100,000 targeted lines + 5,000 entries (20,000 customers)",
        ours_time,
        baseline_time,
        1.5,
        note=f"{first.inserted} rows inserted, second activation inserted {second.inserted}",
    )


# --- price calculation ---------------------------------------------------------------------------------


def _calculation_fixtures(rng: random.Random):
    """500 items, 1,000 customers, 200 activated campaigns with 25 prices and 25 discounts each."""
    from campaigns.models import Campaign
    from pricing.models import (
        CampaignActivation,
        CampaignTargetGroup,
        Customer,
        Item,
        ItemUnitOfMeasure,
        SalesLineDiscount,
        SalesPrice,
    )

    items = Item.objects.bulk_create(
        Item(no=f"BI{i:05d}", description=f"Item {i}", unit_price=Decimal(100), base_unit_of_measure="PCS")
        for i in range(ITEMS)
    )
    ItemUnitOfMeasure.objects.bulk_create(ItemUnitOfMeasure(item=item, code="PCS") for item in items)
    customers = Customer.objects.bulk_create(Customer(no=f"BC{i:05d}", name=f"Buyer {i}") for i in range(BUYERS))
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            no=f"BP{i:04d}",
            description=f"Campaign {i}",
            starting_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 60),
            ending_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 90),
        )
        for i in range(CAMPAIGNS)
    )
    CampaignActivation.objects.bulk_create(CampaignActivation(campaign=c) for c in campaigns)
    CampaignTargetGroup.objects.bulk_create(
        CampaignTargetGroup(type="customer", customer=customer, campaign=campaign)
        for customer in customers
        for campaign in rng.sample(campaigns, CAMPAIGNS_PER_BUYER)
    )
    prices, discounts = [], []
    for campaign in campaigns:
        for n, item in enumerate(rng.sample(items, ROWS_PER_CAMPAIGN)):
            dates = {"starting_date": campaign.starting_date, "ending_date": campaign.ending_date}
            if n % 2:
                prices.append(
                    SalesPrice(
                        item=item,
                        sales_type="campaign",
                        campaign=campaign,
                        unit_price=Decimal(rng.randint(50, 99)),
                        minimum_quantity=Decimal(rng.choice([0, 0, 5, 10])),
                        **dates,
                    )
                )
            else:
                discounts.append(
                    SalesLineDiscount(
                        type="item",
                        item=item,
                        sales_type="campaign",
                        campaign=campaign,
                        line_discount_pct=Decimal(rng.randint(1, 30)),
                        minimum_quantity=Decimal(rng.choice([0, 0, 5, 10])),
                        **dates,
                    )
                )
    SalesPrice.objects.bulk_create(prices)
    SalesLineDiscount.objects.bulk_create(discounts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    lines = [
        (
            rng.choice(customers),
            rng.choice(items),
            datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 120)),
            Decimal(rng.randint(1, 12)),
        )
        for _ in range(LOOKUPS)
    ]
    return lines, len(prices) + len(discounts)


RAW_LOOKUP = """
    SELECT 'price', p.id, p.unit_price, p.minimum_quantity, p.unit_of_measure_code, p.allow_line_disc
    FROM pricing_salesprice p
    WHERE p.item_id = %(item)s
      AND (p.starting_date IS NULL OR p.starting_date <= %(date)s)
      AND (p.ending_date IS NULL OR p.ending_date >= %(date)s)
      AND p.currency_id IS NULL AND p.variant_code = '' AND p.unit_of_measure_code IN ('', %(uom)s)
      AND (p.sales_type = 'all_customers' OR (p.sales_type = 'customer' AND p.customer_id = %(customer)s)
           OR (p.sales_type = 'campaign' AND p.campaign_id IN
               (SELECT g.campaign_id FROM pricing_campaigntargetgroup g WHERE g.customer_id = %(customer)s)))
    UNION ALL
    SELECT 'discount', d.id, d.line_discount_pct, d.minimum_quantity, d.unit_of_measure_code, true
    FROM pricing_saleslinediscount d
    WHERE d.type = 'item' AND d.item_id = %(item)s
      AND (d.starting_date IS NULL OR d.starting_date <= %(date)s)
      AND (d.ending_date IS NULL OR d.ending_date >= %(date)s)
      AND d.currency_id IS NULL AND d.variant_code = '' AND d.unit_of_measure_code IN ('', %(uom)s)
      AND (d.sales_type = 'all_customers' OR (d.sales_type = 'customer' AND d.customer_id = %(customer)s)
           OR (d.sales_type = 'campaign' AND d.campaign_id IN
               (SELECT g.campaign_id FROM pricing_campaigntargetgroup g WHERE g.customer_id = %(customer)s)))
"""


def bench_calculation() -> list[Result]:
    from pricing.services import calculate_sales_line_price

    lines, rows = _calculation_fixtures(random.Random(7))
    queries = []

    def count_queries(execute, sql, params, many, context):
        queries[-1] += 1
        return execute(sql, params, many, context)

    def ours(explain: bool):
        def calculate() -> None:
            with connection.execute_wrapper(count_queries):
                for customer, item, date, quantity in lines:
                    queries.append(0)
                    calculate_sales_line_price(
                        customer=customer, item=item, date=date, quantity=quantity, explain=explain
                    )

        return calculate

    def baseline() -> None:
        with connection.cursor() as cursor:
            for customer, item, date, _quantity in lines:
                cursor.execute(RAW_LOOKUP, {"item": item.pk, "customer": customer.pk, "date": date, "uom": "PCS"})
                cursor.fetchall()

    baseline_time = median_time(baseline, repeat=REPEAT)
    results = []
    for explain, mode in ((False, "sales line"), (True, "simulator, every candidate explained")):
        ours_time = median_time(ours(explain), repeat=REPEAT)
        assert max(queries) <= 2, f"a calculation took {max(queries)} queries"
        results.append(
            Result(
                f"{LOOKUPS} price calculations ({mode}), {rows} rows in {CAMPAIGNS} campaigns",
                ours_time,
                baseline_time,
                3.0,
                note=f"at most {max(queries)} queries per calculation",
            )
        )
    return results


def run() -> list[Result]:
    return [bench_activation(), *bench_calculation()]
