"""Opportunity pages through the client: list, card, New, the creation paths, deletion, the panel."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from interactions.models import InteractionLogEntry
from opportunities.models import Opportunity
from opportunities.services import messages, wizards
from salespeople.models import Salesperson, TeamSalesperson
from tasks.models import Task
from tasks.views import interaction_url
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory
from tests.interactions.factories import InteractionLogEntryFactory, InteractionTemplateFactory
from tests.opportunities.factories import CloseOpportunityCodeFactory, OpportunityFactory, new_sales_cycle
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db
WORKDATE = datetime.date(2024, 3, 4)


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def world(series):
    cycle = new_sales_cycle()
    from core.models import MarketingSetup

    setup = MarketingSetup.get()
    setup.default_sales_cycle = cycle
    setup.save()
    company = CompanyFactory(no="CT0001", name="Fleet Co")
    return {
        "cycle": cycle,
        "company": company,
        "jr": SalespersonFactory(code="JR", name="John Roberts"),
        "campaign": CampaignFactory(no="CP0001"),
    }


def opportunity(world, no="OP0001", **fields) -> Opportunity:
    values = {
        "no": no,
        "description": "Fleet deal",
        "contact": world["company"],
        "contact_company": world["company"],
        "salesperson": world["jr"],
        "campaign": world["campaign"],
        "sales_cycle": world["cycle"],
        "creation_date": WORKDATE,
    } | fields
    return OpportunityFactory(**values)


def started(opp: Opportunity) -> Opportunity:
    wizards.activate_first_stage(opportunity=opp, today=WORKDATE)
    opp.refresh_from_db()
    return opp


def own_salesperson(user, code="LS") -> Salesperson:
    return SalespersonFactory(code=code, user=user)


# --- list -------------------------------------------------------------------------------------------


def test_list_shows_the_columns_and_filters_by_campaign(world, client_as, marketer):
    started(opportunity(world))
    opportunity(world, no="OP0002", campaign=CampaignFactory(no="CP0002"))
    response = client_as(marketer).get(reverse("opportunities:list") + "?campaign=cp0001")
    assert response.status_code == 200
    body = response.content.decode()
    assert "OP0001" in body and "OP0002" not in body
    assert "Fleet Co" in body and "NEW" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_progress", {"OP0001"}),
        ("closed=false", {"OP0001", "OP0002"}),
        ("stage=1", {"OP0001"}),
        ("sales_cycle=NEW", {"OP0001", "OP0002"}),
        ("contact=CT0001", {"OP0001", "OP0002"}),
        ("salesperson=JR", {"OP0001", "OP0002"}),
        ("closing_from=2024-03-18&closing_to=2024-03-18", {"OP0001"}),
        ("team=NORTH", {"OP0001", "OP0002"}),
    ],
)
def test_list_filters(world, client_as, marketer, query, expected):
    started(opportunity(world))
    opportunity(world, no="OP0002")
    team = TeamFactory(code="NORTH")
    TeamSalesperson.objects.create(team=team, salesperson=world["jr"])
    response = client_as(marketer).get(reverse("opportunities:list") + "?" + query)
    assert {o.no for o in response.context["page_obj"]} == expected


def test_list_sorts_by_calcd_current_value(world, client_as, marketer):
    opp1 = started(opportunity(world))
    opportunity(world, no="OP0002")
    response = client_as(marketer).get(reverse("opportunities:list") + "?o=-calcd_current_value")
    assert [o.no for o in response.context["page_obj"]] == [opp1.no, "OP0002"]
    assert response.context["order"] == "-calcd_current_value"


def test_salesperson_sees_only_own_opportunities(world, client_as, salesperson_user):
    mine = opportunity(world, salesperson=own_salesperson(salesperson_user))
    opportunity(world, no="OP0002")
    response = client_as(salesperson_user).get(reverse("opportunities:list"))
    assert [o.no for o in response.context["page_obj"]] == [mine.no]


def test_list_query_count_does_not_grow_with_rows(world, client_as, marketer):
    client = client_as(marketer)
    url = reverse("opportunities:list")
    started(opportunity(world))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 12):
        started(opportunity(world, no=f"OP{n:04d}", campaign=CampaignFactory()))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "campaign=CP%00",
        "contact=%00",
        "stage=99999999999999999999",
        "stage=1.5",
        "closing_from=9999-12-31",
        "closing_to=0001-01-01",
        "closing_from=99999-01-01",
        "o=nonsense",
        "page=999",
    ],
)
def test_list_bad_input_is_no_500(world, client_as, marketer, query):
    opportunity(world)
    response = client_as(marketer).get(reverse("opportunities:list") + "?" + query)
    assert response.status_code == 200


# --- card -------------------------------------------------------------------------------------------


def card_url(no="OP0001") -> str:
    return reverse("opportunities:detail", kwargs={"no": no})


def card_data(opp: Opportunity, **changes) -> dict:
    opp.refresh_from_db()
    data = {
        "description": opp.description,
        "contact": opp.contact.no,
        "salesperson": opp.salesperson.code,
        "campaign": opp.campaign.no if opp.campaign else "",
        "segment": opp.segment.no if opp.segment else "",
        "sales_cycle": opp.sales_cycle.code if opp.sales_cycle else "",
        "priority": opp.priority,
        "sales_quote_no": opp.sales_quote_no,
        "version": opp.version,
    }
    return data | changes


def test_card_shows_statistics_and_entries(world, client_as, admin):
    opp = started(opportunity(world))
    InteractionLogEntryFactory(opportunity_no=opp.no)
    response = client_as(admin).get(card_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="stat-interactions">1<' in body
    assert 'data-testid="stat-open-tasks">2<' in body
    assert 'data-testid="stat-probability">5.0<' in body
    assert "Initial" in body  # the stage description
    assert reverse("opportunities:update", kwargs={"no": opp.no}) in body
    assert "assign-activity" in body and "opportunity=OP0001" in body


def test_card_query_count_does_not_grow_with_entries(world, client_as, marketer):
    client = client_as(marketer)
    opp = started(opportunity(world))
    with CaptureQueriesContext(connection) as few:
        client.get(card_url())
    for day in (10, 12, 14):
        wizards.update_opportunity(
            opportunity=opp,
            action_type=wizards.ActionType.UPDATE,
            stage=1,
            date_of_change=datetime.date(2024, 3, day),
            estimated_value=Decimal(100),
            chances_of_success_pct=Decimal(50),
            estimated_close_date=datetime.date(2024, 6, 1),
            today=datetime.date(2024, 3, day),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(card_url())
    assert len(response.context["entries"]) == 4
    assert len(many) == len(few)


def test_card_saves_a_change(world, client_as, marketer):
    opp = opportunity(world)
    response = client_as(marketer).post(card_url(), card_data(opp, description="Bigger fleet", priority="high"))
    assert response.status_code == 302
    opp.refresh_from_db()
    assert (opp.description, opp.priority) == ("Bigger fleet", "high")
    assert texts(response) == ["Opportunity OP0001 has been saved."]


def test_card_refuses_a_stale_version(world, client_as, marketer):
    opp = opportunity(world)
    data = card_data(opp, description="Mine")
    Opportunity.objects.filter(pk=opp.pk).update(version=opp.version + 1, description="Theirs")
    response = client_as(marketer).post(card_url(), data)
    assert response.status_code == 200
    assert "Another user has modified the record" in response.content.decode()
    assert Opportunity.objects.get(pk=opp.pk).description == "Theirs"
    assert 'value="Mine"' in response.content.decode()  # nothing typed is lost


def test_card_rule_error_is_shown_next_to_the_field(world, client_as, marketer):
    opp = opportunity(world)
    late = CampaignFactory(no="CP0009", starting_date=datetime.date(2030, 1, 1), ending_date=datetime.date(2030, 2, 1))
    response = client_as(marketer).post(card_url(), card_data(opp, campaign=late.no))
    assert response.status_code == 200
    assert "CP0009" in str(response.context["form"].errors["campaign"])


def test_card_asks_about_open_tasks_then_moves_them(world, client_as, marketer):
    opp = started(opportunity(world))
    client = client_as(marketer)
    SalespersonFactory(code="NEW")
    data = card_data(opp, salesperson="NEW")
    response = client.post(card_url(), data)
    assert response.status_code == 200
    assert str(messages.CHANGE_TASKS_SALESPERSON_QST) in response.content.decode()
    assert Opportunity.objects.get(pk=opp.pk).salesperson.code == "JR"  # nothing written yet
    hidden = response.context["hidden"]
    assert hidden["question"] == "salesperson"
    response = client.post(card_url(), hidden | {"confirmed": "yes"})
    assert response.status_code == 302
    assert set(Task.objects.filter(opportunity_no=opp.no).values_list("salesperson__code", flat=True)) == {"NEW"}
    assert "2 open tasks have been changed." in texts(response)


def test_card_answer_no_keeps_the_tasks(world, client_as, marketer):
    opp = started(opportunity(world))
    client = client_as(marketer)
    SalespersonFactory(code="NEW")
    hidden = client.post(card_url(), card_data(opp, salesperson="NEW")).context["hidden"]
    response = client.post(card_url(), hidden | {"confirmed": "no"})
    assert response.status_code == 302
    assert Opportunity.objects.get(pk=opp.pk).salesperson.code == "NEW"
    assert set(Task.objects.filter(opportunity_no=opp.no).values_list("salesperson__code", flat=True)) == {"JR"}


def test_card_quote_no_taken_is_a_message_not_an_error(world, client_as, marketer):
    opp = started(opportunity(world))
    opportunity(world, no="OP0002", sales_quote_no="SQ1")
    response = client_as(marketer).post(card_url(), card_data(opp, sales_quote_no="SQ1"))
    assert response.status_code == 200
    assert "Sales Quote SQ1 is already assigned to opportunity OP0002." in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"description": "bad\x00"},
        {"contact": "CT\x00"},
        {"version": "99999999999999999999999"},
        {"priority": "x"},
        {"salesperson": "NOPE"},
        {"sales_cycle": "\x00"},
    ],
)
def test_card_bad_input_is_no_500(world, client_as, marketer, changes):
    opp = opportunity(world)
    response = client_as(marketer).post(card_url(), card_data(opp, **changes))
    assert response.status_code in {200, 302}


def test_closed_card_is_read_only(world, client_as, marketer):
    opp = started(opportunity(world))
    wizards.close_opportunity(
        opportunity=opp,
        action="lost",
        close_opportunity_code=CloseOpportunityCodeFactory(code="COMP", type="lost"),
        closing_date=WORKDATE,
        today=WORKDATE,
    )
    response = client_as(marketer).get(card_url())
    assert all(field.disabled for field in response.context["form"].fields.values())
    response = client_as(marketer).post(card_url(), card_data(opp, description="Changed"))
    assert Opportunity.objects.get(pk=opp.pk).description == "Fleet deal"


def test_salesperson_cannot_open_or_post_anothers_opportunity(world, client_as, salesperson_user):
    own_salesperson(salesperson_user)
    opp = opportunity(world)
    client = client_as(salesperson_user)
    assert client.get(card_url()).status_code == 404
    assert client.post(card_url(), card_data(opp, description="Mine")).status_code == 404
    assert Opportunity.objects.get(pk=opp.pk).description == "Fleet deal"


def test_salesperson_can_save_own_opportunity(world, client_as, salesperson_user):
    opp = opportunity(world, salesperson=own_salesperson(salesperson_user))
    response = client_as(salesperson_user).post(card_url(), card_data(opp, description="Mine"))
    assert response.status_code == 302
    assert Opportunity.objects.get(pk=opp.pk).description == "Mine"


# --- New and the creation paths ------------------------------------------------------------------------


def test_new_is_prefilled_from_the_contact(world, client_as, marketer):
    world["company"].salesperson = world["jr"]
    world["company"].save()
    response = client_as(marketer).get(reverse("opportunities:create") + "?contact=CT0001")
    form = response.context["form"]
    assert (form.initial["contact"], form.initial["salesperson"], form.initial["sales_cycle"]) == (
        "CT0001",
        "JR",
        "NEW",
    )


def test_new_creates_and_the_card_asks_to_activate_the_first_stage(world, client_as, marketer):
    client = client_as(marketer)
    data = {
        "description": "Fleet",
        "contact": "CT0001",
        "salesperson": "JR",
        "sales_cycle": "NEW",
        "priority": "normal",
    }
    response = client.post(reverse("opportunities:create"), data)
    opp = Opportunity.objects.get()
    assert opp.no == "OP0001" and opp.status == "not_started"
    assert response["Location"] == card_url(opp.no) + "?created=1"
    assert texts(response) == ["Opportunity OP0001 has been created."]
    card = client.get(response["Location"]).content.decode()
    assert str(messages.ACTIVATE_FIRST_STAGE_QST) in card
    response = client.post(reverse("opportunities:activate_first_stage", kwargs={"no": opp.no}), {"confirmed": "yes"})
    assert Opportunity.objects.get().status == "in_progress"


def test_new_manual_no_needs_a_series_that_allows_it(world, client_as, marketer):
    data = {"no": "MINE", "description": "Fleet", "contact": "CT0001", "salesperson": "JR", "sales_cycle": "NEW"}
    response = client_as(marketer).post(reverse("opportunities:create"), data | {"priority": "normal"})
    assert response.status_code == 200
    assert "OPP" in str(response.context["form"].errors["no"])
    assert not Opportunity.objects.exists()


def test_new_refuses_a_taken_manual_no(world, client_as, marketer):
    from core.models import MarketingSetup

    MarketingSetup.get().opportunity_nos.__class__.objects.update(manual_nos=True)
    opportunity(world, no="MINE")
    data = {"no": "MINE", "description": "Fleet", "contact": "CT0001", "salesperson": "JR", "priority": "normal"}
    response = client_as(marketer).post(reverse("opportunities:create"), data)
    assert response.status_code == 200
    assert "Opportunity MINE already exists." in str(response.context["form"].errors["no"])


@pytest.mark.parametrize(
    "changes", [{"description": "a\x00b"}, {"contact": ""}, {"contact": "\x00"}, {"salesperson": ""}, {"segment": "X"}]
)
def test_new_bad_input_is_a_message_not_a_500(world, client_as, marketer, changes):
    data = {"description": "Fleet", "contact": "CT0001", "salesperson": "JR", "priority": "normal"} | changes
    response = client_as(marketer).post(reverse("opportunities:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_create_from_interaction(world, client_as, marketer):
    entry = InteractionLogEntryFactory(salesperson=world["jr"])
    response = client_as(marketer).post(reverse("opportunities:create_from_interaction", kwargs={"entry_no": entry.pk}))
    opp = Opportunity.objects.get()
    assert response["Location"] == card_url(opp.no)
    assert texts(response) == [f"Opportunity {opp.no} was created based on selected interaction log entry."]
    assert InteractionLogEntry.objects.get(pk=entry.pk).opportunity_no == opp.no


def test_create_from_canceled_interaction_is_a_message_on_the_entry(world, client_as, marketer):
    entry = InteractionLogEntryFactory(salesperson=world["jr"], canceled=True)
    response = client_as(marketer).post(reverse("opportunities:create_from_interaction", kwargs={"entry_no": entry.pk}))
    assert response["Location"] == reverse("interactions:entry_detail", kwargs={"pk": entry.pk})
    assert "Canceled must be equal to 'No'" in texts(response)[0]
    assert not Opportunity.objects.exists()


def test_create_from_segment_line(world, client_as, marketer):
    line = SegmentLineFactory(segment=SegmentFactory(no="SM0001", campaign=world["campaign"], salesperson=world["jr"]))
    url = reverse("opportunities:create_from_segment_line", kwargs={"no": "SM0001", "line_no": line.line_no})
    response = client_as(marketer).post(url)
    opp = Opportunity.objects.get()
    assert (opp.contact, opp.campaign, opp.segment.no) == (line.contact, world["campaign"], "SM0001")
    assert response["Location"] == card_url(opp.no)


def test_segment_create_not_started_asks_first_then_creates(world, client_as, marketer):
    segment = SegmentFactory(no="SM0001", campaign=world["campaign"], salesperson=world["jr"])
    SegmentLineFactory(segment=segment)
    SegmentLineFactory(segment=segment)
    client = client_as(marketer)
    url = reverse("opportunities:segment_create_not_started", kwargs={"no": "SM0001"})
    response = client.post(url)
    assert str(messages.CREATE_ALL_IN_SEGMENT_QST) in response.content.decode()
    assert not Opportunity.objects.exists()
    hidden = response.context["hidden"]
    response = client.post(url, hidden | {"confirmed": "yes"})
    assert Opportunity.objects.filter(status="not_started", segment=segment).count() == 2
    assert texts(response) == ["2 opportunities have been created: OP0001 to OP0002."]
    client.post(url, hidden | {"confirmed": "yes"})  # the same answer again creates nothing
    assert Opportunity.objects.count() == 2


def test_segment_create_not_started_on_empty_segment(world, client_as, marketer):
    SegmentFactory(no="SM0001")
    response = client_as(marketer).post(reverse("opportunities:segment_create_not_started", kwargs={"no": "SM0001"}))
    assert texts(response) == [str(messages.EMPTY_SEGMENT)]


# --- deletion -----------------------------------------------------------------------------------------


def test_delete_in_progress_is_refused(world, client_as, marketer):
    started(opportunity(world))
    response = client_as(marketer).post(reverse("opportunities:delete", kwargs={"no": "OP0001"}), {"confirmed": "yes"})
    assert texts(response) == ["You cannot delete this opportunity while it is active."]
    assert Opportunity.objects.exists()


def test_delete_asks_then_deletes(world, client_as, marketer):
    opportunity(world)
    client = client_as(marketer)
    url = reverse("opportunities:delete", kwargs={"no": "OP0001"})
    response = client.post(url)
    assert "Do you want to delete" in response.content.decode() and Opportunity.objects.exists()
    response = client.post(url, {"confirmed": "yes"})
    assert response["Location"] == reverse("opportunities:list")
    assert not Opportunity.objects.exists()


def test_e12_delete_opportunities_by_campaign(world, client_as, marketer):
    lost = CloseOpportunityCodeFactory(code="COMP", type="lost")
    started(opportunity(world))
    op3 = started(opportunity(world, no="OP0003"))
    wizards.close_opportunity(
        opportunity=op3, action="lost", close_opportunity_code=lost, closing_date=WORKDATE, today=WORKDATE
    )
    opportunity(world, no="OP0004")
    client = client_as(marketer)
    url = reverse("opportunities:delete_closed")
    response = client.get(url + "?campaign=CP0001")
    assert response.context["matching"] == 1
    response = client.post(url, {"campaign": "CP0001"})
    assert str(messages.DELETE_CLOSED_QST % {"count": 1}) in response.content.decode()
    assert Opportunity.objects.count() == 3
    response = client.post(url, {"campaign": "CP0001", "confirmed": "yes"})
    assert set(Opportunity.objects.values_list("no", flat=True)) == {"OP0001", "OP0004"}
    assert texts(response) == ["1 closed opportunities have been deleted."]


@pytest.mark.parametrize("query", ["date_closed_from=9999-12-31", "date_closed_to=0001-01-01", "no=%00", "contact=%00"])
def test_delete_closed_bad_input_is_no_500(world, client_as, marketer, query):
    response = client_as(marketer).get(reverse("opportunities:delete_closed") + "?" + query)
    assert response.status_code == 200


# --- panel --------------------------------------------------------------------------------------------


def test_panel_shows_the_latest_of_a_contact_for_the_user(world, client_as, salesperson_user):
    mine = started(opportunity(world, salesperson=own_salesperson(salesperson_user)))
    opportunity(world, no="OP0002")
    response = client_as(salesperson_user).get(reverse("opportunities:panel") + "?contact=CT0001")
    assert [o.no for o in response.context["opportunities"]] == [mine.no]
    body = response.content.decode()
    assert "Initial" not in body and ">1<" in body  # the stage number
    assert reverse("opportunities:list") + "?contact=CT0001" in body
    assert reverse("opportunities:create") + "?contact=CT0001" in body


def test_assign_activity_link_prefills_the_opportunity(world, client_as, admin):
    opp = started(opportunity(world))
    client = client_as(admin)
    query = client.get(card_url()).context["assign_query"]
    response = client.get(reverse("tasks:assign_activity") + "?" + query)
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["contact"], initial["salesperson"], initial["opportunity_no"]) == ("CT0001", "JR", opp.no)
    assert initial["campaign"] == "CP0001"


# --- Create Interaction from an opportunity (OPPORTUNITIES.md §7) ------------------------------------------------


def test_log_interaction_from_the_card_carries_the_opportunity_and_returns_to_it(series, client_as, marketer):
    opportunity = OpportunityFactory(no="OP0001")
    InteractionTemplateFactory(code="CALL", description="Phone call")
    client = client_as(marketer)
    card = client.get(opportunity.get_absolute_url()).content.decode()
    assert 'data-testid="log-interaction"' in card
    log_url = reverse("interactions:log_interaction")
    form = client.get(log_url, {"contact": opportunity.contact.no, "opportunity": "OP0001"})
    assert form.context["form"].initial["opportunity_no"] == "OP0001"
    response = client.post(
        f"{log_url}?contact={opportunity.contact.no}&next={opportunity.get_absolute_url()}",
        {
            "contact": opportunity.contact.no,
            "interaction_template": "CALL",
            "date": "2026-05-04",
            "description": "Talked about the offer",
            "salesperson": opportunity.salesperson.code,
            "opportunity_no": "OP0001",
            "cost": "0",
            "duration": "0",
        },
    )
    assert response.status_code == 302
    entry = InteractionLogEntry.objects.get()
    assert entry.opportunity_no == "OP0001"
    detail = Opportunity.objects.get(pk=opportunity.pk)
    assert client.get(detail.get_absolute_url()).status_code == 200


def test_closing_a_task_of_an_opportunity_offers_logging_with_its_number(marketer):
    task = TaskFactory(opportunity_no="OP0007")
    assert "opportunity=OP0007" in interaction_url(task, marketer)
