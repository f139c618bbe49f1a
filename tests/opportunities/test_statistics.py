"""A campaign's Opportunities block (OPPORTUNITIES.md §7, §9 E10/E12; DOMAIN A.12) and its htmx fragment."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from opportunities.models import Opportunity, OpportunityEntry
from opportunities.statistics import campaign_opportunity_statistics
from tests.campaigns.factories import CampaignFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.opportunities.factories import OpportunityEntryFactory, OpportunityFactory, new_sales_cycle

pytestmark = pytest.mark.django_db

WON, LOST, NEXT = OpportunityEntry.ActionTaken.WON, OpportunityEntry.ActionTaken.LOST, OpportunityEntry.ActionTaken.NEXT


def opportunity(no, *, campaign, cycle, entries=(), status=Opportunity.Status.IN_PROGRESS, **fields):
    """An opportunity with its ledger: (stage, action, estimated, calcd, date) per entry, the last one Active."""
    closing = entries[-1][4] if entries and entries[-1][1] in (WON, LOST) else None
    opp = OpportunityFactory(
        no=no,
        campaign=campaign,
        sales_cycle=cycle,
        status=status,
        closed=closing is not None,
        date_closed=closing,
        **fields,
    )
    for index, (stage, action, estimated, calcd, date) in enumerate(entries):
        last = index == len(entries) - 1
        OpportunityEntryFactory(
            opportunity=opp,
            sales_cycle_stage=stage,
            action_taken=action,
            estimated_value=Decimal(estimated),
            calcd_current_value=Decimal(calcd),
            date_of_change=date,
            active=last,
            days_open=0 if last else 1,
        )
    return opp


def e10():
    """OPPORTUNITIES.md §9 E10: OP1–OP4 on CP0001 (in progress, won, lost, not started), OP5 on CP0002."""
    cycle = new_sales_cycle()
    cp1, cp2 = CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    d = datetime.date
    opportunity(
        "OP1",
        campaign=cp1,
        cycle=cycle,
        entries=[(1, "", 10000, 500, d(2024, 3, 4)), (2, NEXT, 10000, 1800, d(2024, 3, 14))],
    )
    opportunity(
        "OP2",
        campaign=cp1,
        cycle=cycle,
        status=Opportunity.Status.WON,
        entries=[(4, "", 8000, 5120, d(2024, 3, 4)), (0, WON, 8000, 7500, d(2024, 4, 15))],
    )
    opportunity(
        "OP3",
        campaign=cp1,
        cycle=cycle,
        status=Opportunity.Status.LOST,
        entries=[(2, "", 5000, 900, d(2024, 3, 4)), (0, LOST, 5000, 0, d(2024, 4, 1))],
    )
    opportunity("OP4", campaign=cp1, cycle=cycle, status=Opportunity.Status.NOT_STARTED)
    opportunity("OP5", campaign=cp2, cycle=cycle, entries=[(1, "", 4000, 400, d(2024, 3, 4))])
    return cp1, cp2


def figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="(\w+)">(?:<span[^>]*>)?([^<]*)<', html))


def test_e10_campaign_figures_count_active_entries_won_and_lost_included():
    cp1, cp2 = e10()
    stats = campaign_opportunity_statistics(cp1)
    assert (stats.no_of_opportunities, stats.estimated_value, stats.calcd_current_value) == (3, 23000, 9300)
    assert (stats.no_of_won_opportunities, stats.won_value) == (1, 7500)
    stats = campaign_opportunity_statistics(cp2)
    assert (stats.no_of_opportunities, stats.estimated_value, stats.calcd_current_value) == (1, 4000, 400)
    assert (stats.no_of_won_opportunities, stats.won_value) == (0, 0)


def test_e12_deleting_the_won_opportunity_removes_it_from_the_campaign_figures():
    cp1, _cp2 = e10()
    Opportunity.objects.get(no="OP2").delete()
    stats = campaign_opportunity_statistics(cp1)
    assert (stats.no_of_opportunities, stats.estimated_value, stats.calcd_current_value) == (2, 15000, 1800)
    assert stats.won_value == 0


def test_campaign_figures_take_one_aggregate_query_plus_the_cost(django_assert_num_queries):
    cp1, _cp2 = e10()
    with django_assert_num_queries(2):
        campaign_opportunity_statistics(cp1)


def test_won_value_cost_per_won_opportunity_and_return_come_from_the_logged_cost():
    cycle = new_sales_cycle()
    campaign = CampaignFactory(no="CP0007")
    d = datetime.date
    for no, sales in (("OPA", 7500), ("OPB", 2500)):
        opportunity(
            no,
            campaign=campaign,
            cycle=cycle,
            status=Opportunity.Status.WON,
            entries=[(1, "", 9000, 450, d(2024, 3, 4)), (0, WON, 9000, sales, d(2024, 4, 15))],
        )
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(100))
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(150))
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(1000), canceled=True)  # canceled: no cost
    stats = campaign_opportunity_statistics(campaign)
    assert (stats.no_of_won_opportunities, stats.won_value, stats.cost) == (2, 10000, 250)
    assert stats.cost_per_won_opportunity == Decimal("125.00")
    assert stats.return_ratio == Decimal("40.0")


def test_cost_per_won_opportunity_rounds_to_cents_and_return_to_a_tenth():
    cycle = new_sales_cycle()
    campaign = CampaignFactory(no="CP0008")
    for no in ("OPA", "OPB", "OPC"):
        opportunity(
            no,
            campaign=campaign,
            cycle=cycle,
            status=Opportunity.Status.WON,
            entries=[(0, WON, 1000, 1000, datetime.date(2024, 4, 15))],
        )
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(1000))
    stats = campaign_opportunity_statistics(campaign)
    assert stats.cost_per_won_opportunity == Decimal("333.33")
    assert stats.return_ratio == Decimal("3.0")


def test_without_cost_or_wins_cost_per_won_is_zero_and_return_is_none():
    cp1, cp2 = e10()
    assert campaign_opportunity_statistics(cp1).return_ratio is None  # won 7500, but no cost logged
    assert campaign_opportunity_statistics(cp1).cost_per_won_opportunity == 0
    InteractionLogEntryFactory(campaign=cp2, cost=Decimal(80))
    stats = campaign_opportunity_statistics(cp2)
    assert (stats.cost_per_won_opportunity, stats.return_ratio) == (0, Decimal("0.0"))


def test_date_filter_applies_to_the_won_figures_and_the_cost_not_to_bc_figures():
    cycle = new_sales_cycle()
    campaign = CampaignFactory(no="CP0009")
    d = datetime.date
    for no, closed in (("OPA", d(2024, 4, 15)), ("OPB", d(2024, 5, 20))):
        opportunity(
            no, campaign=campaign, cycle=cycle, status=Opportunity.Status.WON, entries=[(0, WON, 2000, 1000, closed)]
        )
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(300), date=d(2024, 4, 1))
    InteractionLogEntryFactory(campaign=campaign, cost=Decimal(200), date=d(2024, 5, 10))
    stats = campaign_opportunity_statistics(campaign, date_from=d(2024, 5, 1), date_to=d(2024, 5, 31))
    assert (stats.no_of_opportunities, stats.estimated_value, stats.calcd_current_value) == (2, 4000, 2000)
    assert (stats.no_of_won_opportunities, stats.won_value, stats.cost) == (1, 1000, 200)
    assert stats.return_ratio == Decimal("5.0")


# --- the fragment ---------------------------------------------------------------------------------


URL = reverse("opportunities:campaign_statistics")


def test_fragment_shows_the_opportunities_block_with_bc_captions(client_as, marketer):
    cp1, _cp2 = e10()
    InteractionLogEntryFactory(campaign=cp1, cost=Decimal(1500))
    response = client_as(marketer).get(URL, {"campaign": "CP0001"})
    assert response.status_code == 200
    html = response.text
    for caption in (
        "No. of Opportunities",
        "Estimated Value (LCY)",
        "Calcd. Current Value (LCY)",
        "Won Opportunities",
        "Won Value (LCY)",
        "Cost per Won Opportunity (LCY)",
        "Return",
    ):
        assert caption in html
    assert figures(html) == {
        "no_of_opportunities": "3",
        "estimated_value": "23,000.00",
        "calcd_current_value": "9,300.00",
        "no_of_won_opportunities": "1",
        "won_value": "7,500.00",
        "cost_per_won_opportunity": "1,500.00",
        "return": "5.0×",
    }
    assert "<html" not in html  # a fragment, not a page


def test_fragment_shows_a_dash_for_return_when_the_campaign_has_no_cost(client_as, marketer):
    e10()
    response = client_as(marketer).get(URL, {"campaign": "CP0002"})
    assert figures(response.text)["return"] == "–"
    assert figures(response.text)["no_of_opportunities"] == "1"


def test_fragment_applies_the_date_filter_to_won_figures(client_as, marketer):
    e10()
    response = client_as(marketer).get(URL, {"campaign": "CP0001", "date_from": "2024-05-01"})
    shown = figures(response.text)
    assert (shown["no_of_opportunities"], shown["no_of_won_opportunities"], shown["won_value"]) == ("3", "0", "0.00")
    assert "the Date Filter applies to the won figures" in response.text


def test_fragment_answers_404_for_an_unknown_or_missing_campaign(client_as, marketer):
    assert client_as(marketer).get(URL, {"campaign": "CP9999"}).status_code == 404
    assert client_as(marketer).get(URL).status_code == 404


def test_salesperson_sees_the_campaign_totals_of_every_salesperson(client_as, salesperson_user):
    e10()
    response = client_as(salesperson_user).get(URL, {"campaign": "CP0001"})
    assert response.status_code == 200
    assert figures(response.text)["no_of_opportunities"] == "3"


def test_user_without_a_role_is_refused(client_as, outsider):
    e10()
    assert client_as(outsider).get(URL, {"campaign": "CP0001"}).status_code == 403


def test_fragment_takes_no_post(client_as, marketer):
    e10()
    assert client_as(marketer).post(URL + "?campaign=CP0001").status_code == 405
