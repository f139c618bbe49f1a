"""Task pages through the client: lists and filters, row-level access, the card's actions and the wizards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Job
from salespeople.models import Salesperson
from tasks import services
from tasks.models import Activity, Task
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory, TaskFactory, call_seq_activity

pytestmark = pytest.mark.django_db

CALL_SEQ_DATES = ["Mon 2024-03-04", "Fri 2024-03-08", "Mon 2024-03-11", "Tue 2024-03-19", "Sun 2024-03-31"]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def seller_of(user, code="LL") -> Salesperson:
    return SalespersonFactory(code=code, user=user)


# --- lists -------------------------------------------------------------------------------------


def test_task_list_filters_by_business_keys(client_as, sales_manager):
    campaign = CampaignFactory(no="CP0042")
    jr = SalespersonFactory(code="JR")
    hit = TaskFactory(salesperson=jr, campaign=campaign, description="Call Acme")
    TaskFactory(description="Other")
    response = client_as(sales_manager).get(reverse("tasks:list"), {"campaign": "CP0042", "salesperson": "JR"})
    assert [t.no for t in response.context["page_obj"]] == [hit.no]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "open"}, {"open-late", "open-future", "team"}),
        ({"state": "closed"}, {"closed"}),
        ({"overdue": "on"}, {"open-late"}),
        ({"priority": "high"}, {"open-future"}),
        ({"type": "phone_call"}, {"open-future"}),
        ({"type": "blank"}, {"open-late", "closed", "team"}),
        ({"status": "completed"}, {"closed"}),
        ({"date_from": "2030-01-01"}, {"open-future"}),
        ({"date_to": "2020-01-02"}, {"open-late", "closed"}),
        ({"team": "NORTH"}, {"team"}),
        ({"q": "future"}, {"open-future"}),
    ],
)
def test_task_list_filters(client_as, sales_manager, params, expected):
    TaskFactory(description="open-late", date=datetime.date(2020, 1, 1))
    TaskFactory(description="open-future", date=datetime.date(2030, 6, 1), priority="high", type="phone_call")
    TaskFactory(
        description="closed",
        date=datetime.date(2020, 1, 1),
        closed=True,
        status=Task.Status.COMPLETED,
        date_closed=datetime.date(2020, 1, 2),
    )
    TaskFactory(description="team", salesperson=None, team=TeamFactory(code="NORTH"), date=datetime.date(2029, 1, 1))
    response = client_as(sales_manager).get(reverse("tasks:list"), params)
    assert {t.description for t in response.context["page_obj"]} == expected


def test_contact_filter_includes_the_people_of_a_company(client_as, sales_manager):
    person = PersonFactory()
    TaskFactory(contact=person, contact_company=person.company, description="person task")
    response = client_as(sales_manager).get(reverse("tasks:list"), {"contact": person.company.no})
    assert [t.description for t in response.context["page_obj"]] == ["person task"]


def _make_tasks(count: int) -> None:
    team = TeamFactory(code="QTEAM")
    seller = Salesperson.objects.get(code="LL")
    for i in range(count):
        TaskFactory(
            salesperson=seller if i % 2 else None,
            team=team,
            contact=PersonFactory(),
            campaign=CampaignFactory(),
            segment=SegmentFactory(),
        )


@pytest.mark.parametrize("url_name", ["tasks:list", "tasks:my_tasks"])
def test_list_query_count_does_not_grow_with_the_rows(client_as, salesperson_user, url_name):
    seller = seller_of(salesperson_user)
    TeamFactory(code="QTEAM", members=[seller])
    client = client_as(salesperson_user)
    _make_tasks(5)
    url = reverse(url_name)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _make_tasks(45)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page_obj"].object_list) == 50
    # The full page is counted; the 5 rows were all the rows, and not counted (CappedPaginator.page).
    assert len(many.captured_queries) == len(few.captured_queries) + 1


# --- row-level access: a salesperson sees and changes only own tasks -----------------------------


def test_salesperson_sees_own_and_own_teams_tasks_only(client_as, salesperson_user):
    me = seller_of(salesperson_user)
    mate = SalespersonFactory(code="MATE")
    team = TeamFactory(code="MINE", members=[me, mate])
    own = TaskFactory(salesperson=me)
    team_task = TaskFactory(salesperson=None, team=team, system_task_type="team")
    mates_member_task = TaskFactory(salesperson=mate, team=team)
    foreign = TaskFactory(salesperson=SalespersonFactory(code="OTHER"))
    client = client_as(salesperson_user)
    for url_name in ("tasks:list", "tasks:my_tasks"):
        shown = {t.no for t in client.get(reverse(url_name)).context["page_obj"]}
        assert shown == {own.no, team_task.no}
    for task in (foreign, mates_member_task):
        assert client.get(reverse("tasks:detail", args=[task.no])).status_code == 404
        for action in ("tasks:close", "tasks:cancel", "tasks:reopen", "tasks:set_completed_by"):
            assert client.post(reverse(action, args=[task.no]), {"confirmed": "yes"}).status_code == 404
        assert client.post(reverse("tasks:detail", args=[task.no]), {"description": "hijack"}).status_code == 404
    foreign.refresh_from_db()
    assert not foreign.closed and foreign.description != "hijack"
    panel = client.get(reverse("tasks:panel"), {"salesperson": "OTHER"})
    assert panel.context["counts"]["total"] == 0


def test_salesperson_cannot_reassign_tasks_nor_close_them_in_anothers_name(client_as, salesperson_user, series):
    me = seller_of(salesperson_user)
    mate = SalespersonFactory(code="MATE")
    team = TeamFactory(code="MINE", members=[me, mate])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    services.assign_activity(values=services.TaskValues(date=datetime.date(2026, 3, 2), activity=activity, team=team))
    team_task = Task.objects.get(system_task_type="team")
    client = client_as(salesperson_user)
    # The card's Salesperson and Team are read-only for a salesperson: posting them changes nothing.
    data = card_data(team_task, salesperson=me.pk, team="", confirmed="yes")
    client.post(reverse("tasks:detail", args=[team_task.no]), data)
    team_task.refresh_from_db()
    assert (team_task.team, Task.objects.count()) == (team, 3)
    own = Task.objects.get(salesperson=me, organizer_task=team_task)
    foreign_team = TeamFactory(code="OTH", members=[SalespersonFactory(code="X")])
    client.post(reverse("tasks:detail", args=[own.no]), card_data(own, team=foreign_team.pk, confirmed="yes"))
    assert not Task.objects.filter(team=foreign_team).exists()
    # Completed By: only themselves.
    client.post(reverse("tasks:close", args=[own.no]), {"version": own.version, "completed_by": "MATE"})
    own.refresh_from_db()
    assert own.completed_by != mate
    card = client.get(reverse("tasks:detail", args=[team_task.no]))
    assert [c.code for c in card.context["completed_by_choices"]] == [me.code]
    assert {t.salesperson for t in card.context["sub_tasks"]} == {me}


def test_salesperson_without_a_linked_salesperson_sees_nothing(client_as, salesperson_user):
    TaskFactory()
    response = client_as(salesperson_user).get(reverse("tasks:my_tasks"))
    assert list(response.context["page_obj"]) == []
    assert "not linked to a salesperson" in response.content.decode()


def test_salesperson_closes_own_task_without_the_interaction_question_they_cannot_act_on(client_as, salesperson_user):
    me = seller_of(salesperson_user)
    task = TaskFactory(salesperson=me)
    response = client_as(salesperson_user).post(reverse("tasks:close", args=[task.no]), {"version": 0}, follow=True)
    task.refresh_from_db()
    assert task.closed
    assert f"Task {task.no} has been closed." in messages_of(response)


# --- the card and its actions ------------------------------------------------------------------


def test_close_asks_the_interaction_question_first(client_as, admin):
    """Asked of users who may log interactions (here the administrator)."""
    task = TaskFactory(contact=PersonFactory(), campaign=CampaignFactory())
    client = client_as(admin)
    response = client.post(reverse("tasks:close", args=[task.no]), {"version": 0})
    assert "Do you want to register an Interaction Log Entry?" in response.content.decode()
    task.refresh_from_db()
    assert not task.closed
    response = client.post(reverse("tasks:close", args=[task.no]), {"version": 0, "confirmed": "yes"})
    task.refresh_from_db()
    assert task.closed
    # Yes opens Log Interaction for the task's contact and campaign, returning to the task afterwards.
    location = response["Location"]
    assert location.startswith(reverse("interactions:log_interaction"))
    assert f"contact={task.contact.no}" in location and f"campaign={task.campaign.no}" in location
    assert "next=%2Ftasks%2F" in location


def test_users_who_cannot_log_interactions_are_not_asked(client_as, sales_manager):
    task = TaskFactory()
    client = client_as(sales_manager)
    response = client.post(reverse("tasks:close", args=[task.no]), {"version": 0}, follow=True)
    assert messages_of(response) == [f"Task {task.no} has been closed."]
    task = TaskFactory(
        salesperson=None, team=TeamFactory(members=[SalespersonFactory(code="AH")]), system_task_type="team"
    )
    url = reverse("tasks:set_completed_by", args=[task.no])
    client.post(url, {"completed_by": "AH", "version": 0, "confirmed": "yes"})
    task.refresh_from_db()
    assert task.closed and task.completed_by.code == "AH"


def test_closing_a_team_task_without_completed_by_shows_bcs_message(client_as, sales_manager):
    task = TaskFactory(salesperson=None, team=TeamFactory(), system_task_type="team")
    response = client_as(sales_manager).post(reverse("tasks:close", args=[task.no]), {"version": 0}, follow=True)
    assert messages_of(response) == ["The Completed By field must be filled in for Tasks assigned to a team."]
    task.refresh_from_db()
    assert not task.closed


def test_set_completed_by_asks_to_close_then_about_the_interaction(client_as, admin):
    member = SalespersonFactory(code="AH")
    task = TaskFactory(salesperson=None, team=TeamFactory(members=[member]), system_task_type="team")
    client = client_as(admin)
    url = reverse("tasks:set_completed_by", args=[task.no])
    first = client.post(url, {"completed_by": "AH", "version": 0})
    assert "Do you want to close the Task?" in first.content.decode()
    no = client.post(url, {"completed_by": "AH", "version": 0, "confirmed": "no"}, follow=True)
    task.refresh_from_db()
    assert (task.closed, task.completed_by) == (False, None)
    assert messages_of(no) == ["Completed By has not been filled in; the task stays open."]
    yes = client.post(url, {"completed_by": "AH", "version": 0, "confirmed": "yes"})
    body = yes.content.decode()
    assert "Do you want to register an Interaction Log Entry?" in body
    assert f'action="{reverse("tasks:close", args=[task.no])}"' in body
    client.post(reverse("tasks:close", args=[task.no]), {"completed_by": "AH", "version": 0, "confirmed": "no"})
    task.refresh_from_db()
    assert (task.closed, task.completed_by) == (True, member)


def test_cancel_and_reopen_from_the_card(client_as, sales_manager):
    task = TaskFactory()
    client = client_as(sales_manager)
    response = client.post(reverse("tasks:cancel", args=[task.no]), {"version": 0}, follow=True)
    assert messages_of(response) == [f"Task {task.no} has been canceled."]
    task.refresh_from_db()
    assert task.canceled and task.closed
    response = client.post(reverse("tasks:reopen", args=[task.no]), {"version": task.version}, follow=True)
    assert messages_of(response) == [f"Task {task.no} has been reopened."]
    task.refresh_from_db()
    assert not task.canceled and not task.closed


def test_recurring_close_shows_bcs_message(client_as, sales_manager, series):
    task = TaskFactory(recurring=True, recurring_date_interval="1W", calc_due_date_from="due_date")
    response = client_as(sales_manager).post(
        reverse("tasks:close", args=[task.no]), {"version": 0, "confirmed": "no"}, follow=True
    )
    assert f"Task No. TD0001 has been created from recurring Task {task.no}." in messages_of(response)


def card_data(task: Task, **changes) -> dict:
    data = {
        "version": task.version,
        "description": task.description,
        "type": task.type,
        "status": task.status,
        "priority": task.priority,
        "date": task.date.isoformat(),
        "duration": "1 day",
        "salesperson": task.salesperson_id or "",
        "team": task.team_id or "",
        "recurring_date_interval": "",
        "calc_due_date_from": "",
    }
    return data | changes


def test_card_saves_and_keeps_bad_input_next_to_the_field(client_as, sales_manager):
    task = TaskFactory()
    client = client_as(sales_manager)
    response = client.post(
        reverse("tasks:detail", args=[task.no]), card_data(task, description="New text", duration="2 hours")
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.description, task.duration) == ("New text", datetime.timedelta(hours=2))
    response = client.post(
        reverse("tasks:detail", args=[task.no]), card_data(task, duration="30 seconds", recurring_date_interval="1Z")
    )
    form = response.context["form"]
    assert "is not a unit" in form.errors["recurring_date_interval"][0]
    assert form["recurring_date_interval"].value() == "1Z"
    response = client.post(reverse("tasks:detail", args=[task.no]), card_data(task, duration="-5"))
    assert response.context["form"].errors["duration"] == [
        "Information that you have entered in this field will cause the duration to be negative which is not "
        "allowed. Please modify the ending date/time value."
    ]


def test_card_reassignment_asks_for_confirmation(client_as, sales_manager, series):
    team = TeamFactory(code="SALES", members=[SalespersonFactory(code="A")])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    services.assign_activity(values=services.TaskValues(date=datetime.date(2026, 3, 2), activity=activity, team=team))
    task = Task.objects.get(system_task_type="team")
    jr = SalespersonFactory(code="JR")
    client = client_as(sales_manager)
    data = card_data(task, salesperson=jr.pk)
    response = client.post(reverse("tasks:detail", args=[task.no]), data)
    assert (
        f"Task No. {task.no} will be reassigned to JR and the corresponding salesperson Tasks for team members "
        "will be deleted. Do you want to continue?" in response.content.decode()
    )
    assert Task.objects.count() == 2
    client.post(reverse("tasks:detail", args=[task.no]), data | {"confirmed": "yes"})
    task.refresh_from_db()
    assert (task.salesperson, task.team, Task.objects.count()) == (jr, None, 1)


def test_blocked_salesperson_is_not_offered_on_the_card(client_as, sales_manager):
    SalespersonFactory(code="GONE", blocked=True)
    task = TaskFactory()
    response = client_as(sales_manager).get(reverse("tasks:detail", args=[task.no]))
    codes = [sp.code for sp in response.context["form"].fields["salesperson"].queryset]
    assert "GONE" not in codes and task.salesperson.code in codes


def test_marketer_reads_the_card_but_cannot_save(client_as, marketer):
    task = TaskFactory()
    client = client_as(marketer)
    assert client.get(reverse("tasks:detail", args=[task.no])).status_code == 200
    assert client.post(reverse("tasks:detail", args=[task.no]), card_data(task)).status_code == 403


def test_delete_asks_then_deletes_with_member_tasks(client_as, sales_manager, series):
    team = TeamFactory(members=[SalespersonFactory(code="A")])
    result = services.create_task(
        values=services.TaskValues(date=datetime.date(2026, 3, 2), description="x", team=team), team_task=True
    )
    client = client_as(sales_manager)
    url = reverse("tasks:delete", args=[result.first.no])
    assert "Its 1 member and attendee tasks are deleted with it." in client.post(url).content.decode()
    assert Task.objects.count() == 2
    client.post(url, {"confirmed": "yes"})
    assert Task.objects.count() == 0


# --- Create Task -------------------------------------------------------------------------------


def test_create_task_prefills_from_a_contact_with_its_salesperson(client_as, sales_manager):
    person = PersonFactory(salesperson=SalespersonFactory(code="OWNER"))
    form = client_as(sales_manager).get(reverse("tasks:create"), {"contact": person.no}).context["form"]
    assert (form.initial["contact"], form.initial["salesperson"]) == (person.no, "OWNER")
    assert form["date"].value() == timezone.localdate()
    assert form["duration"].value() == datetime.timedelta(days=1)


def test_create_task_from_a_privacy_blocked_contact_is_refused(client_as, sales_manager):
    person = PersonFactory(no="CT0999", privacy_blocked=True)
    response = client_as(sales_manager).get(reverse("tasks:create"), {"contact": person.no}, follow=True)
    assert messages_of(response) == ["You cannot use contact CT0999 because they are marked as blocked due to privacy."]


def test_create_task_needs_a_salesperson_with_bcs_message(client_as, sales_manager, series):
    response = client_as(sales_manager).post(
        reverse("tasks:create"), {"description": "Call", "date": "2026-03-02", "priority": "normal"}
    )
    assert response.context["form"].errors["salesperson"] == ["You must fill in the Salesperson Code field."]
    assert Task.objects.count() == 0


def test_create_task_with_only_a_team_is_a_team_task_and_both_without_the_tick_is_an_error(
    client_as, sales_manager, series
):
    team = TeamFactory(code="SALES", members=[SalespersonFactory(code="A")])
    client = client_as(sales_manager)
    data = {"description": "Call", "date": "2026-03-02", "priority": "normal", "team": "SALES", "confirmed": "yes"}
    response = client.post(reverse("tasks:create"), data | {"salesperson": "A"})
    assert response.context["form"].errors["team"] == [
        "Tick Team Task to give the task to the team, or clear Team Code."
    ]
    assert response.context["form"]["team"].value() == "SALES"  # what the user typed stays
    client.post(reverse("tasks:create"), data)
    assert Task.objects.filter(team=team, system_task_type="team").count() == 1


def test_create_task_creates_it_and_opens_the_card(client_as, sales_manager, series):
    SalespersonFactory(code="JR")
    response = client_as(sales_manager).post(
        reverse("tasks:create"),
        {
            "description": "Call back",
            "date": "2026-03-02",
            "priority": "high",
            "salesperson": "JR",
            "duration": "30 min",
        },
        follow=True,
    )
    task = Task.objects.get()
    assert (task.no, task.priority, task.duration) == ("TD0001", "high", datetime.timedelta(minutes=30))
    assert messages_of(response) == ["Task TD0001 has been created."]
    assert response.redirect_chain[-1][0] == task.get_absolute_url()


def test_create_team_task_needs_a_team(client_as, sales_manager, series):
    response = client_as(sales_manager).post(
        reverse("tasks:create"), {"description": "x", "date": "2026-03-02", "priority": "normal", "team_task": "on"}
    )
    assert response.context["form"].errors["team"] == ["You must fill in the Team Code field."]


def test_create_task_for_a_segment_asks_first(client_as, sales_manager, series):
    segment = SegmentFactory(no="SM0009")
    SegmentLineFactory(segment=segment)
    SalespersonFactory(code="JR")
    data = {"description": "x", "date": "2026-03-02", "priority": "normal", "salesperson": "JR", "segment": "SM0009"}
    client = client_as(sales_manager)
    assert (
        "Do you want to create a Task for all contacts in the SM0009 Segment"
        in client.post(reverse("tasks:create"), data).content.decode()
    )
    response = client.post(reverse("tasks:create"), data | {"confirmed": "no"}, follow=True)
    assert messages_of(response) == ["No tasks were created."] and Task.objects.count() == 0
    client.post(reverse("tasks:create"), data | {"confirmed": "yes"})
    assert Task.objects.count() == 1


# --- Assign Activity from every origin, with concrete dates --------------------------------------


def assign(client, data: dict) -> tuple[str, object]:
    """Post the wizard, check the preview, confirm; return the preview HTML and the final response."""
    preview = client.post(reverse("tasks:assign_activity"), data)
    html = preview.content.decode()
    assert re.findall(r'data-testid="preview-date">([^<]+)<', html)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    hidden.pop("step", None)
    return html, client.post(reverse("tasks:assign_activity"), hidden | {"confirmed": "yes"}, follow=True)


def preview_dates(html: str) -> list[str]:
    return re.findall(r'data-testid="preview-date">([^<]+)<', html)


@pytest.fixture
def wizard_client(client_as, sales_manager, series):
    call_seq_activity()
    return client_as(sales_manager)


def test_assign_from_a_salesperson(wizard_client):
    SalespersonFactory(code="JR")
    initial = wizard_client.get(reverse("tasks:assign_activity"), {"salesperson": "JR"}).context["form"].initial
    assert initial == {"salesperson": "JR"}
    html, response = assign(wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04", "salesperson": "JR"})
    assert preview_dates(html) == CALL_SEQ_DATES
    assert messages_of(response) == ["5 tasks have been created."]
    assert sorted(Task.objects.values_list("date", flat=True)) == [
        datetime.date(2024, 3, 4),
        datetime.date(2024, 3, 8),
        datetime.date(2024, 3, 11),
        datetime.date(2024, 3, 19),
        datetime.date(2024, 3, 31),
    ]
    assert len(response.context["page_obj"]) == 5  # the list shows exactly the tasks just created


def test_assign_from_a_team(wizard_client):
    TeamFactory(code="SALES", members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    initial = wizard_client.get(reverse("tasks:assign_activity"), {"team": "SALES"}).context["form"].initial
    assert initial == {"team": "SALES", "team_task": True}
    html, _response = assign(
        wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04", "team_task": "on", "team": "SALES"}
    )
    assert preview_dates(html) == CALL_SEQ_DATES
    assert 'data-testid="preview-total">15<' in html
    assert Task.objects.filter(system_task_type="team").count() == 5
    assert list(
        Task.objects.filter(date=datetime.date(2024, 3, 31)).order_by("no").values_list("salesperson__code", flat=True)
    ) == [None, "A", "B"]


def test_assign_from_a_contact(wizard_client):
    person = PersonFactory(salesperson=SalespersonFactory(code="OWNER"))
    initial = wizard_client.get(reverse("tasks:assign_activity"), {"contact": person.no}).context["form"].initial
    assert initial == {"contact": person.no, "salesperson": "OWNER"}
    assign(wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04"} | initial)
    assert Task.objects.filter(contact=person, salesperson__code="OWNER", date=datetime.date(2024, 3, 19)).count() == 1


def test_assign_from_a_campaign(wizard_client):
    campaign = CampaignFactory(no="CP0007", salesperson=SalespersonFactory(code="CAMP"))
    initial = wizard_client.get(reverse("tasks:assign_activity"), {"campaign": campaign.no}).context["form"].initial
    assert initial == {"campaign": "CP0007", "salesperson": "CAMP"}
    html, _response = assign(wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04"} | initial)
    assert preview_dates(html) == CALL_SEQ_DATES
    assert Task.objects.filter(campaign=campaign, salesperson__code="CAMP").count() == 5


def test_assign_from_a_segment(wizard_client):
    campaign = CampaignFactory(no="CP0008")
    segment = SegmentFactory(no="SM0003", campaign=campaign, salesperson=SalespersonFactory(code="SEG"))
    for _ in range(2):
        SegmentLineFactory(segment=segment)
    initial = wizard_client.get(reverse("tasks:assign_activity"), {"segment": "SM0003"}).context["form"].initial
    assert initial == {"segment": "SM0003", "campaign": "CP0008", "salesperson": "SEG"}
    html, response = assign(wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04"} | initial)
    assert "Do you want to assign an activity to all Contacts in the SM0003 Segment" in html
    assert preview_dates(html) == CALL_SEQ_DATES
    assert messages_of(response) == ["10 tasks have been created."]
    assert Task.objects.filter(segment=segment, campaign=campaign, date=datetime.date(2024, 3, 8)).count() == 2


def test_assign_segment_answer_no_creates_nothing(wizard_client):
    segment = SegmentFactory(no="SM0004")
    SegmentLineFactory(segment=segment)
    SalespersonFactory(code="JR")
    data = {"activity": "CALL-SEQ", "date": "2024-03-04", "salesperson": "JR", "segment": "SM0004"}
    response = wizard_client.post(reverse("tasks:assign_activity"), data | {"confirmed": "no"}, follow=True)
    assert messages_of(response) == ["No tasks were created."]
    assert Task.objects.count() == 0


def test_assign_wizard_shows_bcs_messages(wizard_client):
    response = wizard_client.post(reverse("tasks:assign_activity"), {"date": "2024-03-04"})
    assert response.context["form"].errors["activity"] == ["You must fill in the Activity Code field."]
    response = wizard_client.post(reverse("tasks:assign_activity"), {"activity": "CALL-SEQ", "date": "2024-03-04"})
    assert response.context["form"].non_field_errors() == ["You must specify Salesperson Code or Team Code."]


def test_a_second_confirmation_of_the_same_preview_creates_nothing_more(wizard_client):
    SalespersonFactory(code="JR")
    preview = wizard_client.post(
        reverse("tasks:assign_activity"), {"activity": "CALL-SEQ", "date": "2024-03-04", "salesperson": "JR"}
    )
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', preview.content.decode()))
    hidden.pop("step", None)
    for _ in range(2):
        wizard_client.post(reverse("tasks:assign_activity"), hidden | {"confirmed": "yes"})
    assert Task.objects.count() == 5


def test_large_assignment_runs_as_a_job_with_the_same_result(wizard_client, settings):
    settings.BULK_JOB_THRESHOLD = 3
    SalespersonFactory(code="JR")
    html, response = assign(wizard_client, {"activity": "CALL-SEQ", "date": "2024-03-04", "salesperson": "JR"})
    assert "created in the background" in html
    job = Job.objects.get()
    assert (job.operation, job.status, job.result["tasks_created"]) == ("tasks.create_tasks", "succeeded", 5)
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert Task.objects.count() == 5
    # Running the job again (a retry) creates nothing more.
    from core.jobs import handler_for

    handler_for("tasks.create_tasks")(job)
    assert Task.objects.count() == 5


# --- activities --------------------------------------------------------------------------------


def step_data(rows: list[dict], *, initial: int = 0, start: str = "2024-03-04") -> dict:
    data = {"code": "CALL", "description": "Calls", "start": start}
    data |= {
        "steps-TOTAL_FORMS": len(rows),
        "steps-INITIAL_FORMS": initial,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        data |= {f"steps-{i}-{k}": v for k, v in ({"priority": "normal", "type": ""} | row).items()}
    return data


def test_activity_card_saves_steps_with_normalised_formulas(client_as, sales_manager):
    activity = ActivityFactory(code="CALL")
    client = client_as(sales_manager)
    url = reverse("tasks:activity_detail", args=["CALL"])
    response = client.post(
        url,
        step_data(
            [
                {"step_no": 10000, "description": "Intro", "date_formula": ""},
                {"step_no": 20000, "description": "Brochure", "date_formula": "<wd5>"},
            ]
        ),
        follow=True,
    )
    assert messages_of(response) == ["Activity CALL has been saved."]
    assert list(activity.steps.values_list("step_no", "date_formula")) == [(10000, ""), (20000, "WD5")]
    assert [d for _s, d in response.context["schedule"]] == [datetime.date(2024, 3, 4), datetime.date(2024, 3, 8)]


def test_activity_card_refuses_bad_formulas_and_duplicate_step_nos(client_as, sales_manager):
    ActivityFactory(code="CALL")
    response = client_as(sales_manager).post(
        reverse("tasks:activity_detail", args=["CALL"]),
        step_data(
            [
                {"step_no": 10000, "description": "a", "date_formula": "M2"},
                {"step_no": 10000, "description": "b", "date_formula": "1W"},
            ]
        ),
    )
    formset = response.context["formset"]
    assert "Only D and WD take a number after the unit" in formset.forms[0].errors["date_formula"][0]
    assert formset.forms[1].errors["step_no"] == [
        "The Activity Step already exists. Identification fields and values: Activity Code='CALL',Step No.='10000'"
    ]
    assert Activity.objects.get(code="CALL").steps.count() == 0


def test_activity_card_previews_from_the_chosen_start_date(client_as, marketer):
    step = ActivityStepFactory(activity=ActivityFactory(code="CALL"), date_formula="2W+1D")
    response = client_as(marketer).get(reverse("tasks:activity_detail", args=["CALL"]), {"start": "2026-11-30"})
    assert response.context["schedule"] == [(step, datetime.date(2026, 12, 15))]
    assert "2W+1D from Mon 2026-11-30 → Tue 2026-12-15" in response.content.decode()
    assert response.context["formset"].forms[0].fields["description"].disabled


def test_activity_create_and_delete(client_as, sales_manager):
    client = client_as(sales_manager)
    response = client.post(reverse("tasks:activity_create"), {"code": "new-one", "description": "New"}, follow=True)
    activity = Activity.objects.get(code="NEW-ONE")
    assert response.redirect_chain[-1][0] == activity.get_absolute_url()
    ActivityStepFactory(activity=activity)
    question = client.post(reverse("tasks:activity_delete", args=["NEW-ONE"]))
    assert "Do you want to delete Activity NEW-ONE and its steps?" in question.content.decode()
    assert Activity.objects.exists()
    client.post(reverse("tasks:activity_delete", args=["NEW-ONE"]), {"confirmed": "yes"})
    assert not Activity.objects.exists()


# --- agenda, workload, panel -------------------------------------------------------------------


def test_agenda_groups_a_week_by_day(client_as, sales_manager):
    TaskFactory(date=datetime.date(2026, 3, 4), description="Wednesday task")
    TaskFactory(date=datetime.date(2026, 3, 9), description="Next week")
    response = client_as(sales_manager).get(reverse("tasks:agenda"), {"week": "2026-03-05"})
    days = dict(response.context["days"])
    assert response.context["monday"] == datetime.date(2026, 3, 2)
    assert [t.description for t in days[datetime.date(2026, 3, 4)]] == ["Wednesday task"]
    assert sum(len(tasks) for tasks in days.values()) == 1


def test_workload_counts_open_tasks_per_salesperson_per_week_in_one_grouped_query(
    client_as, sales_manager, django_assert_num_queries
):
    from tasks.workload import workload_grid

    today = datetime.date(2026, 3, 4)  # Wednesday; the week starts Monday 2026-03-02
    a, b = SalespersonFactory(code="A"), SalespersonFactory(code="B")
    TaskFactory(salesperson=a, date=datetime.date(2026, 3, 2))
    TaskFactory(salesperson=a, date=datetime.date(2026, 3, 8))
    TaskFactory(salesperson=a, date=datetime.date(2026, 3, 9))
    TaskFactory(salesperson=a, date=datetime.date(2026, 2, 1))  # overdue
    TaskFactory(salesperson=b, date=datetime.date(2026, 4, 26))  # week 8
    TaskFactory(salesperson=b, date=datetime.date(2026, 4, 27))  # beyond the window
    TaskFactory(
        salesperson=b, date=datetime.date(2026, 3, 3), closed=True, status="completed", date_closed=today
    )  # closed
    with django_assert_num_queries(3):  # the grouped counts, the salespeople, the teams
        grid = workload_grid(today=today)
    rows = {row.salesperson.code: row for row in grid.rows}
    assert rows["A"].weeks == [2, 1, 0, 0, 0, 0, 0, 0] and rows["A"].overdue == 1
    assert rows["B"].weeks == [0, 0, 0, 0, 0, 0, 0, 1]
    assert grid.total == 5
    assert client_as(sales_manager).get(reverse("tasks:workload")).status_code == 200


def test_panel_lists_the_records_open_tasks_with_links(client_as, sales_manager):
    campaign = CampaignFactory(no="CP0005")
    TaskFactory(campaign=campaign, description="Open one", date=datetime.date(2020, 1, 1))
    TaskFactory(campaign=campaign, closed=True, status="completed", date_closed=datetime.date(2020, 1, 1))
    TaskFactory(description="Elsewhere")
    response = client_as(sales_manager).get(reverse("tasks:panel"), {"campaign": "CP0005"})
    assert response.context["counts"] == {"open": 1, "overdue": 1, "total": 2}
    html = response.content.decode()
    assert "Open one" in html and "Elsewhere" not in html
    assert f"{reverse('tasks:list')}?campaign=CP0005" in html
    assert reverse("tasks:assign_activity") not in html  # on the campaign card it is in the action bar
    segment_panel = client_as(sales_manager).get(reverse("tasks:panel"), {"segment": "SM0005"}).content.decode()
    assert f"{reverse('tasks:assign_activity')}?segment=SM0005" in segment_panel


# --- demo data ---------------------------------------------------------------------------------


def test_demo_loads_activities_and_tasks_and_is_idempotent(series):
    from tasks import demo

    team = TeamFactory(members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    assert "no demo tasks" not in demo.load()
    count = Task.objects.count()
    assert count > 0 and Task.objects.filter(team=team).exists()
    demo.load()
    assert Task.objects.count() == count
    assert Activity.objects.get(code="CALL-SEQ").steps.count() == 5


def test_demo_without_salespeople_only_adds_activities():
    from tasks import demo

    assert "no salespeople yet" in demo.load()
    assert Activity.objects.count() == 3 and not Task.objects.exists()


def test_closed_tasks_are_muted_in_the_list(client_as, sales_manager):
    open_task = TaskFactory(description="Still open")
    closed = TaskFactory(
        description="Done", closed=True, status=Task.Status.COMPLETED, date_closed=datetime.date(2026, 1, 2)
    )
    rows = {
        row.object.pk: row.css for row in client_as(sales_manager).get(reverse("tasks:list")).context["listing"].rows
    }
    assert rows == {open_task.pk: "", closed.pk: "text-muted"}
