"""The opportunity wizards through the client: Update, Close, Activate First Stage, Create (one and per segment)."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from opportunities.models import Opportunity, OpportunityEntry
from opportunities.services import creation, wizards
from opportunities.services.creation import FirstStage, OpportunityValues
from salespeople.models import Salesperson
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.opportunities.factories import CloseOpportunityCodeFactory, new_sales_cycle
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

pytestmark = pytest.mark.django_db
WORKDATE = datetime.date(2024, 3, 4)
D = Decimal


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def workdate(monkeypatch):
    """Set the work date (timezone.localdate()) the views use; returns a setter."""

    def set_to(date: datetime.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date)

    set_to(WORKDATE)
    return set_to


@pytest.fixture
def setup(series, workdate):
    return {
        "cycle": new_sales_cycle(),
        "contact": CompanyFactory(no="CT0001", name="Fleet Co"),
        "salesperson": SalespersonFactory(code="JR", name="John Roberts"),
        "campaign": CampaignFactory(no="CP0001"),
    }


def new_opportunity(setup, first: FirstStage | None = None, **changes) -> Opportunity:
    values = OpportunityValues(
        description="Fleet deal",
        creation_date=WORKDATE,
        contact=setup["contact"],
        salesperson=setup["salesperson"],
        sales_cycle=setup["cycle"],
        campaign=setup["campaign"],
    )
    for name, value in changes.items():
        setattr(values, name, value)
    return creation.create_opportunity(values=values, first=first, today=WORKDATE)


def e2(setup) -> Opportunity:
    return new_opportunity(setup, first=FirstStage(D(10000), D(40), day("2024-06-28")))


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def update_url(opportunity) -> str:
    return reverse("opportunities:update", kwargs={"no": opportunity.no})


def close_url(opportunity) -> str:
    return reverse("opportunities:close", kwargs={"no": opportunity.no})


def update_data(opportunity, **changes) -> dict:
    data = {
        "action_type": "next",
        "stage": "2",
        "date_of_change": "2024-03-14",
        "estimated_value": "10000",
        "chances_of_success_pct": "60",
        "estimated_close_date": "2024-06-28",
        "version": str(Opportunity.objects.get(pk=opportunity.pk).version),
        "shown_action_type": "next",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Update Opportunity -------------------------------------------------------------------------------------


def test_update_page_offers_only_the_allowed_actions_and_shows_the_current_stage(setup, client_as, admin):
    opportunity = e2(setup)
    response = client_as(admin).get(update_url(opportunity))
    assert response.status_code == 200
    form = response.context["form"]
    assert [value for value, _label in form.fields["action_type"].widget.choices] == ["next", "update", "skip"]
    assert form.initial["action_type"] == "next" and form.initial["stage"] == 2
    assert form.initial["chances_of_success_pct"] == 60
    content = response.content.decode()
    assert 'data-testid="current-stage">1 Initial' in content
    assert 'value="jump"' not in content and 'value="previous"' not in content
    assert "hx-get" in content and 'hx-target="#update-defaults"' in content


def test_e3_next_through_the_wizard_cancels_the_old_tasks(setup, client_as, admin, workdate):
    opportunity = e2(setup)
    workdate(day("2024-03-14"))
    response = client_as(admin).post(update_url(opportunity), update_data(opportunity, cancel_old_tasks="on"))
    assert response.status_code == 302
    entry = opportunity.entries.get(active=True)
    assert (entry.sales_cycle_stage, entry.action_taken, entry.previous_sales_cycle_stage) == (2, "next", 1)
    assert (entry.completed_pct, entry.probability_pct, entry.calcd_current_value) == (30, 18, 1800)
    assert opportunity.entries.get(sales_cycle_stage=1).days_open == 10
    assert Task.objects.filter(opportunity_no=opportunity.no, canceled=True).count() == 2
    assert shown(response) == ["Opportunity OP0001 has been updated. 0 tasks were created."]


def test_e4_skip_through_the_wizard_creates_the_proposal_task(setup, client_as, admin, workdate):
    opportunity = e2(setup)
    workdate(day("2024-03-14"))
    client = client_as(admin)
    client.post(update_url(opportunity), update_data(opportunity))
    workdate(day("2024-03-20"))
    page = client.get(update_url(opportunity) + "?action=skip")
    assert [v for v, _ in page.context["form"].fields["stage"].widget.choices] == [3, 4]
    response = client.post(
        update_url(opportunity),
        update_data(
            opportunity,
            action_type="skip",
            stage="4",
            date_of_change="2024-03-20",
            chances_of_success_pct="65",
            estimated_close_date="2024-03-20",
        ),
    )
    assert response.status_code == 302
    entry = opportunity.entries.get(active=True)
    assert (entry.sales_cycle_stage, entry.action_taken, entry.chances_of_success_pct) == (4, "jumped", 80)
    assert (entry.probability_pct, entry.calcd_current_value) == (64, 6400)
    assert entry.estimated_close_date == day("2024-04-03")
    task = Task.objects.get(opportunity_entry_no=entry.pk)
    assert (task.description, task.date) == ("Follow up", day("2024-03-25"))
    assert shown(response)[-1] == "Opportunity OP0001 has been updated. 1 task was created."


def test_update_action_creates_no_task_and_says_only_updated(setup, client_as, admin):
    opportunity = e2(setup)
    response = client_as(admin).post(
        update_url(opportunity),
        update_data(
            opportunity, action_type="update", stage="1", date_of_change="2024-03-04", chances_of_success_pct="70"
        ),
    )
    assert response.status_code == 302
    assert shown(response) == ["Opportunity OP0001 has been updated."]
    assert opportunity.entries.get(active=True).action_taken == "updated"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"action_type": "jump"}, "action_type", "Jump is not a valid selection."),
        ({"date_of_change": "2024-03-01"}, "date_of_change", "The Date of Change has to be after last Date of change."),
        ({"date_of_change": ""}, "date_of_change", "You must fill in the Date of Change field."),
        ({"stage": "4"}, "stage", "Stage 4 is not a valid stage for Next."),
        ({"estimated_value": "0"}, "estimated_value", "Estimated Value (LCY) must be greater than 0."),
        ({"chances_of_success_pct": "0"}, "chances_of_success_pct", "Chances of Success % must be greater than 0."),
        ({"estimated_close_date": ""}, "estimated_close_date", "You must fill in the Estimated Close Date field."),
        (
            {"estimated_close_date": "2024-03-13"},
            "estimated_close_date",
            "The Estimated closing date has to be later than this change.",
        ),
        (
            {"chances_of_success_pct": "101"},
            "chances_of_success_pct",
            "Chances of Success % must not be greater than 100.",
        ),
        (
            {"date_of_change": "0001-01-01"},
            "date_of_change",
            "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range.",
        ),
        (
            {"estimated_close_date": "9999-12-31"},
            "estimated_close_date",
            "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range.",
        ),
        ({"estimated_value": "100000000000000000000"}, "estimated_value", None),
        ({"estimated_value": "1\x00"}, "estimated_value", None),
        ({"date_of_change": "2024-03-14\x00"}, "date_of_change", None),
        ({"stage": "\x00"}, "stage", None),
    ],
)
def test_update_messages_are_shown_next_to_their_field_and_nothing_typed_is_lost(
    setup, client_as, admin, changes, field, message
):
    opportunity = e2(setup)
    data = update_data(opportunity, **changes)
    response = client_as(admin).post(update_url(opportunity), data)
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and (message is None or errors == [message])
    assert opportunity.entries.count() == 1
    assert response.context["form"].data["estimated_value"] == data["estimated_value"]


def test_update_of_a_won_opportunity_is_refused_with_bcs_message(setup, client_as, admin):
    opportunity = e2(setup)
    code = CloseOpportunityCodeFactory(code="PRICE", type="won")
    wizards.close_opportunity(
        opportunity=opportunity,
        action="won",
        close_opportunity_code=code,
        closing_date=WORKDATE,
        sales=D(1),
        today=WORKDATE,
    )
    response = client_as(admin).get(update_url(opportunity))
    assert response.status_code == 302
    assert shown(response)[-1] == "Closed must be equal to 'No'  in Opportunity: No.=OP0001. Current value is 'Yes'."


def test_a_stale_version_says_another_user_has_modified_the_record(setup, client_as, admin):
    opportunity = e2(setup)
    data = update_data(opportunity)
    wizards.update_opportunity(
        opportunity=opportunity,
        action_type="update",
        stage=1,
        date_of_change=WORKDATE,
        estimated_value=D(5000),
        chances_of_success_pct=D(40),
        estimated_close_date=day("2024-06-28"),
        today=WORKDATE,
    )
    response = client_as(admin).post(update_url(opportunity), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()[0].startswith("Another user has modified the record")
    assert opportunity.entries.count() == 2


def test_a_salesperson_cannot_update_another_salespersons_opportunity(setup, client_as, salesperson_user):
    Salesperson.objects.create(code="ME", name="Me", user=salesperson_user)
    opportunity = e2(setup)  # JR's
    client = client_as(salesperson_user)
    assert client.get(update_url(opportunity)).status_code == 404
    assert client.post(update_url(opportunity), update_data(opportunity)).status_code == 404
    assert opportunity.entries.count() == 1


def test_a_salesperson_updates_own_opportunity(setup, client_as, salesperson_user, workdate):
    me = Salesperson.objects.create(code="ME", name="Me", user=salesperson_user)
    opportunity = new_opportunity(setup, first=FirstStage(D(10000), D(40), day("2024-06-28")), salesperson=me)
    workdate(day("2024-03-14"))
    response = client_as(salesperson_user).post(update_url(opportunity), update_data(opportunity))
    assert response.status_code == 302
    assert opportunity.entries.get(active=True).sales_cycle_stage == 2


# --- the live defaults ---------------------------------------------------------------------------------------


def defaults_url(opportunity) -> str:
    return reverse("opportunities:update_defaults", kwargs={"no": opportunity.no})


def test_changing_the_stage_or_the_date_recomputes_chances_and_closing_date(setup, client_as, admin):
    opportunity = e2(setup)
    client = client_as(admin)
    client.post(update_url(opportunity), update_data(opportunity))  # now at stage 2 (2024-03-14)
    params = {
        "action_type": "skip",
        "shown_action_type": "skip",
        "stage": "3",
        "date_of_change": "2024-03-20",
        "estimated_value": "12345",
        "chances_of_success_pct": "11",
        "cancel_old_tasks": "on",
    }
    response = client.get(defaults_url(opportunity), params, headers={"HX-Request": "true"})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.initial["stage"], form.initial["chances_of_success_pct"]) == (3, 70)
    assert form.initial["estimated_close_date"] == day("2024-04-10")  # 3W from 2024-03-20
    assert form.initial["estimated_value"] == D(12345) and form.initial["cancel_old_tasks"] is True
    content = response.content.decode()
    assert "<html" not in content and 'name="chances_of_success_pct"' in content

    params |= {"stage": "4", "date_of_change": "2024-03-21"}
    form = client.get(defaults_url(opportunity), params, headers={"HX-Request": "true"}).context["form"]
    assert (form.initial["stage"], form.initial["chances_of_success_pct"]) == (4, 80)
    assert form.initial["estimated_close_date"] == day("2024-04-04")


def test_changing_the_action_type_offers_its_stages_and_turns_cancel_old_tasks_off(setup, client_as, admin):
    opportunity = e2(setup)
    client = client_as(admin)
    client.post(update_url(opportunity), update_data(opportunity))  # stage 2: Skip offered
    params = {"action_type": "skip", "shown_action_type": "next", "stage": "3", "cancel_old_tasks": "on"}
    form = client.get(defaults_url(opportunity), params, headers={"HX-Request": "true"}).context["form"]
    assert [v for v, _ in form.fields["action_type"].widget.choices] == ["next", "update", "previous", "skip"]
    assert [v for v, _ in form.fields["stage"].widget.choices] == [3, 4]
    assert form.initial["action_type"] == "skip" and form.initial["cancel_old_tasks"] is False


def test_skip_is_not_offered_when_the_next_stage_does_not_allow_it(setup, client_as, admin):
    opportunity = e2(setup)  # at stage 3 the next stage (4) does not allow skip: E5
    client = client_as(admin)
    for stage, date in ((2, "2024-03-05"), (3, "2024-03-06")):
        wizards.update_opportunity(
            opportunity=opportunity,
            action_type="next",
            stage=stage,
            date_of_change=day(date),
            estimated_value=D(1),
            chances_of_success_pct=D(50),
            estimated_close_date=day("2024-06-28"),
            today=WORKDATE,
        )
    params = {"action_type": "skip", "shown_action_type": "next"}
    form = client.get(defaults_url(opportunity), params, headers={"HX-Request": "true"}).context["form"]
    assert "skip" not in [v for v, _ in form.fields["action_type"].widget.choices]
    assert form.initial["action_type"] == "next"


def test_recalculate_without_javascript_rerenders_the_whole_page(setup, client_as, admin):
    opportunity = e2(setup)
    data = update_data(opportunity, action_type="update", shown_action_type="next", recalculate="1")
    response = client_as(admin).post(update_url(opportunity), data)
    assert response.status_code == 200 and "<html" in response.content.decode()
    form = response.context["form"]
    assert (form.initial["action_type"], form.initial["stage"], form.initial["chances_of_success_pct"]) == (
        "update",
        1,
        50,
    )
    assert opportunity.entries.count() == 1


# --- Close Opportunity --------------------------------------------------------------------------------------


def close_data(opportunity, **changes) -> dict:
    data = {
        "action": "won",
        "close_opportunity_code": "PRICE",
        "closing_date": "2024-04-15",
        "sales": "9500",
        "cancel_old_tasks": "on",
        "version": str(Opportunity.objects.get(pk=opportunity.pk).version),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def codes(db):
    return CloseOpportunityCodeFactory(code="PRICE", type="won"), CloseOpportunityCodeFactory(
        code="COMPETITOR", type="lost"
    )


def test_close_page_autofills_the_only_code_of_the_chosen_type(setup, codes, client_as, admin):
    opportunity = e2(setup)
    client = client_as(admin)
    form = client.get(close_url(opportunity) + "?action=won").context["form"]
    assert form.initial["close_opportunity_code"] == "PRICE" and form.initial["cancel_old_tasks"] is True
    assert form.initial["sales"] == D(400)  # Calcd. Current Value (E2, Multiply)
    response = client.get(
        close_url(opportunity),
        {"action": "lost", "close_opportunity_code": "PRICE", "version": "1"},
        headers={"HX-Request": "true"},
    )
    form = response.context["form"]
    assert form.initial["close_opportunity_code"] == "COMPETITOR"
    assert [v for v, _ in form.fields["close_opportunity_code"].widget.choices] == ["", "COMPETITOR"]
    assert form.fields["sales"].disabled and "<html" not in response.content.decode()
    CloseOpportunityCodeFactory(code="BUDGET", type="lost")
    form = client.get(close_url(opportunity), {"action": "lost"}, headers={"HX-Request": "true"}).context["form"]
    assert form.initial["close_opportunity_code"] == ""


def test_close_refresh_without_javascript(setup, codes, client_as, admin):
    opportunity = e2(setup)
    response = client_as(admin).post(close_url(opportunity), {"action": "lost", "recalculate": "1"})
    assert response.status_code == 200
    assert response.context["form"].initial["close_opportunity_code"] == "COMPETITOR"
    assert not opportunity.entries.filter(action_taken="lost").exists()


def test_e8_won_through_the_wizard(setup, codes, client_as, admin):
    opportunity = e2(setup)
    response = client_as(admin).post(close_url(opportunity), close_data(opportunity))
    assert response.status_code == 302
    entry = opportunity.entries.get(active=True)
    assert (entry.action_taken, entry.sales_cycle_stage, entry.previous_sales_cycle_stage) == ("won", 0, 1)
    assert (entry.calcd_current_value, entry.probability_pct, entry.close_opportunity_code.code) == (9500, 100, "PRICE")
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.closed, opportunity.date_closed) == ("won", True, day("2024-04-15"))
    assert not Task.objects.filter(opportunity_no=opportunity.no, closed=False).exists()
    assert shown(response) == ["Opportunity OP0001 has been closed as Won."]


def test_e9_lost_through_the_wizard_ignores_sales(setup, codes, client_as, admin):
    opportunity = e2(setup)
    data = close_data(opportunity, action="lost", close_opportunity_code="COMPETITOR", sales="0")
    response = client_as(admin).post(close_url(opportunity), data)
    assert response.status_code == 302
    entry = opportunity.entries.get(active=True)
    assert (entry.action_taken, entry.calcd_current_value, entry.chances_of_success_pct) == ("lost", 0, 0)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"action": ""}, "action", "You must select either Won or Lost."),
        (
            {"close_opportunity_code": ""},
            "close_opportunity_code",
            "You must fill in the Close Opportunity Code field.",
        ),
        ({"closing_date": ""}, "closing_date", "You must fill in the Date of Change field."),
        ({"sales": "0"}, "sales", "Sales (LCY) must be greater than 0."),
        ({"closing_date": "2024-03-01"}, "closing_date", "The Closing Date has to be after last Date of change."),
        (
            {"close_opportunity_code": "COMPETITOR"},
            "close_opportunity_code",
            "Close Opportunity Code COMPETITOR is a Lost code; choose a Won code.",
        ),
        ({"sales": "100000000000000000000"}, "sales", None),
        ({"close_opportunity_code": "PR\x00"}, "close_opportunity_code", None),
        ({"closing_date": "9999-12-31"}, "closing_date", None),
    ],
)
def test_close_messages_next_to_their_field(setup, codes, client_as, admin, changes, field, message):
    opportunity = e2(setup)
    response = client_as(admin).post(close_url(opportunity), close_data(opportunity, **changes))
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert errors and (message is None or errors == [message])
    assert not opportunity.entries.filter(action_taken__in=["won", "lost"]).exists()


# --- Activate First Stage -----------------------------------------------------------------------------------


def test_activate_first_stage_asks_first_and_acts_on_yes(setup, client_as, admin):
    opportunity = new_opportunity(setup)
    url = reverse("opportunities:activate_first_stage", kwargs={"no": opportunity.no})
    client = client_as(admin)
    response = client.post(url)
    assert response.status_code == 200
    assert "Would you like to activate first stage for this opportunity?" in response.content.decode()
    assert not opportunity.entries.exists()
    response = client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302
    entry = opportunity.entries.get(active=True)
    assert (entry.sales_cycle_stage, entry.chances_of_success_pct, entry.estimated_close_date) == (
        1,
        50,
        day("2024-03-18"),
    )
    assert shown(response) == ["The first stage of opportunity OP0001 has been activated. 2 tasks were created."]
    response = client.post(url, {"confirmed": "yes"})
    assert "Status must be equal to 'Not Started'" in shown(response)[-1]
    assert opportunity.entries.count() == 1


def test_activate_first_stage_with_a_stale_version(setup, client_as, admin):
    opportunity = new_opportunity(setup)
    url = reverse("opportunities:activate_first_stage", kwargs={"no": opportunity.no})
    response = client_as(admin).post(url, {"confirmed": "yes", "version": str(opportunity.version + 1)})
    assert shown(response)[0].startswith("Another user has modified the record")
    assert not opportunity.entries.exists()


# --- Create Opportunity -------------------------------------------------------------------------------------


def create_data(**changes) -> dict:
    data = {
        "description": "Fleet deal",
        "creation_date": "2024-03-04",
        "priority": "normal",
        "contact": "CT0001",
        "salesperson": "JR",
        "sales_cycle": "NEW",
        "campaign": "CP0001",
        "activate_first_stage": "on",
        "estimated_value": "10000",
        "chances_of_success_pct": "40",
        "estimated_close_date": "2024-06-28",
        "creation_id": str(uuid.uuid4()),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_create_wizard_prefills_from_contact_and_campaign(setup, client_as, admin):
    setup["contact"].salesperson = setup["salesperson"]
    setup["contact"].save()
    response = client_as(admin).get(reverse("opportunities:create_wizard") + "?contact=CT0001&campaign=CP0001")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert (initial["contact"], initial["campaign"], initial["creation_date"]) == ("CT0001", "CP0001", WORKDATE)


def test_e2_create_wizard_with_first_stage(setup, client_as, admin):
    data = create_data()
    client = client_as(admin)
    response = client.post(reverse("opportunities:create_wizard"), data)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    entry = opportunity.entries.get(active=True)
    assert (entry.chances_of_success_pct, entry.probability_pct, entry.calcd_current_value) == (40, 4, 400)
    assert shown(response) == ["Opportunity OP0001 has been created. Its first stage is active. 2 tasks were created."]
    client.post(reverse("opportunities:create_wizard"), data)  # double submit
    assert Opportunity.objects.count() == 1


def test_create_wizard_unticked_ignores_the_estimates(setup, client_as, admin):
    data = create_data(activate_first_stage=None, chances_of_success_pct="0")
    response = client_as(admin).post(reverse("opportunities:create_wizard"), data)
    assert response.status_code == 302
    assert Opportunity.objects.get().status == "not_started"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"creation_date": ""}, "creation_date", "You must fill in the Creation Date field."),
        ({"description": " "}, "description", "You must fill in the Description field."),
        ({"contact": ""}, "contact", "You must fill in the contact that is involved in the opportunity."),
        ({"salesperson": ""}, "salesperson", "You must fill in the Salesperson Code field."),
        ({"sales_cycle": ""}, "sales_cycle", "You must fill in the Sales Cycle Code field."),
        ({"estimated_value": "0"}, "estimated_value", "Wizard Estimated Value (LCY) must be greater than 0."),
        (
            {"chances_of_success_pct": "0"},
            "chances_of_success_pct",
            "Wizard Chances of Success % must be greater than 0.",
        ),
        (
            {"estimated_close_date": ""},
            "estimated_close_date",
            "You must fill in the Wizard Estimated Closing Date field.",
        ),
        (
            {"chances_of_success_pct": "101"},
            "chances_of_success_pct",
            "Wizard Chances of Success % must not be greater than 100.",
        ),
        ({"description": "Fleet\x00"}, "description", ["Null characters are not allowed."]),
        ({"contact": "CT\x00"}, "contact", None),
        ({"salesperson": "J\x00"}, "salesperson", None),
        ({"creation_date": "0001-01-01"}, "creation_date", None),
        ({"estimated_value": "100000000000000000000"}, "estimated_value", None),
        ({"contact": "NOPE"}, "contact", "There is no Contact with No. NOPE."),
    ],
)
def test_create_wizard_messages_next_to_their_field(setup, client_as, admin, changes, field, message):
    data = create_data(**changes)
    response = client_as(admin).post(reverse("opportunities:create_wizard"), data)
    assert response.status_code == 200
    errors = field_errors(response, field)
    expected = message if isinstance(message, list) else [message]
    assert errors and (message is None or errors == expected)
    assert not Opportunity.objects.exists()
    assert response.context["form"].data["description"] == data["description"]


# --- Create Opportunity on a segment ------------------------------------------------------------------------


@pytest.fixture
def segment(setup):
    segment = SegmentFactory(no="SM0001", campaign=setup["campaign"], salesperson=setup["salesperson"])
    SegmentLineFactory(segment=segment, contact=PersonFactory(no="CT0011"), line_no=10000)
    SegmentLineFactory(segment=segment, contact=PersonFactory(no="CT0012"), line_no=20000)
    SegmentLineFactory(segment=segment, contact=PersonFactory(no="CT0013", privacy_blocked=True), line_no=30000)
    return segment


def segment_url(segment) -> str:
    return reverse("opportunities:segment_wizard", kwargs={"no": segment.no})


def segment_data(**changes) -> dict:
    data = create_data(description="Spring deals", estimated_value="1000", chances_of_success_pct="50")
    data["estimated_close_date"] = "2024-04-30"
    for name in ("contact",):
        data.pop(name)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_segment_wizard_prefills_from_the_segment(segment, client_as, admin):
    response = client_as(admin).get(segment_url(segment))
    assert response.status_code == 200
    form = response.context["form"]
    assert "contact" not in form.fields
    assert (form.initial["campaign"], form.initial["salesperson"]) == ("CP0001", "JR")


def test_segment_preview_counts_and_asks_bcs_question(segment, client_as, admin):
    response = client_as(admin).post(segment_url(segment), segment_data())
    assert response.status_code == 200
    preview = response.context["preview"]
    assert (preview["count"], preview["blocked"], preview["entries"], preview["tasks"]) == (2, 1, 2, 4)
    assert "Do you want to create an opportunity for all contacts in the SM0001 segment?" in response.content.decode()
    assert response.context["hidden"]["creation_id"]
    assert not Opportunity.objects.exists()


def test_e13_yes_creates_one_per_contact_and_no_creates_nothing(segment, client_as, admin):
    client = client_as(admin)
    response = client.post(segment_url(segment), segment_data(confirmed="no"))
    assert response.status_code == 302 and response["Location"] == reverse("segments:detail", kwargs={"no": "SM0001"})
    assert not Opportunity.objects.exists()
    data = segment_data(confirmed="yes")
    response = client.post(segment_url(segment), data)
    assert response.status_code == 302
    assert shown(response)[-1] == (
        "2 opportunities have been created (OP0001..OP0002). 2 opportunity entries and 4 tasks were created."
    )
    assert sorted(Opportunity.objects.values_list("contact__no", flat=True)) == ["CT0011", "CT0012"]
    assert OpportunityEntry.objects.filter(probability_pct=5, calcd_current_value=50).count() == 2
    client.post(segment_url(segment), data)  # double submit, same creation_id
    assert Opportunity.objects.count() == 2 and Task.objects.filter(segment=segment).count() == 4


def test_segment_wizard_messages_next_to_their_field(segment, client_as, admin):
    response = client_as(admin).post(segment_url(segment), segment_data(chances_of_success_pct="0"))
    assert field_errors(response, "chances_of_success_pct") == ["Wizard Chances of Success % must be greater than 0."]
    assert "preview" not in response.context


def test_empty_segment_says_so(setup, client_as, admin):
    empty = SegmentFactory(no="SM0009")
    response = client_as(admin).get(segment_url(empty))
    assert response.status_code == 302
    assert shown(response) == ["You cannot create opportunities on an empty segment."]


@override_settings(BULK_JOB_THRESHOLD=1)
def test_a_large_segment_runs_as_a_job_once(segment, client_as, admin):
    client = client_as(admin)
    preview = client.post(segment_url(segment), segment_data())
    assert preview.context["as_job"]
    data = segment_data(confirmed="yes", creation_id=preview.context["hidden"]["creation_id"])
    response = client.post(segment_url(segment), data)
    assert response.status_code == 302
    job = Job.objects.get(operation="opportunities.create_for_segment")
    assert (job.status, job.target_type, job.target_key) == ("succeeded", "segments.segmentheader", "SM0001")
    assert job.result["count"] == 2 and job.result["tasks"] == 4
    assert Opportunity.objects.count() == 2
    assert shown(response)[-1].startswith("2 opportunities have been created (OP0001..OP0002).")
    client.post(segment_url(segment), data)
    assert Opportunity.objects.count() == 2 and Task.objects.count() == 4
    assert Job.objects.filter(status="succeeded").count() == 2


# --- two Updates at once (PostgreSQL) -----------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_leave_exactly_one_new_active_entry(setup, admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    from django.test import Client

    opportunity = e2(setup)
    data = update_data(opportunity)
    barrier = threading.Barrier(2)
    results: list = []

    def submit() -> None:
        try:
            client = Client()
            client.force_login(admin)
            barrier.wait()
            results.append(client.post(update_url(opportunity), data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in results) == [200, 302]
    loser = next(r for r in results if r.status_code == 200)
    assert loser.context["form"].non_field_errors()[0].startswith("Another user has modified the record")
    assert opportunity.entries.count() == 2
    assert opportunity.entries.filter(active=True).count() == 1


def test_the_defaults_partial_of_a_closed_opportunity_sends_the_page_to_the_card(setup, codes, client_as, admin):
    opportunity = e2(setup)
    client = client_as(admin)
    client.post(close_url(opportunity), close_data(opportunity))
    response = client.get(defaults_url(opportunity), {"action_type": "next"}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"]
    assert shown(response)[-1] == "Closed must be equal to 'No'  in Opportunity: No.=OP0001. Current value is 'Yes'."
