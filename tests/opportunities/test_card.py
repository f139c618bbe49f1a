"""The Opportunity Card's change rules and questions (§4.2), its statistics, and deletion (§4.7, E12)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from opportunities.models import Opportunity, OpportunityEntry, SalesCycle
from opportunities.services import card, messages, wizards
from pricing.models import CampaignTargetGroup
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.interactions.factories import InteractionLogEntryFactory
from tests.opportunities.factories import (
    CloseOpportunityCodeFactory,
    OpportunityFactory,
    SalesCycleFactory,
    new_sales_cycle,
)
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory

pytestmark = pytest.mark.django_db
WORKDATE = datetime.date(2024, 3, 4)
D = Decimal


def activated_campaign(no: str, **fields) -> object:
    campaign = CampaignFactory(
        no=no, starting_date=datetime.date(2024, 1, 1), ending_date=datetime.date(2024, 12, 31), **fields
    )
    CampaignTargetGroup.objects.create(type="contact", contact=CompanyFactory(), campaign=campaign)
    return campaign


@pytest.fixture
def opp(series):
    cycle = new_sales_cycle()
    company = CompanyFactory(no="CT0001", name="Fleet Co")
    return OpportunityFactory(
        no="OP0001",
        description="Fleet deal",
        contact=company,
        contact_company=company,
        salesperson=SalespersonFactory(code="JR"),
        campaign=activated_campaign("CP0001"),
        sales_cycle=cycle,
        creation_date=WORKDATE,
    )


def started(opportunity: Opportunity) -> Opportunity:
    wizards.activate_first_stage(opportunity=opportunity, today=WORKDATE)
    opportunity.refresh_from_db()
    return opportunity


def save(opportunity, answers=None, **changes):
    opportunity.refresh_from_db()
    return card.update_opportunity_card(
        opportunity=opportunity, changes=changes, expected_version=opportunity.version, answers=answers
    )


def error_of(excinfo) -> tuple[str, str]:
    field, errors = next(iter(excinfo.value.error_dict.items()))
    return field, errors[0].messages[0] if hasattr(errors[0], "messages") else str(errors[0])


def test_person_of_another_company_is_refused_once_started(opp):
    started(opp)
    other = PersonFactory(no="CT0100", name="Ann Other", company=CompanyFactory(no="CT0099"))
    with pytest.raises(ValidationError) as excinfo:
        save(opp, contact=other)
    assert error_of(excinfo) == ("contact", "Contact CT0100 Ann Other is related to another company.")


def test_contact_of_another_company_is_accepted_while_not_started(opp):
    other = CompanyFactory(no="CT0099")
    save(opp, contact=other)
    opp.refresh_from_db()
    assert opp.contact == other and opp.contact_company == other


def test_person_of_the_same_company_follows_on_the_active_entry(opp):
    started(opp)
    person = PersonFactory(company=opp.contact)
    save(opp, answers={"contact": False}, contact=person)
    entry = opp.entries.get(active=True)
    assert entry.contact == person and entry.contact_company == opp.contact_company


def test_salesperson_cannot_be_cleared(opp):
    with pytest.raises(ValidationError) as excinfo:
        save(opp, salesperson=None)
    assert error_of(excinfo)[1] == messages.SALESPERSON_MUST_HAVE_VALUE % {"no": "OP0001"}


def test_campaign_must_cover_the_creation_date(opp):
    late = CampaignFactory(no="CP0002", starting_date=datetime.date(2025, 1, 1), ending_date=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError) as excinfo:
        save(opp, campaign=late)
    assert error_of(excinfo)[0] == "campaign"
    assert "CP0002" in error_of(excinfo)[1]


def test_campaign_without_ending_date_fails_as_in_bc(opp):
    open_ended = CampaignFactory(no="CP0003", starting_date=datetime.date(2024, 1, 1), ending_date=None)
    with pytest.raises(ValidationError):
        save(opp, campaign=open_ended)


def test_campaign_must_be_activated(opp):
    idle = CampaignFactory(
        no="CP0004", starting_date=datetime.date(2024, 1, 1), ending_date=datetime.date(2024, 12, 31)
    )
    with pytest.raises(ValidationError) as excinfo:
        save(opp, campaign=idle)
    assert error_of(excinfo)[1] == messages.CAMPAIGN_NOT_ACTIVATED % {"no": "CP0004"}


def test_new_campaign_brings_its_only_segment(opp):
    campaign = activated_campaign("CP0005")
    segment = SegmentFactory(no="SM0005", campaign=campaign)
    save(opp, campaign=campaign)
    opp.refresh_from_db()
    assert opp.segment == segment


def test_campaign_with_two_segments_clears_the_segment(opp):
    opp.segment = SegmentFactory(no="SM0001", campaign=opp.campaign)
    opp.save()
    campaign = activated_campaign("CP0006")
    SegmentFactory(campaign=campaign)
    SegmentFactory(campaign=campaign)
    save(opp, campaign=campaign)
    opp.refresh_from_db()
    assert opp.segment is None


def test_segment_of_another_campaign_is_refused(opp):
    other = SegmentFactory(no="SM0009", campaign=CampaignFactory(no="CP0009"))
    with pytest.raises(ValidationError) as excinfo:
        save(opp, segment=other)
    assert error_of(excinfo)[1] == messages.SEGMENT_OTHER_CAMPAIGN % {
        "campaign": "CP0001",
        "segment": "SM0009",
        "current": "CP0009",
    }


def test_sales_cycle_changes_only_while_not_started(opp):
    other = SalesCycleFactory(code="OTHER")
    save(opp, sales_cycle=other)
    opp.refresh_from_db()
    assert opp.sales_cycle == other
    opp.sales_cycle = SalesCycle.objects.get(code="NEW")
    opp.save()
    started(opp)
    save(opp, sales_cycle=other)  # not editable once started: ignored
    opp.refresh_from_db()
    assert opp.sales_cycle.code == "NEW"


def test_blocked_sales_cycle_is_refused(opp):
    with pytest.raises(ValidationError) as excinfo:
        save(opp, sales_cycle=SalesCycleFactory(code="OLD", blocked=True))
    assert error_of(excinfo)[1] == messages.CYCLE_BLOCKED % {"code": "OLD"}


def test_sales_quote_no_is_unique_with_bcs_message(opp):
    started(opp)
    OpportunityFactory(no="OP0002", sales_quote_no="SQ1")
    with pytest.raises(ValidationError) as excinfo:
        save(opp, sales_quote_no="SQ1")
    assert error_of(excinfo) == ("sales_quote_no", "Sales Quote SQ1 is already assigned to opportunity OP0002.")


def test_sales_quote_no_is_ignored_while_not_started(opp):
    save(opp, sales_quote_no="SQ9")
    opp.refresh_from_db()
    assert opp.sales_quote_no == ""


@pytest.mark.parametrize(
    ("field", "question"),
    [
        ("contact", messages.CHANGE_TASKS_CONTACT_QST),
        ("salesperson", messages.CHANGE_TASKS_SALESPERSON_QST),
        ("campaign", messages.CHANGE_TASKS_CAMPAIGN_QST),
    ],
)
def test_open_tasks_with_the_old_value_raise_the_question(opp, field, question):
    started(opp)
    new = {
        "contact": PersonFactory(company=opp.contact),
        "salesperson": SalespersonFactory(code="NEW"),
        "campaign": activated_campaign("CP0007"),
    }[field]
    version = Opportunity.objects.get(pk=opp.pk).version
    with pytest.raises(card.QuestionRequired) as excinfo:
        save(opp, **{field: new})
    assert excinfo.value.question == question
    assert Opportunity.objects.get(pk=opp.pk).version == version  # nothing written before the answer
    tasks = Task.objects.filter(opportunity_no="OP0001")
    save(opp, answers={field: True}, **{field: new})
    assert {getattr(task, f"{field}_id") for task in tasks} == {new.pk}
    assert getattr(opp.entries.get(active=True), f"{field}_id") == new.pk


def test_no_keeps_the_tasks_but_the_active_entry_follows(opp):
    started(opp)
    new = SalespersonFactory(code="NEW")
    save(opp, answers={"salesperson": False}, salesperson=new)
    assert set(Task.objects.filter(opportunity_no="OP0001").values_list("salesperson__code", flat=True)) == {"JR"}
    assert opp.entries.get(active=True).salesperson == new
    opp.refresh_from_db()
    assert opp.salesperson == new


def test_closed_tasks_are_not_asked_about(opp):
    started(opp)
    Task.objects.filter(opportunity_no="OP0001").update(closed=True, status="completed")
    save(opp, salesperson=SalespersonFactory(code="NEW"))  # no QuestionRequired
    opp.refresh_from_db()
    assert opp.salesperson.code == "NEW"


def test_stale_version_is_refused(opp):
    opp.refresh_from_db()
    stale = opp.version
    Opportunity.objects.filter(pk=opp.pk).update(version=stale + 1)
    with pytest.raises(ValidationError) as excinfo:
        card.update_opportunity_card(opportunity=opp, changes={"description": "X"}, expected_version=stale)
    assert "Another user has modified the record" in excinfo.value.messages[0]


def test_statistics_in_one_query(opp, django_assert_num_queries):
    started(opp)
    InteractionLogEntryFactory(opportunity_no="OP0001")
    InteractionLogEntryFactory(opportunity_no="OP0001", canceled=True)
    InteractionLogEntryFactory(opportunity_no="OP0001", postponed=True)
    with django_assert_num_queries(1):
        stats = card.with_statistics(Opportunity.objects.filter(no="OP0001")).get()
    assert stats.current_stage == 1
    assert stats.chances_of_success_pct == 50 and stats.probability_pct == 5
    assert stats.estimated_closing_date == datetime.date(2024, 3, 18)
    assert stats.no_of_interactions == 1
    assert stats.open_tasks == 2


# --- E12 -----------------------------------------------------------------------------------------------


@pytest.fixture
def e12(opp):
    CloseOpportunityCodeFactory(code="PRICE", type="won")
    CloseOpportunityCodeFactory(code="COMPETITOR", type="lost")
    op1 = started(opp)
    op2, op3 = (
        started(OpportunityFactory(no=no, campaign=opp.campaign, sales_cycle=opp.sales_cycle, creation_date=WORKDATE))
        for no in ("OP0002", "OP0003")
    )
    wizards.close_opportunity(
        opportunity=op2,
        action="won",
        close_opportunity_code=CloseOpportunityCodeFactory(code="PRICE"),
        closing_date=datetime.date(2024, 4, 15),
        sales=D(7500),
        today=datetime.date(2024, 4, 15),
    )
    wizards.close_opportunity(
        opportunity=op3,
        action="lost",
        close_opportunity_code=CloseOpportunityCodeFactory(code="COMPETITOR"),
        closing_date=datetime.date(2024, 4, 15),
        sales=D(0),
        today=datetime.date(2024, 4, 15),
    )
    op4 = OpportunityFactory(no="OP0004", campaign=opp.campaign, sales_cycle=opp.sales_cycle)
    return op1, op2, op3, op4


def test_e12_in_progress_cannot_be_deleted(e12):
    with pytest.raises(ValidationError) as excinfo:
        card.delete_opportunity(opportunity=e12[0])
    assert excinfo.value.messages == ["You cannot delete this opportunity while it is active."]


def test_e12_won_is_deleted_with_entries_tasks_and_interactions_keep_the_no(e12):
    op2 = e12[1]
    InteractionLogEntryFactory(opportunity_no="OP0002")
    card.delete_opportunity(opportunity=op2)
    assert not Opportunity.objects.filter(no="OP0002").exists()
    assert not OpportunityEntry.objects.filter(opportunity_id=op2.pk).exists()
    assert Task.objects.filter(opportunity_no="OP0002").exists()


def test_e12_delete_opportunities_deletes_only_closed(e12):
    card.delete_opportunity(opportunity=e12[1])
    count = card.delete_closed_opportunities(card.deletable_closed(Opportunity.objects.all(), campaign=e12[0].campaign))
    assert count == 1  # OP0003; OP0004 is not closed
    assert set(Opportunity.objects.values_list("no", flat=True)) == {"OP0001", "OP0004"}


def test_not_started_can_be_deleted(e12):
    card.delete_opportunity(opportunity=e12[3])
    assert not Opportunity.objects.filter(no="OP0004").exists()
