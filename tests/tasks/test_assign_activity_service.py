"""Assign Activity (DOMAIN 7.4, A.7, A.8): the tasks created, their dates, numbers and BC's checks."""

import datetime
import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from core.models import NoSeries
from tasks import services
from tasks.models import Task, TaskType
from tasks.services import messages
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import PersonFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory, call_seq_activity

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 3, 4)  # a Monday
CALL_SEQ_DATES = [
    datetime.date(2024, 3, 4),
    datetime.date(2024, 3, 8),
    datetime.date(2024, 3, 11),
    datetime.date(2024, 3, 19),
    datetime.date(2024, 3, 31),
]


def values(**kwargs) -> services.TaskValues:
    return services.TaskValues(**{"date": START, **kwargs})


def test_worked_example_salesperson_gets_one_task_per_step_with_the_documented_dates(series):
    salesperson = SalespersonFactory(code="JR")
    result = services.assign_activity(values=values(activity=call_seq_activity(), salesperson=salesperson))
    tasks = list(Task.objects.order_by("no"))
    assert [t.date for t in tasks] == CALL_SEQ_DATES
    assert [t.description for t in tasks] == [
        "Intro call",
        "Send brochure",
        "Follow-up",
        "Check-in",
        "Month-end review",
    ]
    assert [t.type for t in tasks] == ["phone_call", "", "phone_call", "phone_call", ""]
    assert {t.salesperson_id for t in tasks} == {salesperson.pk}
    assert {t.system_task_type for t in tasks} == {Task.SystemTaskType.ORGANIZER}
    assert all(t.organizer_no == t.no and t.activity.code == "CALL-SEQ" for t in tasks)
    assert result.count == 5


def test_numbers_are_drawn_as_one_gapless_block_from_the_task_series(series):
    Task.objects.all().delete()
    services.assign_activity(values=values(activity=call_seq_activity(), salesperson=SalespersonFactory()))
    assert sorted(Task.objects.values_list("no", flat=True)) == ["TD0001", "TD0002", "TD0003", "TD0004", "TD0005"]
    assert NoSeries.objects.get(code="TODO").last_no_used == "TD0005"


def test_step_dates_are_computed_once_per_step_not_per_task(series):
    activity = call_seq_activity()
    segment = SegmentFactory()
    for _ in range(4):
        SegmentLineFactory(segment=segment)
    from core import dateformula

    with mock.patch("tasks.services.creation.calc_date", wraps=dateformula.calc_date) as spy:
        result = services.assign_activity(
            values=values(activity=activity, salesperson=SalespersonFactory(), segment=segment), confirmed=True
        )
    assert result.count == 20
    assert spy.call_count == 5


def test_from_a_contact_the_task_carries_contact_and_company(series):
    person = PersonFactory()
    services.assign_activity(
        values=values(activity=call_seq_activity(), salesperson=SalespersonFactory(), contact=person)
    )
    task = Task.objects.order_by("no").first()
    assert task.contact == person
    assert task.contact_company == person.company


def test_team_gets_a_team_task_and_member_tasks_in_salesperson_code_order(series):
    b, a, c = SalespersonFactory(code="B"), SalespersonFactory(code="A"), SalespersonFactory(code="C")
    team = TeamFactory(code="SALES", members=[b, c, a])
    activity = ActivityFactory(code="TWO")
    ActivityStepFactory(activity=activity, step_no=10000, description="Plan", date_formula="")
    ActivityStepFactory(activity=activity, step_no=20000, description="Review", date_formula="1W")
    services.assign_activity(values=values(activity=activity, team=team))
    rows = list(Task.objects.order_by("no").values_list("no", "system_task_type", "salesperson__code", "date"))
    assert rows == [
        ("TD0001", "team", None, START),
        ("TD0002", "organizer", "A", START),
        ("TD0003", "organizer", "B", START),
        ("TD0004", "organizer", "C", START),
        ("TD0005", "team", None, datetime.date(2024, 3, 11)),
        ("TD0006", "organizer", "A", datetime.date(2024, 3, 11)),
        ("TD0007", "organizer", "B", datetime.date(2024, 3, 11)),
        ("TD0008", "organizer", "C", datetime.date(2024, 3, 11)),
    ]
    team_task = Task.objects.get(no="TD0001")
    assert set(team_task.sub_tasks.values_list("no", flat=True)) == {"TD0002", "TD0003", "TD0004"}
    assert all(t.organizer_no == "TD0001" and t.team == team for t in team_task.sub_tasks.all())


def test_team_with_a_contact_also_gets_a_contact_attendee_task(series):
    team = TeamFactory(members=[SalespersonFactory(code="A")])
    person = PersonFactory()
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    services.assign_activity(values=values(activity=activity, team=team, contact=person))
    types = list(Task.objects.order_by("no").values_list("system_task_type", flat=True))
    assert types == ["team", "organizer", "contact_attendee"]
    assert Task.objects.filter(contact=person).count() == 3


def test_blocked_team_members_get_no_task(series):
    team = TeamFactory(members=[SalespersonFactory(code="A"), SalespersonFactory(code="Z", blocked=True)])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    plan = services.plan_activity(values(activity=activity, team=team))
    assert plan.total == 2
    services.assign_activity(values=values(activity=activity, team=team))
    assert list(Task.objects.exclude(salesperson=None).values_list("salesperson__code", flat=True)) == ["A"]


def test_from_a_campaign_tasks_carry_the_campaign(series):
    campaign = CampaignFactory(salesperson=SalespersonFactory(code="CAMPSP"))
    services.assign_activity(
        values=values(activity=call_seq_activity(), salesperson=campaign.salesperson, campaign=campaign)
    )
    assert Task.objects.filter(campaign=campaign, salesperson__code="CAMPSP").count() == 5
    assert sorted(Task.objects.values_list("date", flat=True)) == CALL_SEQ_DATES


def test_segment_gets_one_task_per_contact_per_step_after_the_question(series):
    campaign = CampaignFactory()
    segment = SegmentFactory(no="SM0100", campaign=campaign)
    lines = [SegmentLineFactory(segment=segment) for _ in range(3)]
    activity = call_seq_activity()
    wizard = values(activity=activity, salesperson=SalespersonFactory(), segment=segment, campaign=campaign)
    with pytest.raises(services.ConfirmationRequired) as excinfo:
        services.assign_activity(values=wizard)
    assert excinfo.value.question == "Do you want to assign an activity to all Contacts in the SM0100 Segment?"
    assert Task.objects.count() == 0
    services.assign_activity(values=wizard, confirmed=True)
    assert Task.objects.count() == 15
    for line in lines:
        contact_tasks = Task.objects.filter(contact=line.contact).order_by("date")
        assert [t.date for t in contact_tasks] == CALL_SEQ_DATES
        assert {t.segment_id for t in contact_tasks} == {segment.pk}
        assert {t.contact_company_id for t in contact_tasks} == {line.contact.company_id}


def test_segment_and_team_gives_a_team_task_and_member_tasks_per_contact(series):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment)
    SegmentLineFactory(segment=segment)
    team = TeamFactory(members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity, date_formula="WD5")
    plan = services.plan_activity(values(activity=activity, team=team, segment=segment))
    assert plan.total == 6
    services.assign_activity(values=values(activity=activity, team=team, segment=segment), confirmed=True)
    assert Task.objects.filter(system_task_type="team").count() == 2
    assert Task.objects.filter(system_task_type="organizer", team=team).count() == 4
    assert set(Task.objects.values_list("date", flat=True)) == {datetime.date(2024, 3, 8)}


def test_privacy_blocked_segment_contacts_are_left_out_and_counted(series):
    segment = SegmentFactory()
    SegmentLineFactory(segment=segment)
    SegmentLineFactory(segment=segment, contact=PersonFactory(privacy_blocked=True))
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    plan = services.plan_activity(values(activity=activity, salesperson=SalespersonFactory(), segment=segment))
    assert (plan.units, plan.skipped_privacy_blocked, plan.total) == (1, 1, 1)


def test_segment_without_contacts_asks_nothing_and_creates_nothing(series):
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    result = services.assign_activity(
        values=values(activity=activity, salesperson=SalespersonFactory(), segment=SegmentFactory())
    )
    assert result.count == 0


def test_activity_without_steps_creates_one_task_with_the_wizard_values(series):
    activity = ActivityFactory(code="EMPTY", description="Just one thing")
    services.assign_activity(values=values(activity=activity, salesperson=SalespersonFactory()))
    task = Task.objects.get()
    assert (task.date, task.description) == (START, "Just one thing")


def test_meeting_step_for_a_team_is_all_day_with_the_organizer_first(series):
    a, b = SalespersonFactory(code="A"), SalespersonFactory(code="B")
    team = TeamFactory(members=[a, b])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity, type=TaskType.MEETING, description="Kick-off")
    services.assign_activity(values=values(activity=activity, team=team, team_meeting_organizer=b))
    rows = list(Task.objects.order_by("no").values_list("system_task_type", "salesperson__code", "all_day_event"))
    assert rows == [("team", None, True), ("organizer", "B", True), ("salesperson_attendee", "A", True)]


@pytest.mark.parametrize(
    ("wizard", "message"),
    [
        ({"activity": None}, "You must fill in the Activity Code field."),
        ({"date": None}, "You must fill in the Date field."),
        ({"salesperson": None}, "You must specify Salesperson Code or Team Code."),
        (
            {"date": datetime.date(1899, 12, 31)},
            "The valid range of dates is from 01/01/1900 to 12/31/2999. Please enter a date within this range.",
        ),
    ],
)
def test_bc_checks_on_finish(series, wizard, message):
    defaults = {"activity": call_seq_activity(), "salesperson": SalespersonFactory()}
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(values=values(**(defaults | wizard)))
    assert excinfo.value.messages == [message]
    assert Task.objects.count() == 0


def test_team_with_a_meeting_step_needs_the_meeting_organizer(series):
    activity = ActivityFactory(code="MEET")
    ActivityStepFactory(activity=activity, type=TaskType.MEETING)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(values=values(activity=activity, team=TeamFactory()))
    assert excinfo.value.messages == [
        "Activity MEET contains Tasks of type Meeting. You must fill in the Meeting Organizer field."
    ]


def test_privacy_blocked_contact_is_refused(series):
    person = PersonFactory(no="CT0042", privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(
            values=values(activity=call_seq_activity(), salesperson=SalespersonFactory(), contact=person)
        )
    assert excinfo.value.messages == [
        "You cannot use contact CT0042 because they are marked as blocked due to privacy."
    ]


def test_blocked_salesperson_is_refused(series):
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(
            values=values(activity=call_seq_activity(), salesperson=SalespersonFactory(code="OLD", blocked=True))
        )
    assert excinfo.value.messages == [str(messages.SALESPERSON_BLOCKED % {"field": "Salesperson Code", "code": "OLD"})]


def test_step_date_outside_the_valid_range_is_refused(series):
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity, date_formula="1000Y")
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(
            values=values(activity=activity, salesperson=SalespersonFactory(), date=datetime.date(2024, 1, 1))
        )
    assert excinfo.value.messages == [str(messages.DATE_OUT_OF_RANGE)]


def test_running_the_same_assignment_twice_creates_the_tasks_once(series):
    run = uuid.uuid4()
    wizard = values(activity=call_seq_activity(), salesperson=SalespersonFactory())
    first = services.assign_activity(values=wizard, assignment_id=run)
    second = services.assign_activity(values=wizard, assignment_id=run)
    assert (first.count, second.count, second.already_done) == (5, 5, True)
    assert Task.objects.count() == 5
    assert NoSeries.objects.get(code="TODO").last_no_used == "TD0005"


def test_missing_task_series_is_reported_with_bcs_message():
    from core.models import MarketingSetup

    MarketingSetup.get()
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(values=values(activity=call_seq_activity(), salesperson=SalespersonFactory()))
    assert excinfo.value.messages == ["Task Nos. must have a value in Marketing Setup"]


def test_privacy_blocked_salesperson_is_refused_and_gets_no_member_task(series):
    secret = SalespersonFactory(code="SECRET", privacy_blocked=True)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_activity(values=values(activity=call_seq_activity(), salesperson=secret))
    assert excinfo.value.messages == ["Privacy Blocked must not be true for Salesperson / Purchaser SECRET."]
    team = TeamFactory(members=[SalespersonFactory(code="A"), secret])
    activity = ActivityFactory()
    ActivityStepFactory(activity=activity)
    assert services.plan_activity(values(activity=activity, team=team)).members == [
        team.ordered_members().get(code="A")
    ]
