"""Log call outcome on the task card: interaction and closing in one transaction, who may, what they see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interactions.models import InteractionLogEntry
from tasks import services
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.interactions.factories import InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 5)


@pytest.fixture
def call():
    return InteractionTemplateFactory(code="OUTGOING", description="Outgoing phone call")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def outcome_data(task: Task, **changes) -> dict:
    data = {
        "outcome-interaction_template": "OUTGOING",
        "outcome-description": "Wants a quote in May",
        "outcome-evaluation": "positive",
        "outcome-version": task.version,
    }
    data.update({f"outcome-{name}": value for name, value in changes.items()})
    return {name: value for name, value in data.items() if value is not None}


# --- the service -------------------------------------------------------------------------------------


def test_log_call_outcome_logs_the_interaction_with_the_tasks_contact_and_campaign_and_closes_the_task(call):
    campaign = CampaignFactory(no="CP0007")
    me = SalespersonFactory(code="LL")
    task = TaskFactory(salesperson=me, contact=PersonFactory(), campaign=campaign, opportunity_no="OP0001")

    outcome = services.log_call_outcome(
        task=task,
        user=None,
        template=call,
        description="Wants a quote",
        salesperson=me,
        evaluation="positive",
        campaign_response=True,
        close=True,
        completed_by=me,
        expected_version=task.version,
        today=TODAY,
    )

    entry = InteractionLogEntry.objects.get()
    assert entry == outcome.interaction
    assert (entry.contact, entry.task, entry.campaign, entry.opportunity_no) == (task.contact, task, campaign, "OP0001")
    assert (entry.date, entry.description, entry.evaluation, entry.salesperson) == (
        TODAY,
        "Wants a quote",
        "positive",
        me,
    )
    assert entry.campaign_response and entry.campaign_entry is not None
    assert (entry.duration, entry.information_flow) == (call.unit_duration, "outbound")  # the template's defaults
    task.refresh_from_db()
    assert (task.closed, task.date_closed, task.status, task.completed_by) == (True, TODAY, "completed", me)


def test_log_call_outcome_without_close_leaves_the_task_open(call):
    task = TaskFactory(contact=PersonFactory())
    services.log_call_outcome(
        task=task,
        user=None,
        template=call,
        description="No answer",
        salesperson=task.salesperson,
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert InteractionLogEntry.objects.filter(task=task).count() == 1
    assert not task.closed


def test_a_failure_in_closing_rolls_back_the_interaction(call):
    """A team task cannot be closed without Completed By: nothing is logged either."""
    task = TaskFactory(salesperson=None, team=TeamFactory(), system_task_type="team", contact=PersonFactory())

    with pytest.raises(ValidationError) as raised:
        services.log_call_outcome(
            task=task,
            user=None,
            template=call,
            description="Done",
            salesperson=SalespersonFactory(),
            close=True,
            completed_by=None,
            expected_version=task.version,
        )

    assert "completed_by" in raised.value.error_dict
    assert not InteractionLogEntry.objects.exists()
    task.refresh_from_db()
    assert not task.closed


def test_a_task_changed_meanwhile_rolls_back_the_interaction(call):
    task = TaskFactory(contact=PersonFactory())
    Task.objects.filter(pk=task.pk).update(version=task.version + 1)  # another user saved the task

    with pytest.raises(ValidationError):
        services.log_call_outcome(
            task=task,
            user=None,
            template=call,
            description="Done",
            salesperson=task.salesperson,
            close=True,
            expected_version=task.version,
        )

    assert not InteractionLogEntry.objects.exists()


def test_log_call_outcome_refuses_a_task_without_contact(call):
    task = TaskFactory(contact=None)
    with pytest.raises(ValidationError) as raised:
        services.log_call_outcome(
            task=task,
            user=None,
            template=call,
            description="x",
            salesperson=task.salesperson,
            expected_version=task.version,
        )
    assert raised.value.messages == [str(services.outcome.NO_CONTACT % {"no": task.no})]


def test_campaign_response_needs_a_campaign_on_the_task(call):
    task = TaskFactory(contact=PersonFactory(), campaign=None)
    outcome = services.log_call_outcome(
        task=task,
        user=None,
        template=call,
        description="x",
        salesperson=task.salesperson,
        campaign_response=True,
        expected_version=task.version,
    )
    assert not outcome.interaction.campaign_response


# --- the view: who may -------------------------------------------------------------------------------


def test_salesperson_logs_a_call_outcome_on_an_own_task_and_closes_it(client_as, salesperson_user, call):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    task = TaskFactory(salesperson=me, contact=PersonFactory(no="CP00042"))

    response = client_as(salesperson_user).post(
        reverse("tasks:log_call_outcome", args=[task.no]), outcome_data(task, close="on"), follow=True
    )

    entry = InteractionLogEntry.objects.get()
    assert (entry.task, entry.user, entry.salesperson) == (task, salesperson_user, me)
    task.refresh_from_db()
    assert task.closed and task.completed_by == me
    assert messages_of(response) == [
        f"Interaction Log Entry {entry.pk} has been logged for contact CP00042. Task {task.no} has been closed."
    ]


def test_salesperson_logs_for_a_team_task_of_their_team_and_is_completed_by(client_as, salesperson_user, call):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    team_task = TaskFactory(
        salesperson=None, team=TeamFactory(members=[me]), system_task_type="team", contact=PersonFactory()
    )

    client_as(salesperson_user).post(
        reverse("tasks:log_call_outcome", args=[team_task.no]), outcome_data(team_task, close="on")
    )

    assert InteractionLogEntry.objects.get().salesperson == me
    team_task.refresh_from_db()
    assert team_task.closed and team_task.completed_by == me


def test_salesperson_cannot_log_for_another_salespersons_task(client_as, salesperson_user, call):
    SalespersonFactory(code="LL", user=salesperson_user)
    other = TaskFactory(salesperson=SalespersonFactory(code="JR"), contact=PersonFactory())

    response = client_as(salesperson_user).post(reverse("tasks:log_call_outcome", args=[other.no]), outcome_data(other))

    assert response.status_code == 404  # another's task is not found, as on the card
    assert not InteractionLogEntry.objects.exists()


def test_sales_manager_may_not_log_for_a_task_that_is_not_theirs(client_as, sales_manager, call):
    """The Sales Manager sees every task but logs interactions only for own tasks (no interaction permission)."""
    task = TaskFactory(salesperson=SalespersonFactory(code="JR"), contact=PersonFactory())

    response = client_as(sales_manager).post(reverse("tasks:log_call_outcome", args=[task.no]), outcome_data(task))

    assert response.status_code == 403
    assert not InteractionLogEntry.objects.exists()


def test_marketer_logs_for_any_task_but_cannot_close_it(client_as, marketer, call):
    task = TaskFactory(salesperson=SalespersonFactory(code="JR"), contact=PersonFactory())

    client_as(marketer).post(reverse("tasks:log_call_outcome", args=[task.no]), outcome_data(task, close="on"))

    assert InteractionLogEntry.objects.get().salesperson.code == "JR"
    task.refresh_from_db()
    assert not task.closed  # closing needs tasks.change_task: the form has no Close for the Marketer


def test_outsider_is_refused(client_as, outsider, call):
    task = TaskFactory(contact=PersonFactory())
    response = client_as(outsider).post(reverse("tasks:log_call_outcome", args=[task.no]), outcome_data(task))
    assert response.status_code == 403


def test_call_outcome_is_not_served_on_get(client_as, salesperson_user):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    task = TaskFactory(salesperson=me, contact=PersonFactory())
    assert client_as(salesperson_user).get(reverse("tasks:log_call_outcome", args=[task.no])).status_code == 405


# --- the view: what the user sees --------------------------------------------------------------------


def test_task_card_shows_the_contacts_phone_and_email_as_links_and_the_form(client_as, salesperson_user, call):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    contact = PersonFactory(phone_no="+47 22 33 44 55", email="kari@example.com")
    task = TaskFactory(salesperson=me, contact=contact, campaign=CampaignFactory(no="CP0009"))

    html = client_as(salesperson_user).get(task.get_absolute_url()).content.decode()

    assert 'href="tel:+4722334455"' in html
    assert 'href="mailto:kari@example.com"' in html
    assert 'data-testid="call-outcome"' in html
    assert 'name="outcome-campaign_response"' in html
    assert 'name="outcome-close"' in html


def test_task_card_without_campaign_has_no_campaign_response(client_as, salesperson_user, call):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    task = TaskFactory(salesperson=me, contact=PersonFactory(), campaign=None)
    html = client_as(salesperson_user).get(task.get_absolute_url()).content.decode()
    assert 'data-testid="call-outcome"' in html
    assert "outcome-campaign_response" not in html


def test_sales_manager_sees_no_call_outcome_form_on_anothers_task(client_as, sales_manager, call):
    task = TaskFactory(salesperson=SalespersonFactory(code="JR"), contact=PersonFactory())
    html = client_as(sales_manager).get(task.get_absolute_url()).content.decode()
    assert 'data-testid="call-outcome"' not in html


def test_bad_input_gets_field_messages_and_keeps_what_was_typed(client_as, salesperson_user, call):
    me = SalespersonFactory(code="LL", user=salesperson_user)
    task = TaskFactory(salesperson=me, contact=PersonFactory())

    response = client_as(salesperson_user).post(
        reverse("tasks:log_call_outcome", args=[task.no]),
        outcome_data(task, interaction_template="", evaluation="negative", close="on"),
    )

    assert response.status_code == 200
    form = response.context["outcome_form"]
    assert form.errors["interaction_template"] == ["Choose the kind of interaction, for example a phone call."]
    html = response.content.decode()
    assert 'value="Wants a quote in May"' in html
    assert '<option value="negative" selected>' in html
    assert not InteractionLogEntry.objects.exists()
    task.refresh_from_db()
    assert not task.closed


def test_a_team_task_logged_by_a_user_without_salesperson_asks_who_made_the_call(client_as, admin, call):
    """The administrator has no salesperson of their own and a team task has none: the form asks for one."""
    task = TaskFactory(salesperson=None, team=TeamFactory(), system_task_type="team", contact=PersonFactory())
    url = reverse("tasks:log_call_outcome", args=[task.no])

    response = client_as(admin).post(url, outcome_data(task, close="on"))

    assert response.status_code == 200
    assert response.context["outcome_form"].errors["salesperson"] == ["You must fill in the Salesperson Code field."]
    assert not InteractionLogEntry.objects.exists()

    SalespersonFactory(code="JR")
    client_as(admin).post(url, outcome_data(task, close="on", salesperson="JR"))

    task.refresh_from_db()
    assert InteractionLogEntry.objects.get().salesperson.code == "JR"
    assert task.closed and task.completed_by.code == "JR"
