"""Task rules (DOMAIN 7.3) as service tests: every rule and BC message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tasks import services
from tasks.models import Task, TaskType
from tasks.services import messages
from tests.contacts.factories import PersonFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory, TaskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


def fresh(task: Task) -> Task:
    return Task.objects.get(pk=task.pk)


def team_task(series, *, members=("A", "B"), **kwargs) -> Task:
    """A team task with per-member tasks, created the way Assign Activity creates them."""
    team = TeamFactory(code="SALES", members=[SalespersonFactory(code=code) for code in members])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity, description="Team call", **kwargs)
    organizer = team.ordered_members().first() if kwargs.get("type") == TaskType.MEETING else None
    services.assign_activity(
        values=services.TaskValues(
            date=datetime.date(2026, 3, 2), activity=activity, team=team, team_meeting_organizer=organizer
        )
    )
    return Task.objects.get(system_task_type="team")


# --- closing -----------------------------------------------------------------------------------


def test_close_sets_date_closed_and_status_completed():
    task = TaskFactory()
    result = services.close_task(task=task, expected_version=0, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.status, task.date_closed) == (True, Task.Status.COMPLETED, TODAY)
    assert result.closed and result.recurring_task is None
    assert task.version == 1 and task.last_date_modified == TODAY


def test_closing_a_team_task_needs_completed_by(series):
    task = team_task(series)
    with pytest.raises(ValidationError) as excinfo:
        services.close_task(task=task, expected_version=task.version, today=TODAY)
    assert excinfo.value.messages == ["The Completed By field must be filled in for Tasks assigned to a team."]
    assert not fresh(task).closed


def test_closing_a_team_task_with_completed_by_closes_the_member_tasks_too(series):
    task = team_task(series)
    member = task.sub_tasks.get(salesperson__code="A").salesperson
    services.close_task(task=task, expected_version=task.version, completed_by=member, today=TODAY)
    assert set(Task.objects.values_list("closed", "completed_by__code", "date_closed")) == {(True, "A", TODAY)}


def test_a_member_closes_only_their_own_task_and_needs_completed_by(series):
    task = team_task(series)
    own = task.sub_tasks.get(salesperson__code="B")
    with pytest.raises(ValidationError, match="Completed By field must be filled in"):
        services.close_task(task=own, expected_version=own.version, today=TODAY)
    services.close_task(task=own, expected_version=own.version, completed_by=own.salesperson, today=TODAY)
    assert list(Task.objects.filter(closed=True).values_list("no", flat=True)) == [own.no]


def test_status_completed_and_closed_go_together_in_the_database():
    task = TaskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(status=Task.Status.COMPLETED)


def test_status_completed_on_the_card_closes_and_another_status_reopens():
    task = TaskFactory()
    task.status = Task.Status.COMPLETED
    services.update_task(task=task, expected_version=0, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.date_closed) == (True, TODAY)
    task.status = Task.Status.WAITING
    services.update_task(task=task, expected_version=task.version, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.status, task.date_closed) == (False, Task.Status.WAITING, None)


# --- Completed By ------------------------------------------------------------------------------


def test_completed_by_answer_yes_closes_the_task(series):
    task = team_task(series)
    a = task.sub_tasks.get(salesperson__code="A").salesperson
    services.set_completed_by(task=task, expected_version=task.version, salesperson=a, close=True, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.completed_by, task.status) == (True, a, Task.Status.COMPLETED)


def test_completed_by_answer_no_leaves_it_blank(series):
    task = team_task(series)
    a = task.sub_tasks.get(salesperson__code="A").salesperson
    services.set_completed_by(task=task, expected_version=task.version, salesperson=a, close=False, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.completed_by) == (False, None)
    assert task.version == 0


# --- reopen and cancel -------------------------------------------------------------------------


def test_reopen_clears_canceled_date_closed_completed_by_and_status_goes_in_progress(series):
    task = team_task(series)
    a = task.sub_tasks.get(salesperson__code="A").salesperson
    services.close_task(task=task, expected_version=0, completed_by=a, today=TODAY)
    task = fresh(task)
    services.reopen_task(task=task, expected_version=task.version, today=TODAY)
    task = fresh(task)
    assert (task.closed, task.canceled, task.date_closed, task.completed_by, task.status) == (
        False,
        False,
        None,
        None,
        Task.Status.IN_PROGRESS,
    )
    assert not Task.objects.filter(closed=True).exists()


def test_cancel_closes_without_completed_by_even_for_a_team_task(series):
    task = team_task(series)
    services.cancel_task(task=task, expected_version=task.version, today=TODAY)
    task = fresh(task)
    assert (task.canceled, task.closed, task.status, task.date_closed) == (True, True, Task.Status.COMPLETED, TODAY)


def test_reopen_after_cancel_un_cancels():
    task = TaskFactory()
    services.cancel_task(task=task, expected_version=0, today=TODAY)
    task = fresh(task)
    services.reopen_task(task=task, expected_version=task.version, today=TODAY)
    assert (fresh(task).canceled, fresh(task).closed) == (False, False)


def test_canceled_implies_closed_in_the_database():
    task = TaskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(canceled=True)


# --- recurring ---------------------------------------------------------------------------------


def recurring(**kwargs) -> Task:
    return TaskFactory(recurring=True, recurring_date_interval="1W", date=datetime.date(2026, 3, 2), **kwargs)


def test_recurring_due_date_mode_counts_from_the_old_date(series):
    task = recurring(calc_due_date_from=Task.CalcDueDateFrom.DUE_DATE, description="Weekly call")
    result = services.close_task(task=task, expected_version=0, today=TODAY)
    copy = result.recurring_task
    assert copy.date == datetime.date(2026, 3, 9)
    assert result.messages == [f"Task No. {copy.no} has been created from recurring Task {task.no}."]
    copy = fresh(copy)
    assert (copy.status, copy.closed, copy.canceled, copy.date_closed, copy.completed_by) == (
        Task.Status.NOT_STARTED,
        False,
        False,
        None,
        None,
    )
    assert (copy.recurring, copy.recurring_date_interval, copy.description) == (True, "1W", "Weekly call")
    assert copy.salesperson == task.salesperson and copy.no == "TD0001"


def test_recurring_closing_date_mode_counts_from_today(series):
    task = recurring(calc_due_date_from=Task.CalcDueDateFrom.CLOSING_DATE)
    result = services.close_task(task=task, expected_version=0, today=TODAY)
    assert result.recurring_task.date == datetime.date(2026, 3, 17)


def test_canceling_a_recurring_task_still_creates_the_next_one(series):
    task = recurring(calc_due_date_from=Task.CalcDueDateFrom.DUE_DATE)
    result = services.cancel_task(task=task, expected_version=0, today=TODAY)
    assert result.recurring_task is not None


def test_recurring_without_interval_is_refused_when_closing(series):
    task = TaskFactory(no="TF9001", recurring=True, calc_due_date_from=Task.CalcDueDateFrom.DUE_DATE)
    with pytest.raises(ValidationError) as excinfo:
        services.close_task(task=task, expected_version=0, today=TODAY)
    assert excinfo.value.messages == [
        "Recurring Date Interval must have a value in Task: No.=TF9001. It cannot be zero or empty."
    ]
    assert not fresh(task).closed


def test_recurring_with_a_zero_interval_is_refused_when_closing(series):
    task = TaskFactory(recurring=True, recurring_date_interval="0D", date=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        services.close_task(task=task, expected_version=task.version, today=TODAY)
    assert excinfo.value.messages == [
        f"Recurring Date Interval must have a value in Task: No.={task.no}. It cannot be zero or empty."
    ]
    assert Task.objects.count() == 1 and not fresh(task).closed


def test_recurring_without_calc_due_date_from_is_refused_when_closing(series):
    task = recurring()
    with pytest.raises(ValidationError) as excinfo:
        services.close_task(task=task, expected_version=0, today=TODAY)
    assert excinfo.value.messages == ["Calc. Due Date From must be specified."]


def test_recurring_team_task_brings_new_member_tasks(series):
    task = team_task(series)
    Task.objects.filter(pk=task.pk).update(recurring=True, recurring_date_interval="1M", calc_due_date_from="due_date")
    Task.objects.filter(organizer_task=task).update(
        recurring=True, recurring_date_interval="1M", calc_due_date_from="due_date"
    )
    task = fresh(task)
    a = task.sub_tasks.get(salesperson__code="A").salesperson
    result = services.close_task(task=task, expected_version=task.version, completed_by=a, today=TODAY)
    copy = result.recurring_task
    assert copy.is_team_task and copy.date == datetime.date(2026, 4, 2)
    assert list(copy.sub_tasks.order_by("no").values_list("salesperson__code", "closed")) == [
        ("A", False),
        ("B", False),
    ]


# --- editing the card --------------------------------------------------------------------------


def test_type_cannot_change_between_meeting_and_other_types():
    task = TaskFactory(type=TaskType.PHONE_CALL)
    task.type = TaskType.MEETING
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=0)
    assert excinfo.value.messages == [str(messages.TYPE_CHANGE_NOT_ALLOWED)]


def test_type_can_change_between_blank_and_phone_call():
    task = TaskFactory(type=TaskType.PHONE_CALL)
    task.type = TaskType.BLANK
    services.update_task(task=task, expected_version=0)
    assert fresh(task).type == TaskType.BLANK


def test_salesperson_and_team_cannot_both_be_cleared():
    task = TaskFactory()
    task.salesperson = None
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=0)
    assert excinfo.value.messages == ["You must fill in either the Salesperson Code field or the Team Code field."]


def test_salesperson_of_a_meeting_is_its_organizer_and_cannot_change():
    task = TaskFactory(type=TaskType.MEETING)
    task.salesperson = SalespersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=0)
    assert excinfo.value.messages == [
        "You cannot change the Salesperson Code for this Task, because this salesperson is the meeting organizer."
    ]


def test_salesperson_of_other_tasks_can_change_but_not_to_a_blocked_one():
    task = TaskFactory()
    task.salesperson = SalespersonFactory(code="NEW")
    services.update_task(task=task, expected_version=0)
    task = fresh(task)
    task.salesperson = SalespersonFactory(code="GONE", blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.messages == [
        "The field Salesperson Code of table Task contains a value (GONE) that cannot be found in the related "
        "table (Salesperson/Purchaser)."
    ]


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        (datetime.timedelta(minutes=-5), messages.DURATION_NEGATIVE),
        (datetime.timedelta(seconds=59), messages.DURATION_UNDER_ONE_MINUTE),
        (datetime.timedelta(days=3651), messages.DURATION_OVER_TEN_YEARS),
    ],
)
def test_duration_limits(duration, message):
    task = TaskFactory()
    task.duration = duration
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=0)
    assert excinfo.value.messages == [str(message)]


def test_duration_of_one_minute_and_ten_years_is_accepted():
    task = TaskFactory()
    for duration in (datetime.timedelta(minutes=1), datetime.timedelta(days=3650)):
        task.duration = duration
        services.update_task(task=task, expected_version=task.version)
        task = fresh(task)
        assert task.duration == duration


@pytest.mark.parametrize("date", [datetime.date(1899, 12, 31), datetime.date(3000, 1, 1)])
def test_date_must_lie_in_1900_to_2999(date):
    task = TaskFactory()
    task.date = date
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=0)
    assert excinfo.value.messages == [
        "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range."
    ]


def test_privacy_blocked_contact_is_refused_and_a_contact_brings_its_company():
    task = TaskFactory()
    person = PersonFactory()
    task.contact = person
    services.update_task(task=task, expected_version=0)
    assert fresh(task).contact_company == person.company
    task = fresh(task)
    task.contact = PersonFactory(no="CT0666", privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.messages == [
        "You cannot use contact CT0666 because they are marked as blocked due to privacy."
    ]


def test_a_stale_card_is_refused_with_bcs_message():
    task = TaskFactory()
    services.close_task(task=fresh(task), expected_version=0, today=TODAY)
    task.description = "Changed meanwhile"
    with pytest.raises(ValidationError, match="Another user has modified the record"):
        services.update_task(task=task, expected_version=0)


def test_changes_to_a_team_task_reach_its_member_tasks(series):
    task = team_task(series)
    task.description = "Renamed"
    task.date = datetime.date(2026, 4, 1)
    services.update_task(task=task, expected_version=task.version, today=TODAY)
    assert set(Task.objects.values_list("description", "date")) == {("Renamed", datetime.date(2026, 4, 1))}
    assert set(task.sub_tasks.values_list("salesperson__code", flat=True)) == {"A", "B"}


def test_editing_a_team_task_keeps_the_tasks_its_members_have_closed(series):
    task = team_task(series)
    own = task.sub_tasks.get(salesperson__code="B")
    services.close_task(task=own, expected_version=own.version, completed_by=own.salesperson, today=TODAY)
    task = fresh(task)
    task.description = "Renamed"
    services.update_task(task=task, expected_version=task.version, today=TODAY)
    own = fresh(own)
    assert (own.description, own.closed, own.completed_by.code, own.date_closed) == ("Renamed", True, "B", TODAY)
    assert not task.sub_tasks.get(salesperson__code="A").closed


# --- reassignments -----------------------------------------------------------------------------


def test_team_task_to_salesperson_asks_then_deletes_the_member_tasks(series):
    task = team_task(series)
    jr = SalespersonFactory(code="JR")
    task.salesperson = jr
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.question == (
        f"Task No. {task.no} will be reassigned to JR and the corresponding salesperson Tasks for team members "
        "will be deleted. Do you want to continue?"
    )
    assert Task.objects.count() == 3
    services.update_task(task=task, expected_version=task.version, confirmed=True)
    task = fresh(task)
    assert (task.salesperson, task.team, task.system_task_type) == (jr, None, Task.SystemTaskType.ORGANIZER)
    assert Task.objects.count() == 1


def test_closed_team_task_to_salesperson_asks_to_reopen(series):
    task = team_task(series)
    services.cancel_task(task=task, expected_version=task.version)
    task = fresh(task)
    task.salesperson = SalespersonFactory(code="JR")
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.question == (
        f"Task No. {task.no} is closed. It will be reopened and reassigned to JR. Do you want to continue?"
    )
    services.update_task(task=task, expected_version=task.version, confirmed=True)
    assert not fresh(task).closed


def test_team_meeting_to_salesperson_uses_the_meeting_question(series):
    task = team_task(series, type=TaskType.MEETING)
    task.salesperson = SalespersonFactory(code="JR")
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.question == f"Task No. {task.no} will be reassigned to JR. Do you want to continue?"


def test_salesperson_task_to_team_creates_member_tasks_without_asking(series):
    task = TaskFactory()
    team = TeamFactory(members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    task.team = team
    services.update_task(task=task, expected_version=0)
    task = fresh(task)
    assert (task.salesperson, task.system_task_type) == (None, Task.SystemTaskType.TEAM)
    assert list(task.sub_tasks.order_by("no").values_list("salesperson__code", "system_task_type")) == [
        ("A", "organizer"),
        ("B", "organizer"),
    ]


def test_closed_salesperson_task_to_team_asks_to_reopen(series):
    task = TaskFactory()
    services.close_task(task=task, expected_version=0)
    task = fresh(task)
    task.team = TeamFactory(code="NORTH")
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert (
        excinfo.value.question
        == f"Task No. {task.no} is closed. Do you want to reopen it and assign to the NORTH team?"
    )


def test_changing_the_team_keeps_staying_members_and_replaces_the_others(series):
    task = team_task(series, members=("A", "B"))
    a = task.sub_tasks.get(salesperson__code="A")
    north = TeamFactory(code="NORTH", members=[a.salesperson, SalespersonFactory(code="C")])
    task.team = north
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.update_task(task=task, expected_version=task.version)
    assert excinfo.value.question == (
        "Tasks of the SALES team members who do not belong to the NORTH team will be deleted. Do you want to continue?"
    )
    services.update_task(task=task, expected_version=task.version, confirmed=True)
    subs = fresh(task).sub_tasks.order_by("salesperson__code")
    assert list(subs.values_list("salesperson__code", "team__code")) == [("A", "NORTH"), ("C", "NORTH")]
    assert subs.filter(pk=a.pk).exists()


def test_member_task_assignment_follows_its_team_task(series):
    task = team_task(series)
    member = task.sub_tasks.get(salesperson__code="A")
    member.salesperson = SalespersonFactory(code="X")
    with pytest.raises(ValidationError, match="follow its team task"):
        services.update_task(task=member, expected_version=member.version)


def test_deleting_a_team_task_deletes_its_member_tasks(series):
    task = team_task(series)
    assert services.delete_task(task=task) == 3
    assert Task.objects.count() == 0


# --- the Create Task wizard --------------------------------------------------------------------


def wizard(**kwargs) -> services.TaskValues:
    return services.TaskValues(**{"date": TODAY, "description": "Call back", **kwargs})


@pytest.mark.parametrize(
    ("team_task_", "values", "message"),
    [
        (False, {"date": None}, "You must fill in the Date field."),
        (False, {"description": ""}, "You must fill in the Description field."),
        (True, {}, "You must fill in the Team Code field."),
        (False, {}, "You must fill in the Salesperson Code field."),
        (
            False,
            {"type": TaskType.MEETING, "salesperson": "sp", "duration": None, "start_time": datetime.time(9)},
            "You must fill in the Duration field.",
        ),
        (False, {"type": TaskType.MEETING, "salesperson": "sp"}, "You must fill in the Start Time field."),
        (
            True,
            {"type": TaskType.MEETING, "team": "team", "all_day_event": True},
            "You must specify the Task organizer.",
        ),
        (False, {"recurring": True, "salesperson": "sp"}, "You must fill in the Recurring Date Interval field."),
        (
            False,
            {"recurring": True, "recurring_date_interval": "1W", "salesperson": "sp"},
            "You must fill in the Calc. Due Date From field.",
        ),
    ],
)
def test_create_task_wizard_checks(series, team_task_, values, message):
    replacements = {"sp": SalespersonFactory(), "team": TeamFactory()}
    values = {k: replacements.get(v, v) if isinstance(v, str) else v for k, v in values.items()}
    with pytest.raises(ValidationError) as excinfo:
        services.create_task(values=wizard(**values), team_task=team_task_)
    assert excinfo.value.messages == [message]


def test_create_salesperson_task_takes_the_next_number(series):
    result = services.create_task(values=wizard(salesperson=SalespersonFactory()), team_task=False)
    task = result.first
    assert (task.no, task.date, task.duration, task.system_task_type) == (
        "TD0001",
        TODAY,
        datetime.timedelta(days=1),
        Task.SystemTaskType.ORGANIZER,
    )


def test_create_team_task_creates_member_tasks(series):
    team = TeamFactory(members=[SalespersonFactory(code="A")])
    services.create_task(values=wizard(team=team, salesperson=SalespersonFactory(code="IGNORED")), team_task=True)
    assert list(Task.objects.order_by("no").values_list("system_task_type", "salesperson__code")) == [
        ("team", None),
        ("organizer", "A"),
    ]


def test_create_task_for_a_segment_asks_then_creates_one_per_contact(series):
    from tests.segments.factories import SegmentFactory, SegmentLineFactory

    segment = SegmentFactory(no="SM0007")
    SegmentLineFactory(segment=segment)
    SegmentLineFactory(segment=segment)
    values = wizard(salesperson=SalespersonFactory(), segment=segment)
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.create_task(values=values, team_task=False)
    assert excinfo.value.question == "Do you want to create a Task for all contacts in the SM0007 Segment?"
    assert services.create_task(values=values, team_task=False, confirmed=True).count == 2
