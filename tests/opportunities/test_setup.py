"""The opportunity setup: sales cycles and their stages, statistics (E10, E11), deletion rules, close codes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import MarketingSetup
from opportunities.models import CloseOpportunityCode, Opportunity, OpportunityEntry, SalesCycle, SalesCycleStage
from opportunities.services import setup as services
from tests.campaigns.factories import CampaignFactory
from tests.opportunities.factories import (
    CloseOpportunityCodeFactory,
    OpportunityEntryFactory,
    OpportunityFactory,
    SalesCycleFactory,
    SalesCycleStageFactory,
    new_sales_cycle,
)
from tests.tasks.factories import ActivityFactory

pytestmark = pytest.mark.django_db

WON = OpportunityEntry.ActionTaken.WON
LOST = OpportunityEntry.ActionTaken.LOST
NEXT = OpportunityEntry.ActionTaken.NEXT


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def yes(data: dict | None = None) -> dict:
    return {**(data or {}), "confirmed": "yes"}


def e10_entries(cycle: SalesCycle) -> dict[str, Opportunity]:
    """OPPORTUNITIES.md §9 E10: OP1 at stage 2, OP2 Won, OP3 Lost, OP4 Not Started (CP0001); OP5 at stage 1 (CP0002)."""
    cp1, cp2 = CampaignFactory(no="CP0001"), CampaignFactory(no="CP0002")
    op1 = OpportunityFactory(no="OP1", sales_cycle=cycle, campaign=cp1, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(opportunity=op1, sales_cycle_stage=1, active=False, days_open=10, estimated_value=10000)
    OpportunityEntryFactory(
        opportunity=op1,
        sales_cycle_stage=2,
        action_taken=NEXT,
        estimated_value=Decimal(10000),
        calcd_current_value=Decimal(1800),
        estimated_close_date=datetime.date(2024, 6, 28),
    )
    closed = {"closed": True, "date_closed": datetime.date(2024, 4, 15)}
    op2 = OpportunityFactory(no="OP2", sales_cycle=cycle, campaign=cp1, status=Opportunity.Status.WON, **closed)
    OpportunityEntryFactory(opportunity=op2, sales_cycle_stage=4, active=False, days_open=26)
    OpportunityEntryFactory(
        opportunity=op2,
        sales_cycle_stage=0,
        action_taken=WON,
        estimated_value=Decimal(8000),
        calcd_current_value=Decimal(7500),
        estimated_close_date=datetime.date(2024, 4, 15),
    )
    op3 = OpportunityFactory(no="OP3", sales_cycle=cycle, campaign=cp1, status=Opportunity.Status.LOST, **closed)
    OpportunityEntryFactory(opportunity=op3, sales_cycle_stage=0, action_taken=LOST, estimated_value=Decimal(5000))
    op4 = OpportunityFactory(no="OP4", sales_cycle=cycle, campaign=cp1)
    op5 = OpportunityFactory(no="OP5", sales_cycle=cycle, campaign=cp2, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(
        opportunity=op5,
        sales_cycle_stage=1,
        estimated_value=Decimal(4000),
        calcd_current_value=Decimal(400),
        estimated_close_date=datetime.date(2024, 3, 18),
    )
    return {"OP1": op1, "OP2": op2, "OP3": op3, "OP4": op4, "OP5": op5}


# --- statistics (E10, E11, Date Filter) -----------------------------------------------------------


def test_e10_cycle_statistics_count_open_started_opportunities_only():
    cycle = new_sales_cycle()
    e10_entries(cycle)
    statistics = services.cycle_statistics(cycle)
    assert statistics.no_of_opportunities == 2
    assert statistics.estimated_value == Decimal(14000)
    assert statistics.calcd_current_value == Decimal(2200)
    stage_2 = statistics.for_stage(2)
    assert (stage_2.no_of_opportunities, stage_2.estimated_value, stage_2.calcd_current_value) == (
        1,
        Decimal(10000),
        Decimal(1800),
    )
    assert statistics.for_stage(1).no_of_opportunities == 1
    assert statistics.for_stage(3).no_of_opportunities == 0


def test_e10_statistics_page_shows_the_cycle_and_stage_figures(client_as, marketer):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    response = client_as(marketer).get(reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-of-opportunities">2<' in html
    assert 'data-testid="estimated-value">14,000.00<' in html
    assert 'data-testid="calcd-current-value">2,200.00<' in html
    stages = dict(response.context["stages"])
    stage_2 = next(figures for stage, figures in stages.items() if stage.stage == 2)
    assert (stage_2.no_of_opportunities, stage_2.estimated_value, stage_2.calcd_current_value) == (1, 10000, 1800)


def test_e11_average_no_of_days_is_per_inactive_entry():
    cycle = new_sales_cycle()
    opa = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(opportunity=opa, sales_cycle_stage=1, active=False, days_open=10)
    OpportunityEntryFactory(opportunity=opa, sales_cycle_stage=2, action_taken=NEXT)
    opb = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(opportunity=opb, sales_cycle_stage=1, active=False, days_open=4)
    OpportunityEntryFactory(opportunity=opb, sales_cycle_stage=1, active=False, days_open=7)
    OpportunityEntryFactory(opportunity=opb, sales_cycle_stage=2, action_taken=NEXT)
    statistics = services.cycle_statistics(cycle)
    assert statistics.for_stage(1).average_no_of_days == Decimal("7.00")
    assert str(statistics.for_stage(2).average_no_of_days) == "0.00"  # no inactive entries
    assert str(statistics.for_stage(5).average_no_of_days) == "0.00"  # no entries at all


def test_average_no_of_days_is_shown_with_two_decimals(client_as, sales_manager):
    cycle = new_sales_cycle()
    opportunity = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=1, active=False, days_open=1)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=1, active=False, days_open=2)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=1, active=False, days_open=2)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=2)
    assert services.cycle_statistics(cycle).for_stage(1).average_no_of_days == Decimal("1.67")
    response = client_as(sales_manager).get(reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"}))
    assert "1.67" in response.content.decode()


def test_date_filter_applies_to_the_estimated_close_date(client_as, marketer):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    march = services.cycle_statistics(cycle, datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert (march.no_of_opportunities, march.estimated_value, march.calcd_current_value) == (1, 4000, 400)
    assert march.for_stage(2).no_of_opportunities == 0
    from_april = services.cycle_statistics(cycle, datetime.date(2024, 4, 1), None)
    assert (from_april.no_of_opportunities, from_april.calcd_current_value) == (1, 1800)
    url = reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"})
    response = client_as(marketer).get(url, {"date_from": "2024-03-01", "date_to": "2024-03-31"})
    assert response.context["statistics"].no_of_opportunities == 1
    assert 'data-testid="estimated-value">4,000.00<' in response.content.decode()


def test_date_filter_answers_htmx_with_the_figures_only(client_as, marketer):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    url = reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"})
    response = client_as(marketer).get(url, {"date_from": "2024-03-01"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="figures">')
    assert "<html" not in html


def test_bad_date_filter_is_ignored_not_a_500(client_as, marketer):
    new_sales_cycle()
    url = reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"})
    response = client_as(marketer).get(url, {"date_from": "not-a-date", "date_to": "2024-13-45"})
    assert response.status_code == 200


# --- deletion rules ----------------------------------------------------------------------------


def test_e10_deleting_cycle_with_open_opportunities_shows_bc_testfield_error(client_as, sales_manager):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    url = reverse("opportunities:cycle_delete", kwargs={"code": "NEW"})
    response = client_as(sales_manager).post(url, yes(), follow=True)
    assert messages_of(response) == [
        "No. of Opportunities must be equal to '0'  in Sales Cycle: Code=NEW. Current value is '2'."
    ]
    assert SalesCycle.objects.filter(code="NEW").exists()
    assert SalesCycleStage.objects.filter(sales_cycle=cycle).count() == 5


def test_e10_deleting_stage_with_active_entries_is_refused(client_as, sales_manager):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    url = reverse("opportunities:stage_delete", kwargs={"code": "NEW", "stage": 2})
    response = client_as(sales_manager).post(url, yes(), follow=True)
    assert messages_of(response) == ["You cannot delete a stage which has active entries."]
    assert cycle.stages.filter(stage=2).exists()


def test_deleting_stage_with_only_inactive_entries_deletes_it(client_as, admin):
    cycle = new_sales_cycle()
    opportunity = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=3, active=False, days_open=5)
    OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=4)
    url = reverse("opportunities:stage_delete", kwargs={"code": "NEW", "stage": 3})
    response = client_as(admin).post(url, yes(), follow=True)
    assert messages_of(response) == ["Stage 3 of Sales Cycle NEW has been deleted."]
    assert list(cycle.stages.values_list("stage", flat=True)) == [1, 2, 4, 5]


def test_deleting_cycle_without_open_opportunities_deletes_its_stages(client_as, sales_manager):
    cycle = new_sales_cycle()
    won = OpportunityFactory(
        sales_cycle=cycle, status=Opportunity.Status.WON, closed=True, date_closed=datetime.date(2024, 4, 15)
    )
    OpportunityEntryFactory(opportunity=won, sales_cycle_stage=0, action_taken=WON, estimated_value=8000)
    not_started = OpportunityFactory(sales_cycle=cycle)
    url = reverse("opportunities:cycle_delete", kwargs={"code": "NEW"})
    response = client_as(sales_manager).post(url, yes(), follow=True)
    assert messages_of(response) == ["Sales Cycle NEW has been deleted."]
    assert not SalesCycle.objects.filter(code="NEW").exists()
    assert not SalesCycleStage.objects.exists()
    not_started.refresh_from_db()
    assert not_started.sales_cycle is None  # BC keeps a dangling code; here the link is emptied


def test_delete_asks_bc_question_first_and_deletes_nothing(client_as, sales_manager):
    new_sales_cycle()
    CloseOpportunityCodeFactory(code="PRICE")
    client = client_as(sales_manager)
    for url, question in [
        (reverse("opportunities:cycle_delete", kwargs={"code": "NEW"}), "Sales Cycle NEW and its stages"),
        (reverse("opportunities:stage_delete", kwargs={"code": "NEW", "stage": 5}), "Stage 5 of Sales Cycle NEW"),
        (reverse("opportunities:close_code_delete", kwargs={"code": "PRICE"}), "Close Opportunity Code PRICE"),
    ]:
        response = client.post(url)
        assert response.status_code == 200
        assert f"Do you want to delete {question}?" in response.content.decode()
    assert SalesCycleStage.objects.count() == 5
    assert CloseOpportunityCode.objects.filter(code="PRICE").exists()


# --- close opportunity codes -------------------------------------------------------------------


def test_close_code_in_use_cannot_be_deleted(client_as, sales_manager):
    price = CloseOpportunityCodeFactory(code="PRICE")
    opportunity = OpportunityFactory(status=Opportunity.Status.WON, closed=True, date_closed=datetime.date(2024, 4, 15))
    OpportunityEntryFactory(
        opportunity=opportunity, sales_cycle_stage=0, action_taken=WON, close_opportunity_code=price
    )
    url = reverse("opportunities:close_code_delete", kwargs={"code": "PRICE"})
    response = client_as(sales_manager).post(url, yes(), follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [
        "You cannot delete Close Opportunity Code PRICE because 1 opportunity entries use it."
    ]
    assert CloseOpportunityCode.objects.filter(code="PRICE").exists()


def test_unused_close_code_is_deleted(client_as, admin):
    CloseOpportunityCodeFactory(code="COMPETITOR", type=CloseOpportunityCode.Type.LOST)
    url = reverse("opportunities:close_code_delete", kwargs={"code": "COMPETITOR"})
    response = client_as(admin).post(url, yes(), follow=True)
    assert messages_of(response) == ["Close Opportunity Code COMPETITOR has been deleted."]
    assert not CloseOpportunityCode.objects.exists()


def test_close_code_list_shows_no_of_opportunities_and_filters_by_type(client_as, salesperson_user):
    price = CloseOpportunityCodeFactory(code="PRICE", type=CloseOpportunityCode.Type.WON)
    CloseOpportunityCodeFactory(code="COMPETITOR", type=CloseOpportunityCode.Type.LOST)
    for _ in range(2):
        won = OpportunityFactory(status=Opportunity.Status.WON, closed=True, date_closed=datetime.date(2024, 4, 15))
        OpportunityEntryFactory(opportunity=won, sales_cycle_stage=0, action_taken=WON, close_opportunity_code=price)
    client = client_as(salesperson_user)
    response = client.get(reverse("opportunities:close_code_list"))
    rows = {code.code: code.used_by for code in response.context["page_obj"]}
    assert rows == {"COMPETITOR": 0, "PRICE": 2}
    response = client.get(reverse("opportunities:close_code_list"), {"type": "lost"})
    assert [code.code for code in response.context["page_obj"]] == ["COMPETITOR"]
    response = client.get(reverse("opportunities:close_code_list"), {"o": "-used_by"})
    assert [code.code for code in response.context["page_obj"]] == ["PRICE", "COMPETITOR"]


def test_close_code_create_and_card(client_as, sales_manager):
    client = client_as(sales_manager)
    response = client.post(
        reverse("opportunities:close_code_create"),
        {"code": "price", "description": "Best price", "type": "won"},
        follow=True,
    )
    assert messages_of(response) == ["Close Opportunity Code PRICE has been created."]
    assert CloseOpportunityCode.objects.get(code="PRICE").type == "won"
    url = reverse("opportunities:close_code_detail", kwargs={"code": "PRICE"})
    response = client.post(url, {"code": "PRICE", "description": "Lost on price", "type": "lost"}, follow=True)
    assert messages_of(response) == ["Close Opportunity Code PRICE has been saved."]
    assert CloseOpportunityCode.objects.get(code="PRICE").type == "lost"
    response = client.post(reverse("opportunities:close_code_create"), {"code": "PRICE", "type": "won"})
    assert response.context["form"].errors["code"] == ["Close Opportunity Code PRICE already exists."]


# --- the Sales Cycle card and its stages -------------------------------------------------------


def test_new_cycle_is_created_with_upper_case_code(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("opportunities:cycle_create"),
        {"code": "exist", "description": "Existing customers", "probability_calculation": "add"},
        follow=True,
    )
    assert messages_of(response) == ["Sales Cycle EXIST has been created. Add its stages."]
    cycle = SalesCycle.objects.get(code="EXIST")
    assert cycle.probability_calculation == SalesCycle.ProbabilityCalculation.ADD
    assert response.redirect_chain[-1][0] == cycle.get_absolute_url()


def test_new_cycle_with_existing_code_is_refused_next_to_the_field(client_as, sales_manager):
    SalesCycleFactory(code="NEW")
    response = client_as(sales_manager).post(
        reverse("opportunities:cycle_create"), {"code": "new", "probability_calculation": "multiply"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Sales Cycle NEW already exists."]


def test_cycle_card_saves_with_optimistic_locking(client_as, sales_manager):
    cycle = new_sales_cycle()
    client = client_as(sales_manager)
    url = cycle.get_absolute_url()
    data = {"description": "New business", "probability_calculation": "add", "blocked": "on", "version": 0}
    response = client.post(url, data, follow=True)
    assert messages_of(response) == ["Sales Cycle NEW has been saved."]
    cycle.refresh_from_db()
    assert (cycle.blocked, cycle.probability_calculation, cycle.version) == (True, "add", 1)
    response = client.post(url, {**data, "description": "Stale", "version": 0})
    assert response.status_code == 200
    assert "Another user has modified the record" in " ".join(response.context["form"].non_field_errors())
    cycle.refresh_from_db()
    assert cycle.description == "New business"


def test_cycle_card_shows_stages_and_their_no_of_opportunities(client_as, salesperson_user):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    response = client_as(salesperson_user).get(cycle.get_absolute_url())
    assert response.status_code == 200
    rows = [
        (stage.stage, stage.description, figures.no_of_opportunities) for stage, figures in response.context["stages"]
    ]
    assert rows == [
        (1, "Initial", 1),
        (2, "Analysis", 1),
        (3, "Presentation", 0),
        (4, "Proposal", 0),
        (5, "Negotiation", 0),
    ]
    assert all(field.disabled for field in response.context["form"].fields.values())  # read-only for a salesperson
    html = response.content.decode()
    assert "INIT" in html and "2W" in html
    assert reverse("opportunities:stage_create", kwargs={"code": "NEW"}) not in html


def test_cycle_card_query_count_does_not_grow_with_stages_and_entries(client_as, sales_manager):
    cycle = SalesCycleFactory(code="BIG")
    activity = ActivityFactory(code="CALL")
    SalesCycleStageFactory(sales_cycle=cycle, stage=1, activity=activity)
    client = client_as(sales_manager)
    with CaptureQueriesContext(connection) as few:
        assert client.get(cycle.get_absolute_url()).status_code == 200
    for number in range(2, 12):
        SalesCycleStageFactory(sales_cycle=cycle, stage=number, activity=activity)
    for number in range(1, 12):
        opportunity = OpportunityFactory(sales_cycle=cycle, status=Opportunity.Status.IN_PROGRESS)
        OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=number, active=False, days_open=number)
        OpportunityEntryFactory(opportunity=opportunity, sales_cycle_stage=number, estimated_value=100)
    with CaptureQueriesContext(connection) as many:
        response = client.get(cycle.get_absolute_url())
    assert len(response.context["stages"]) == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def test_statistics_and_list_query_counts_do_not_grow_with_the_rows(client_as, marketer):
    client = client_as(marketer)
    cycle = new_sales_cycle()
    statistics_url = reverse("opportunities:cycle_statistics", kwargs={"code": "NEW"})
    with CaptureQueriesContext(connection) as few_statistics:
        client.get(statistics_url)
    with CaptureQueriesContext(connection) as few_list:
        client.get(reverse("opportunities:cycle_list"))
    e10_entries(cycle)
    for number in range(10):
        SalesCycleStageFactory(sales_cycle=SalesCycleFactory(code=f"C{number}"), stage=1)
    with CaptureQueriesContext(connection) as many_statistics:
        client.get(statistics_url)
    with CaptureQueriesContext(connection) as many_list:
        response = client.get(reverse("opportunities:cycle_list"))
    assert len(response.context["page_obj"]) == 11
    assert len(many_statistics.captured_queries) == len(few_statistics.captured_queries)
    assert len(many_list.captured_queries) == len(few_list.captured_queries)


def test_cycle_list_filters_and_sorts(client_as, marketer):
    cycle = new_sales_cycle()
    e10_entries(cycle)
    SalesCycleFactory(code="OLD", description="Retired", blocked=True)
    SalesCycleFactory(code="EXIST", description="Existing customers")
    client = client_as(marketer)
    response = client.get(reverse("opportunities:cycle_list"))
    rows = {c.code: (c.no_of_stages, c.no_of_opportunities) for c in response.context["page_obj"]}
    assert rows == {"EXIST": (0, 0), "NEW": (5, 2), "OLD": (0, 0)}
    response = client.get(reverse("opportunities:cycle_list"), {"blocked": "true"})
    assert [c.code for c in response.context["page_obj"]] == ["OLD"]
    response = client.get(reverse("opportunities:cycle_list"), {"q": "custom"})
    assert [c.code for c in response.context["page_obj"]] == ["EXIST"]
    response = client.get(reverse("opportunities:cycle_list"), {"o": "-opportunities"})
    assert next(c.code for c in response.context["page_obj"]) == "NEW"


def test_new_stage_is_added_to_the_card(client_as, sales_manager):
    cycle = new_sales_cycle()
    ActivityFactory(code="DEMO")
    client = client_as(sales_manager)
    url = reverse("opportunities:stage_create", kwargs={"code": "NEW"})
    response = client.get(url)
    assert response.context["form"].initial["stage"] == 6
    data = {
        "stage": 6,
        "description": "Contract",
        "completed_pct": "95",
        "chances_of_success_pct": "92.5",
        "activity": "DEMO",
        "quote_required": "on",
        "date_formula": "<1w+1d>",
    }
    response = client.post(url, data, follow=True)
    assert messages_of(response) == ["Stage 6 of Sales Cycle NEW has been created."]
    stage = cycle.stages.get(stage=6)
    assert (stage.activity.code, stage.quote_required, stage.allow_skip, stage.date_formula) == (
        "DEMO",
        True,
        False,
        "1W+1D",
    )
    assert stage.chances_of_success_pct == Decimal("92.5")


def test_stage_form_previews_the_date_formula_from_today(client_as, sales_manager):
    new_sales_cycle()
    response = client_as(sales_manager).get(reverse("opportunities:stage_update", kwargs={"code": "NEW", "stage": 2}))
    html = response.content.decode()
    assert 'data-testid="date-formula-preview"' in html
    assert 'hx-get="/' in html and "date-formula" in html


def test_stage_is_edited_but_its_number_stays(client_as, admin):
    cycle = new_sales_cycle()
    url = reverse("opportunities:stage_update", kwargs={"code": "NEW", "stage": 2})
    data = {"stage": 9, "description": "Needs analysis", "completed_pct": "35", "chances_of_success_pct": "60"}
    response = client_as(admin).post(url, {**data, "allow_skip": "on", "date_formula": "1M"}, follow=True)
    assert messages_of(response) == ["Stage 2 of Sales Cycle NEW has been saved."]
    stage = cycle.stages.get(stage=2)
    assert (stage.description, stage.completed_pct, stage.date_formula) == ("Needs analysis", 35, "1M")
    assert not cycle.stages.filter(stage=9).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stage", "0", "Stage must be at least 1."),
        ("stage", "-3", "Stage must be at least 1."),
        ("stage", "1", "Sales Cycle Stage NEW 1 already exists."),
        ("completed_pct", "101", "Completed % must be between 0 and 100."),
        ("chances_of_success_pct", "-1", "Chances of Success % must be between 0 and 100."),
        ("description", "Bad\x00name", "Null characters are not allowed."),
        ("activity", "NOPE", None),
        ("stage", "99999999999999999999", None),
        ("completed_pct", "1e400", None),
    ],
)
def test_bad_stage_input_is_reported_next_to_the_field(client_as, sales_manager, field, value, message):
    cycle = new_sales_cycle()
    data = {"stage": "7", "description": "Extra", "completed_pct": "10", "chances_of_success_pct": "10", field: value}
    response = client_as(sales_manager).post(reverse("opportunities:stage_create", kwargs={"code": "NEW"}), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert message is None or message in response.content.decode().replace("&#x27;", "'")
    assert cycle.stages.count() == 5


def test_bad_date_formula_is_reported_next_to_the_field(client_as, sales_manager):
    cycle = new_sales_cycle()
    url = reverse("opportunities:stage_update", kwargs={"code": "NEW", "stage": 2})
    data = {"description": "Analysis", "completed_pct": "30", "chances_of_success_pct": "60", "date_formula": "1X"}
    response = client_as(sales_manager).post(url, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date_formula"]
    assert cycle.stages.get(stage=2).date_formula == "1M"


def test_nul_byte_in_cycle_description_is_refused(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("opportunities:cycle_create"),
        {"code": "NUL", "description": "a\x00b", "probability_calculation": "add"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == ["Null characters are not allowed."]
    assert not SalesCycle.objects.exists()


# --- setup page and Marketing Setup ------------------------------------------------------------


def test_setup_page_links_sales_cycles_and_close_codes(client_as, marketer):
    html = client_as(marketer).get(reverse("core:setup")).content.decode()
    assert reverse("opportunities:cycle_list") in html
    assert reverse("opportunities:close_code_list") in html


def test_marketing_setup_saves_default_sales_cycle_code(client_as, admin):
    cycle = new_sales_cycle()
    client = client_as(admin)
    response = client.get(reverse("core:marketing_setup"))
    assert "Default Sales Cycle Code" in response.content.decode()
    response = client.post(reverse("core:marketing_setup"), {"default_sales_cycle": cycle.pk}, follow=True)
    assert response.status_code == 200
    assert MarketingSetup.get().default_sales_cycle == cycle
