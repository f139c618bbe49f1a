import datetime

import factory

from tasks.models import Activity, ActivityStep, Priority, Task, TaskType
from tests.salespeople.factories import SalespersonFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ACT{n}")
    description = factory.Faker("bs")


class ActivityStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityStep

    activity = factory.SubFactory(ActivityFactory)
    step_no = factory.Sequence(lambda n: (n + 1) * 10000)
    type = TaskType.BLANK
    priority = Priority.NORMAL
    description = factory.Faker("sentence", nb_words=3)
    date_formula = ""


def call_seq_activity() -> Activity:
    """DOMAIN 7.4's worked example: CALL-SEQ with five steps."""
    activity = ActivityFactory(code="CALL-SEQ", description="Call sequence")
    for step_no, type_, description, formula in [
        (10000, TaskType.PHONE_CALL, "Intro call", ""),
        (20000, TaskType.BLANK, "Send brochure", "WD5"),
        (30000, TaskType.PHONE_CALL, "Follow-up", "1W"),
        (40000, TaskType.PHONE_CALL, "Check-in", "2W+1D"),
        (50000, TaskType.BLANK, "Month-end review", "CM"),
    ]:
        ActivityStepFactory(
            activity=activity, step_no=step_no, type=type_, description=description, date_formula=formula
        )
    return activity


class TaskFactory(factory.django.DjangoModelFactory):
    """A salesperson's open task (numbers TF0001…, outside the TODO series)."""

    class Meta:
        model = Task
        django_get_or_create = ("no",)

    no = factory.Sequence(lambda n: f"TF{n + 1:04d}")
    description = factory.Faker("sentence", nb_words=4)
    date = datetime.date(2026, 3, 2)
    salesperson = factory.SubFactory(SalespersonFactory)
    duration = datetime.timedelta(days=1)
