"""OPPORTUNITIES.md §9: each worked example (E1–E13) with its numbers, and the wizards' messages."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from opportunities.models import Opportunity, OpportunityEntry, SalesCycle
from opportunities.services import creation, wizards
from opportunities.services.creation import FirstStage, OpportunityValues
from opportunities.services.wizards import ActionType
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.opportunities.factories import CloseOpportunityCodeFactory, new_sales_cycle
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

pytestmark = pytest.mark.django_db
WORKDATE = datetime.date(2024, 3, 4)
D = Decimal
Calc = SalesCycle.ProbabilityCalculation


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def messages_of(error: ValidationError) -> list[str]:
    return error.messages


@pytest.fixture
def setup(series):
    cycle = new_sales_cycle()
    return {
        "cycle": cycle,
        "contact": CompanyFactory(no="CT0001", name="Fleet Co"),
        "salesperson": SalespersonFactory(code="JR", name="John Roberts"),
        "campaign": CampaignFactory(no="CP0001"),
    }


def new_opportunity(setup, **changes) -> Opportunity:
    values = OpportunityValues(
        description="Fleet deal",
        creation_date=WORKDATE,
        contact=setup["contact"],
        salesperson=setup["salesperson"],
        sales_cycle=setup["cycle"],
        campaign=setup["campaign"],
    )
    for name, value in changes.pop("values", {}).items():
        setattr(values, name, value)
    return creation.create_opportunity(values=values, today=WORKDATE, **changes)


def e2(setup, calculation=Calc.MULTIPLY) -> Opportunity:
    setup["cycle"].probability_calculation = calculation
    setup["cycle"].save()
    first = FirstStage(D(10000), D(40), day("2024-06-28"))
    return new_opportunity(setup, first=first)


def active(opportunity: Opportunity) -> OpportunityEntry:
    return opportunity.entries.get(active=True)


TEN_THOUSAND = D(10000)


def update(opportunity, action, stage, date, value=TEN_THOUSAND, chances=None, close=None, cancel=False):
    defaults = wizards.update_defaults(opportunity, today=date, action_type=action, stage=stage, date_of_change=date)
    return wizards.update_opportunity(
        opportunity=opportunity,
        action_type=action,
        stage=stage,
        date_of_change=date,
        estimated_value=value,
        chances_of_success_pct=chances if chances is not None else defaults.chances_of_success_pct,
        estimated_close_date=close if close is not None else defaults.estimated_close_date,
        cancel_old_tasks=cancel,
        today=date,
    )


def test_e1_activate_first_stage_without_estimates(setup):
    opportunity = new_opportunity(setup)
    assert opportunity.no == "OP0001" and opportunity.status == Opportunity.Status.NOT_STARTED

    entry = wizards.activate_first_stage(opportunity=opportunity, today=WORKDATE)

    assert (entry.sales_cycle_stage, entry.action_taken, entry.date_of_change) == (1, "", WORKDATE)
    assert (entry.estimated_value, entry.chances_of_success_pct, entry.completed_pct) == (0, 50, 10)
    assert (entry.probability_pct, entry.calcd_current_value) == (5, 0)
    assert entry.estimated_close_date == day("2024-03-18") and entry.active
    opportunity.refresh_from_db()
    assert opportunity.status == Opportunity.Status.IN_PROGRESS
    tasks = list(Task.objects.filter(opportunity_no="OP0001").order_by("date"))
    assert [(t.description, t.date, t.opportunity_entry_no, t.salesperson.code) for t in tasks] == [
        ("Call", WORKDATE, entry.pk, "JR"),
        ("Send brochure", day("2024-03-11"), entry.pk, "JR"),
    ]
    assert all(t.contact.no == "CT0001" and t.campaign.no == "CP0001" for t in tasks)


def test_e1_activating_twice_is_refused_and_a_cycle_without_stages_says_so(setup):
    opportunity = new_opportunity(setup)
    wizards.activate_first_stage(opportunity=opportunity, today=WORKDATE)
    with pytest.raises(ValidationError) as error:
        wizards.activate_first_stage(opportunity=opportunity, today=WORKDATE)
    assert messages_of(error.value) == [
        "Status must be equal to 'Not Started'  in Opportunity: No.=OP0001. Current value is 'In Progress'."
    ]
    empty = SalesCycle.objects.create(code="EMPTY")
    other = new_opportunity(setup, values={"sales_cycle": empty})
    with pytest.raises(ValidationError) as error:
        wizards.activate_first_stage(opportunity=other, today=WORKDATE)
    assert messages_of(error.value) == ["Sales Cycle Stage not found."]


@pytest.mark.parametrize(
    ("calculation", "probability", "calcd"),
    [(Calc.MULTIPLY, 4, 400), (Calc.ADD, 25, 2500), (Calc.CHANCES_OF_SUCCESS, 40, 4000), (Calc.COMPLETED, 10, 1000)],
)
def test_e2_create_wizard_with_first_stage(setup, calculation, probability, calcd):
    opportunity = e2(setup, calculation)

    entry = active(opportunity)
    assert (entry.chances_of_success_pct, entry.completed_pct) == (40, 10)
    assert entry.estimated_close_date == day("2024-06-28")
    assert (entry.probability_pct, entry.calcd_current_value) == (probability, calcd)
    assert Task.objects.filter(opportunity_no=opportunity.no, opportunity_entry_no=entry.pk).count() == 2


@pytest.mark.parametrize(
    ("first", "field", "message"),
    [
        (
            FirstStage(D(10000), D(0), day("2024-06-28")),
            "chances_of_success_pct",
            "Wizard Chances of Success % must be greater than 0.",
        ),
        (
            FirstStage(D(0), D(40), day("2024-06-28")),
            "estimated_value",
            "Wizard Estimated Value (LCY) must be greater than 0.",
        ),
        (
            FirstStage(D(1), D(40), None),
            "estimated_close_date",
            "You must fill in the Wizard Estimated Closing Date field.",
        ),
    ],
)
def test_e2_wizard_first_stage_checks(setup, first, field, message):
    with pytest.raises(ValidationError) as error:
        new_opportunity(setup, first=first)
    assert error.value.message_dict == {field: [message]}
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"creation_date": None}, "creation_date", "You must fill in the Creation Date field."),
        ({"description": " "}, "description", "You must fill in the Description field."),
        ({"contact": None}, "contact", "You must fill in the contact that is involved in the opportunity."),
        ({"salesperson": None}, "salesperson", "You must fill in the Salesperson Code field."),
        ({"sales_cycle": None}, "sales_cycle", "You must fill in the Sales Cycle Code field."),
    ],
)
def test_create_wizard_checks_in_bc_order(setup, changes, field, message):
    with pytest.raises(ValidationError) as error:
        new_opportunity(setup, values=changes)
    assert error.value.message_dict == {field: [message]}


def test_create_refuses_a_blocked_cycle(setup):
    setup["cycle"].blocked = True
    setup["cycle"].save()
    with pytest.raises(ValidationError) as error:
        new_opportunity(setup)
    assert error.value.message_dict == {
        "sales_cycle": ["Blocked must be equal to 'No'  in Sales Cycle: Code=NEW. Current value is 'Yes'."]
    }


@pytest.mark.parametrize(
    ("calculation", "probability", "calcd"),
    [(Calc.MULTIPLY, 18, 1800), (Calc.ADD, 45, 4500), (Calc.CHANCES_OF_SUCCESS, 60, 6000), (Calc.COMPLETED, 30, 3000)],
)
def test_e3_next(setup, calculation, probability, calcd):
    opportunity = e2(setup, calculation)
    first = active(opportunity)
    defaults = wizards.update_defaults(opportunity, today=day("2024-03-14"), date_of_change=day("2024-03-14"))
    assert (defaults.action_type, defaults.stage, defaults.chances_of_success_pct) == ("next", 2, 60)
    assert defaults.offered == ["next", "update", "skip"]

    entry = update(opportunity, "next", 2, day("2024-03-14"), close=day("2024-06-28"), cancel=True)

    first.refresh_from_db()
    assert (first.active, first.days_open) == (False, 10)
    assert (entry.sales_cycle_stage, entry.action_taken, entry.previous_sales_cycle_stage) == (2, "next", 1)
    assert (entry.completed_pct, entry.probability_pct, entry.calcd_current_value) == (30, probability, calcd)
    tasks = Task.objects.filter(opportunity_no=opportunity.no)
    assert tasks.count() == 2 and all(t.canceled and t.closed for t in tasks)
    current = Opportunity.objects.with_current().get(pk=opportunity.pk)
    assert (current.current_stage, current.calcd_current_value) == (2, calcd)


def e3(setup) -> Opportunity:
    opportunity = e2(setup)
    update(opportunity, "next", 2, day("2024-03-14"), close=day("2024-06-28"), cancel=True)
    return opportunity


def e4(setup) -> Opportunity:
    opportunity = e3(setup)
    update(opportunity, "skip", 4, day("2024-03-20"), chances=D(65), close=day("2024-03-20"))
    return opportunity


def test_e4_skip(setup):
    opportunity = e3(setup)
    stages, _active = wizards.stage_map(opportunity)
    lists = {action: [s.stage for s in stages.candidates(action)] for action in ActionType.values}
    assert lists == {"first": [], "next": [3], "previous": [1], "skip": [3, 4], "update": [2], "jump": []}

    entry = update(opportunity, "skip", 4, day("2024-03-20"), chances=D(65), close=day("2024-03-20"))

    assert (entry.sales_cycle_stage, entry.action_taken, entry.chances_of_success_pct) == (4, "jumped", 80)
    assert (entry.completed_pct, entry.probability_pct, entry.calcd_current_value) == (80, 64, 6400)
    assert entry.estimated_close_date == day("2024-04-03")
    task = Task.objects.get(opportunity_no=opportunity.no, canceled=False)
    assert (task.description, task.date, task.opportunity_entry_no) == ("Follow up", day("2024-03-25"), entry.pk)


def test_e4_skip_to_the_next_stage_is_next(setup):
    opportunity = e3(setup)
    entry = update(opportunity, "skip", 3, day("2024-03-20"), chances=D(65), close=day("2024-06-28"))
    assert (entry.action_taken, entry.chances_of_success_pct) == ("next", 70)


def test_e5_skip_not_allowed(setup):
    opportunity = e4(setup)
    with pytest.raises(ValidationError) as error:
        update(opportunity, "skip", 5, day("2024-03-21"))
    assert error.value.message_dict == {"action_type": ["Skip is not a valid selection."]}
    stages, _active = wizards.stage_map(opportunity)
    assert stages.candidates("skip") == []
    update(opportunity, "previous", 3, day("2024-03-21"), chances=D(70), close=day("2024-06-28"))
    stages, _active = wizards.stage_map(opportunity)
    assert stages.candidates("skip") == []


def test_e6_jump(setup):
    opportunity = e4(setup)
    stages, _active = wizards.stage_map(opportunity)
    assert [s.stage for s in stages.candidates("jump")] == [1, 2, 3]
    assert stages.default_stage("jump").stage == 3

    entry = update(opportunity, "jump", 2, day("2024-03-27"), chances=D(75), close=day("2024-06-28"))

    assert (entry.action_taken, entry.chances_of_success_pct, entry.completed_pct) == ("jumped", 60, 30)
    assert (entry.probability_pct, entry.calcd_current_value) == (18, 1800)
    assert opportunity.entries.get(sales_cycle_stage=4).days_open == 7


def test_e6_previous_keeps_the_typed_chances(setup):
    opportunity = e4(setup)
    entry = update(opportunity, "previous", 3, day("2024-03-27"), chances=D(65), close=day("2024-06-28"))
    assert (entry.action_taken, entry.sales_cycle_stage, entry.chances_of_success_pct) == ("previous", 3, 65)
    assert (entry.completed_pct, entry.probability_pct, entry.calcd_current_value) == (50, D("32.5"), 3250)


def test_e6_jump_to_the_stage_just_before_is_previous_with_the_stage_chances(setup):
    opportunity = e4(setup)
    entry = update(opportunity, "jump", 3, day("2024-03-27"), chances=D(65), close=day("2024-06-28"))
    assert (entry.action_taken, entry.chances_of_success_pct) == ("previous", 70)
    assert (entry.probability_pct, entry.calcd_current_value) == (35, 3500)


def test_e7_update(setup):
    opportunity = e3(setup)
    entry = update(opportunity, "update", 2, day("2024-03-15"), value=D(12000), chances=D(70), close=day("2024-06-28"))
    assert (entry.sales_cycle_stage, entry.action_taken, entry.completed_pct) == (2, "updated", 30)
    assert (entry.probability_pct, entry.calcd_current_value) == (21, 2520)
    assert Task.objects.filter(opportunity_no=opportunity.no, canceled=False).count() == 0
    assert Task.objects.filter(opportunity_no=opportunity.no).count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": day("2024-03-10")}, "date_of_change", "The Date of Change has to be after last Date of change."),
        (
            {"close": day("2024-03-14")},
            "estimated_close_date",
            "The Estimated closing date has to be later than this change.",
        ),
        ({"value": D(0)}, "estimated_value", "Estimated Value (LCY) must be greater than 0."),
        ({"chances": D(-1)}, "chances_of_success_pct", "Chances of Success % must be greater than 0."),
    ],
)
def test_e7_update_checks(setup, changes, field, message):
    opportunity = e3(setup)
    arguments = {"date": day("2024-03-15"), "value": D(12000), "chances": D(70), "close": day("2024-06-28")} | changes
    with pytest.raises(ValidationError) as error:
        update(opportunity, "update", 2, **arguments)
    assert error.value.message_dict == {field: [message]}
    assert opportunity.entries.count() == 2


def test_update_wizard_other_messages(setup):
    opportunity = e3(setup)
    with pytest.raises(ValidationError) as error:
        wizards.update_opportunity(
            opportunity=opportunity,
            action_type="update",
            stage=2,
            date_of_change=None,
            estimated_value=D(1),
            chances_of_success_pct=D(1),
            estimated_close_date=None,
            today=WORKDATE,
        )
    assert error.value.message_dict == {"date_of_change": ["You must fill in the Date of Change field."]}
    with pytest.raises(ValidationError) as error:
        update(opportunity, "next", 5, day("2024-03-15"))
    assert error.value.message_dict == {"stage": ["Stage 5 is not a valid stage for Next."]}
    stage3 = setup["cycle"].stages.get(stage=3)
    stage3.quote_required = True
    stage3.save()
    with pytest.raises(ValidationError) as error:
        update(opportunity, "next", 3, day("2024-03-15"))
    assert error.value.message_dict == {
        "stage": ["You cannot go to this stage before you have assigned a sales quote."]
    }
    opportunity.sales_quote_no = "SQ1001"
    opportunity.save()
    assert update(opportunity, "next", 3, day("2024-03-15"), close=day("2024-06-28")).sales_cycle_stage == 3
    setup["cycle"].stages.all().delete()
    with pytest.raises(ValidationError) as error:
        update(opportunity, "update", 3, day("2024-03-16"))
    assert messages_of(error.value) == ["There are no stages in sales cycle NEW."]


def close(opportunity, action, code, date, sales=None, cancel=True):
    return wizards.close_opportunity(
        opportunity=opportunity,
        action=action,
        close_opportunity_code=code,
        closing_date=date,
        sales=sales,
        cancel_old_tasks=cancel,
        today=date,
    )


@pytest.fixture
def codes(db):
    return {
        "won": CloseOpportunityCodeFactory(code="PRICE", type="won"),
        "lost": CloseOpportunityCodeFactory(code="COMPETITOR", type="lost"),
    }


def test_e8_won(setup, codes):
    opportunity = e4(setup)
    defaults = wizards.close_defaults(opportunity, action="won", today=day("2024-04-15"))
    assert defaults.close_opportunity_code == codes["won"] and defaults.cancel_old_tasks
    assert defaults.sales == 6400

    entry = close(opportunity, "won", defaults.close_opportunity_code, day("2024-04-15"), sales=D(9500))

    assert (entry.action_taken, entry.sales_cycle_stage, entry.previous_sales_cycle_stage) == ("won", 0, 4)
    assert entry.date_of_change == entry.date_closed == entry.estimated_close_date == day("2024-04-15")
    assert (entry.estimated_value, entry.calcd_current_value) == (10000, 9500)
    assert (entry.completed_pct, entry.chances_of_success_pct, entry.probability_pct) == (100, 100, 100)
    assert entry.close_opportunity_code == codes["won"] and entry.active
    assert opportunity.entries.get(sales_cycle_stage=4).days_open == 26
    assert Task.objects.get(opportunity_no=opportunity.no, description="Follow up").canceled
    current = Opportunity.objects.with_current().get(pk=opportunity.pk)
    assert (current.status, current.closed, current.date_closed) == ("won", True, day("2024-04-15"))
    assert current.current_stage == 0  # shown blank (BlankZero)


def test_e8_close_and_update_messages(setup, codes):
    opportunity = e4(setup)
    with pytest.raises(ValidationError) as error:
        close(opportunity, "won", codes["won"], day("2024-04-15"), sales=D(0))
    assert error.value.message_dict == {"sales": ["Sales (LCY) must be greater than 0."]}
    with pytest.raises(ValidationError) as error:
        close(opportunity, "won", None, day("2024-04-15"), sales=D(1))
    assert error.value.message_dict == {
        "close_opportunity_code": ["You must fill in the Close Opportunity Code field."]
    }
    with pytest.raises(ValidationError) as error:
        close(opportunity, "", codes["won"], day("2024-04-15"), sales=D(1))
    assert error.value.message_dict == {"action": ["You must select either Won or Lost."]}
    with pytest.raises(ValidationError) as error:
        close(opportunity, "won", codes["won"], None, sales=D(1))
    assert error.value.message_dict == {"closing_date": ["You must fill in the Date of Change field."]}
    with pytest.raises(ValidationError) as error:
        close(opportunity, "won", codes["won"], day("2024-03-19"), sales=D(1))
    assert error.value.message_dict == {"closing_date": ["The Closing Date has to be after last Date of change."]}
    with pytest.raises(ValidationError) as error:
        close(opportunity, "won", codes["lost"], day("2024-04-15"), sales=D(1))
    assert "close_opportunity_code" in error.value.message_dict

    close(opportunity, "won", codes["won"], day("2024-04-15"), sales=D(9500))
    closed_message = ["Closed must be equal to 'No'  in Opportunity: No.=OP0001. Current value is 'Yes'."]
    with pytest.raises(ValidationError) as error:
        update(opportunity, "update", 4, day("2024-04-16"))
    assert messages_of(error.value) == closed_message
    with pytest.raises(ValidationError) as error:
        close(opportunity, "lost", codes["lost"], day("2024-04-16"))
    assert messages_of(error.value) == closed_message


def test_e9_lost(setup, codes):
    opportunity = e3(setup)
    entry = close(opportunity, "lost", codes["lost"], day("2024-03-20"))
    assert (entry.calcd_current_value, entry.chances_of_success_pct, entry.probability_pct) == (0, 0, 0)
    assert (entry.completed_pct, entry.estimated_value, entry.active) == (100, 10000, True)
    opportunity.refresh_from_db()
    assert opportunity.status == "lost" and opportunity.closed


def test_closing_a_not_started_opportunity(setup, codes):
    opportunity = new_opportunity(setup)
    entry = close(opportunity, "lost", codes["lost"], WORKDATE)
    assert (entry.estimated_value, entry.date_of_change, entry.previous_sales_cycle_stage) == (0, WORKDATE, 0)
    assert Opportunity.objects.get(pk=opportunity.pk).status == "lost"


def test_e11_days_open_per_entry(setup):
    a = new_opportunity(setup)
    wizards.activate_first_stage(opportunity=a, today=day("2024-03-04"))
    update(a, "next", 2, day("2024-03-14"), close=day("2024-06-28"))
    b = new_opportunity(setup)
    wizards.activate_first_stage(opportunity=b, today=day("2024-03-01"))
    update(b, "update", 1, day("2024-03-05"), chances=D(50), close=day("2024-06-28"))
    update(b, "next", 2, day("2024-03-12"), close=day("2024-06-28"))
    days = sorted(
        OpportunityEntry.objects.filter(active=False, sales_cycle_stage=1).values_list("days_open", flat=True)
    )
    assert days == [4, 7, 10]


def test_e13_segment_with_first_stage(setup):
    segment = SegmentFactory(no="SM0001", campaign=setup["campaign"], salesperson=setup["salesperson"])
    ct1, ct2 = PersonFactory(no="CT0011"), PersonFactory(no="CT0012")
    SegmentLineFactory(segment=segment, contact=ct1, line_no=10000)
    SegmentLineFactory(segment=segment, contact=ct2, line_no=20000)
    blocked = PersonFactory(no="CT0013", privacy_blocked=True)
    SegmentLineFactory(segment=segment, contact=blocked, line_no=30000)
    values = creation.wizard_defaults(today=WORKDATE, segment=segment)
    values.description = "Spring deals"
    assert (values.campaign, values.salesperson, values.sales_cycle) == (setup["campaign"], setup["salesperson"], None)
    values.sales_cycle = setup["cycle"]
    first = FirstStage(D(1000), D(50), day("2024-04-30"))

    result = creation.create_for_segment(values=values, first=first, today=WORKDATE, creation_id=uuid.uuid4())

    assert (result.count, result.first_no, result.last_no, result.skipped_privacy_blocked) == (2, "OP0001", "OP0002", 1)
    opportunities = list(Opportunity.objects.with_current().order_by("no"))
    assert [(o.no, o.contact.no) for o in opportunities] == [("OP0001", "CT0011"), ("OP0002", "CT0012")]
    for opportunity in opportunities:
        assert (opportunity.campaign, opportunity.segment, opportunity.salesperson) == (
            setup["campaign"],
            segment,
            setup["salesperson"],
        )
        assert opportunity.contact_company_id == opportunity.contact.company_id
        assert (opportunity.status, opportunity.current_stage) == ("in_progress", 1)
        assert (opportunity.probability_pct, opportunity.calcd_current_value) == (5, 50)
        assert opportunity.estimated_closing_date == day("2024-04-30")
        entry = active(opportunity)
        tasks = Task.objects.filter(opportunity_no=opportunity.no).order_by("date")
        assert [(t.description, t.date, t.segment, t.contact, t.opportunity_entry_no) for t in tasks] == [
            ("Call", WORKDATE, segment, opportunity.contact, entry.pk),
            ("Send brochure", day("2024-03-11"), segment, opportunity.contact, entry.pk),
        ]
    assert sorted(Task.objects.values_list("no", flat=True)) == ["TD0001", "TD0002", "TD0003", "TD0004"]


def test_e13_the_same_confirmation_twice_creates_once(setup):
    segment = SegmentFactory(no="SM0001", campaign=setup["campaign"], salesperson=setup["salesperson"])
    SegmentLineFactory(segment=segment)
    values = creation.wizard_defaults(today=WORKDATE, segment=segment)
    values.sales_cycle = setup["cycle"]
    run = uuid.uuid4()
    creation.create_for_segment(values=values, first=None, today=WORKDATE, creation_id=run)
    again = creation.create_for_segment(values=values, first=None, today=WORKDATE, creation_id=run)
    assert again.already_done and again.count == 1 and Opportunity.objects.count() == 1


def test_e13_empty_segment_and_the_segment_action(setup):
    segment = SegmentFactory(no="SM0001", campaign=setup["campaign"], salesperson=setup["salesperson"])
    values = creation.wizard_defaults(today=WORKDATE, segment=segment)
    values.sales_cycle = setup["cycle"]
    with pytest.raises(ValidationError) as error:
        creation.create_for_segment(values=values, first=None, today=WORKDATE, creation_id=uuid.uuid4())
    assert messages_of(error.value) == ["You cannot create opportunities on an empty segment."]

    SegmentLineFactory(segment=segment, contact=PersonFactory(no="CT0011"), description="")
    SegmentLineFactory(segment=segment, contact=PersonFactory(no="CT0012"), description="Line text")
    result = creation.create_not_started_for_segment(segment=segment, today=WORKDATE, creation_id=uuid.uuid4())

    assert result.count == 2
    rows = list(Opportunity.objects.order_by("no").values_list("status", "description", "campaign", "segment"))
    assert rows == [
        ("not_started", segment.description, setup["campaign"].pk, segment.pk),
        ("not_started", "Line text", setup["campaign"].pk, segment.pk),
    ]
    assert not OpportunityEntry.objects.exists() and not Task.objects.exists()
