"""The pipeline page: open opportunities of a sales cycle per stage, capped cards, filters, funnel and forecast."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import MarketingSetup
from opportunities.models import Opportunity, OpportunityEntry, SalesCycle
from opportunities.statistics import pipeline
from salespeople.models import Salesperson
from tests.campaigns.factories import CampaignFactory
from tests.opportunities.factories import (
    OpportunityEntryFactory,
    OpportunityFactory,
    SalesCycleFactory,
    SalesCycleStageFactory,
    new_sales_cycle,
)
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("opportunities:pipeline")


def at_stage(stage, *, cycle, value=1000, calcd=100, closing=datetime.date(2024, 4, 30), **fields):
    """An open opportunity whose Active entry is at the stage (an older inactive entry before it)."""
    opp = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS, **fields)
    OpportunityEntryFactory(opportunity=opp, sales_cycle_stage=1, active=False, days_open=3)
    OpportunityEntryFactory(
        opportunity=opp,
        sales_cycle_stage=stage,
        estimated_value=Decimal(value),
        calcd_current_value=Decimal(calcd),
        estimated_close_date=closing,
    )
    return opp


def closed(action, *, cycle, **fields):
    opp = OpportunityFactory(
        sales_cycle=cycle, status=action, closed=True, date_closed=datetime.date(2024, 4, 1), **fields
    )
    OpportunityEntryFactory(opportunity=opp, sales_cycle_stage=3, active=False, days_open=3, estimated_value=500)
    OpportunityEntryFactory(
        opportunity=opp, sales_cycle_stage=0, action_taken=action, estimated_value=500, calcd_current_value=500
    )
    return opp


def column_heads(html: str) -> dict[int, tuple[str, str]]:
    heads = re.findall(
        r'data-stage="(\d+)">.*?data-figure="count"[^>]*>(\d+)<.*?data-figure="calcd_current_value"[^>]*>([^<]*)<',
        html,
        re.S,
    )
    return {int(stage): (count, value) for stage, count, value in heads}


def cards(html: str) -> list[str]:
    return re.findall(r'class="card mb-2 pipeline-card" data-no="([^"]+)"', html)


def test_columns_show_each_stage_with_count_and_calcd_current_value_of_open_opportunities(client_as, sales_manager):
    cycle = new_sales_cycle()
    at_stage(2, cycle=cycle, calcd=1800)
    at_stage(2, cycle=cycle, calcd=200.5)
    at_stage(4, cycle=cycle, calcd=6400)
    closed(OpportunityEntry.ActionTaken.WON, cycle=cycle)
    closed(OpportunityEntry.ActionTaken.LOST, cycle=cycle)
    OpportunityFactory(sales_cycle=cycle)  # Not Started: no entry, not on the board
    other = SalesCycleFactory(code="OTHER")
    SalesCycleStageFactory(sales_cycle=other, stage=2)
    at_stage(2, cycle=other, calcd=999)
    response = client_as(sales_manager).get(URL, {"sales_cycle": "NEW"})
    assert response.status_code == 200
    assert column_heads(response.text) == {
        1: ("0", "0.00"),
        2: ("2", "2,000.50"),
        3: ("0", "0.00"),
        4: ("1", "6,400.00"),
        5: ("0", "0.00"),
    }
    assert re.findall(r'<h3 class="h6 mb-0" id="stage-(\d)">', response.text) == ["1", "2", "3", "4", "5"]
    assert len(cards(response.text)) == 3


def test_cards_are_ordered_by_estimated_closing_date_then_no_and_offer_next_and_close(client_as, sales_manager):
    cycle = new_sales_cycle()
    at_stage(3, cycle=cycle, no="OF0003", closing=datetime.date(2024, 5, 1))
    at_stage(3, cycle=cycle, no="OF0002", closing=datetime.date(2024, 4, 1))
    at_stage(3, cycle=cycle, no="OF0001", closing=datetime.date(2024, 5, 1))
    response = client_as(sales_manager).get(URL)
    assert cards(response.text) == ["OF0002", "OF0001", "OF0003"]
    opp = Opportunity.objects.get(no="OF0002")
    assert opp.contact.name in response.text and opp.salesperson.code in response.text
    assert "2024-04-01" in response.text


def test_pipeline_data_caps_cards_per_column_and_says_there_are_more():
    cycle = new_sales_cycle()
    for day in range(1, 6):
        at_stage(2, cycle=cycle, closing=datetime.date(2024, 4, day))
    at_stage(3, cycle=cycle)
    board = pipeline(Opportunity.objects.all(), cycle, per_column=3)
    two, three = board.columns[1], board.columns[2]
    assert (two.count, len(two.cards), two.has_more) == (5, 3, True)
    assert [o.estimated_closing_date.day for o in two.cards] == [1, 2, 3]
    assert (three.count, len(three.cards), three.has_more) == (1, 1, False)


def test_page_shows_at_most_25_cards_per_column(client_as, sales_manager):
    cycle = new_sales_cycle()
    for _ in range(27):
        at_stage(2, cycle=cycle)
    response = client_as(sales_manager).get(URL)
    assert column_heads(response.text)[2] == ("27", "2,700.00")
    assert len(cards(response.text)) == 25
    assert 'data-testid="more"' in response.text


def test_default_cycle_is_marketing_setups_else_the_first_not_blocked(client_as, sales_manager):
    SalesCycleFactory(code="AAA", blocked=True)
    SalesCycleFactory(code="BBB")
    new_sales_cycle()
    response = client_as(sales_manager).get(URL)
    assert response.context["cycle"].code == "BBB"
    setup = MarketingSetup.get()
    setup.default_sales_cycle = SalesCycle.objects.get(code="NEW")
    setup.save()
    assert client_as(sales_manager).get(URL).context["cycle"].code == "NEW"
    assert client_as(sales_manager).get(URL, {"sales_cycle": "AAA"}).context["cycle"].code == "AAA"


def test_page_without_any_cycle_says_so(client_as, sales_manager):
    response = client_as(sales_manager).get(URL)
    assert response.status_code == 200
    assert 'data-testid="no-pipeline"' in response.text


def test_salesperson_and_campaign_filters_narrow_the_board(client_as, sales_manager):
    cycle = new_sales_cycle()
    jr, kw = SalespersonFactory(code="JR"), SalespersonFactory(code="KW")
    cp1, cp2 = CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    at_stage(1, cycle=cycle, no="OF0001", salesperson=jr, campaign=cp1)
    at_stage(1, cycle=cycle, no="OF0002", salesperson=kw, campaign=cp1)
    at_stage(2, cycle=cycle, no="OF0003", salesperson=jr, campaign=cp2)
    client = client_as(sales_manager)
    assert cards(client.get(URL, {"salesperson": "JR"}).text) == ["OF0001", "OF0003"]
    assert cards(client.get(URL, {"campaign": "CP0001"}).text) == ["OF0001", "OF0002"]
    response = client.get(URL, {"salesperson": "JR", "campaign": "CP0001"})
    assert cards(response.text) == ["OF0001"]
    assert column_heads(response.text)[1] == ("1", "100.00")


def test_salesperson_sees_only_own_opportunities_and_no_salesperson_filter(client_as, salesperson_user):
    cycle = new_sales_cycle()
    own = Salesperson.objects.create(code="LS", name="Lena Seller", user=salesperson_user)
    at_stage(1, cycle=cycle, no="OF0001", salesperson=own)
    at_stage(1, cycle=cycle, no="OF0002", salesperson=SalespersonFactory(code="KW"))
    response = client_as(salesperson_user).get(URL, {"salesperson": "KW"})
    assert response.status_code == 200
    assert cards(response.text) == ["OF0001"]
    assert column_heads(response.text)[1] == ("1", "100.00")
    assert 'name="salesperson"' not in response.text


def test_funnel_and_forecast_show_the_open_opportunities_by_stage_and_month(client_as, sales_manager):
    cycle = new_sales_cycle()
    at_stage(1, cycle=cycle, calcd=50, closing=datetime.date(2024, 4, 10))
    at_stage(2, cycle=cycle, calcd=1800, closing=datetime.date(2024, 4, 28))
    at_stage(4, cycle=cycle, calcd=6400, closing=datetime.date(2024, 6, 3))
    closed(OpportunityEntry.ActionTaken.WON, cycle=cycle)
    response = client_as(sales_manager).get(URL)
    html = response.text
    assert 'data-testid="funnel-chart"' in html and "<svg" in html
    months = re.findall(
        r'<tr data-month="([\d-]+)"><th scope="row">[\d-]+</th><td class="num">(\d+)</td><td class="num">([^<]*)</td>',
        html,
    )
    assert months == [("2024-04", "2", "1,850.00"), ("2024-06", "1", "6,400.00")]
    assert 'style="' not in html and "<script>" not in html  # CSP: no inline styles or scripts


def test_htmx_request_gets_only_the_board(client_as, sales_manager):
    cycle = new_sales_cycle()
    at_stage(1, cycle=cycle)
    response = client_as(sales_manager).get(URL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="pipeline"')
    assert len(cards(response.text)) == 1


def test_board_scrolls_inside_its_container(client_as, sales_manager):
    new_sales_cycle()
    response = client_as(sales_manager).get(URL)
    assert re.search(r'class="pipeline-board[^"]*overflow-auto', response.text)


def test_cards_link_to_the_update_and_close_wizards_when_they_exist(client_as, sales_manager):
    from django.urls import NoReverseMatch

    cycle = new_sales_cycle()
    opp = at_stage(1, cycle=cycle)
    html = client_as(sales_manager).get(URL).text
    try:
        update = reverse("opportunities:update", kwargs={"no": opp.no})
    except NoReverseMatch:
        pytest.skip("the Update Opportunity wizard does not exist yet")
    assert f'href="{update}?action=next"' in html
    assert f'href="{reverse("opportunities:close", kwargs={"no": opp.no})}"' in html


@pytest.mark.parametrize("role", ["sales_manager", "salesperson_user"])
def test_query_count_does_not_grow_with_the_opportunities(role, request, client_as):
    user = request.getfixturevalue(role)
    cycle = new_sales_cycle()
    own = Salesperson.objects.create(code="OWN", name="Own", user=user)
    campaign = CampaignFactory(no="CP0001")
    client = client_as(user)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"campaign": "CP0001"}).status_code == 200
        return len(queries)

    for stage in (1, 2, 3):
        at_stage(stage, cycle=cycle, salesperson=own, campaign=campaign)
    small = count_queries()
    for index in range(30):
        at_stage(index % 5 + 1, cycle=cycle, salesperson=own, campaign=campaign)
        closed(OpportunityEntry.ActionTaken.LOST, cycle=cycle, salesperson=own, campaign=campaign)
    assert count_queries() == small
