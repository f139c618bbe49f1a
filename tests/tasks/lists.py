"""The task lists for the shared list tests (tests/test_lists.py)."""

import datetime

from core import roles
from core.models import User
from salespeople.models import Salesperson
from tasks.models import Activity, Priority, Task
from tests.list_cases import ListCase
from tests.salespeople.factories import SalespersonFactory


def task_rows(count: int, salesperson: Salesperson) -> None:
    start = Task.objects.count()
    Task.objects.bulk_create(
        Task(
            no=f"LT{start + n:05d}",
            description=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            date=datetime.date(2026, 12, 1) + datetime.timedelta(days=n % 9),
            priority=list(Priority.values)[n % 3],
            salesperson=salesperson,
        )
        for n in range(count)
    )


def make_tasks(count: int) -> None:
    task_rows(count, SalespersonFactory())


def make_my_tasks(count: int) -> None:
    """Tasks of the salesperson linked to the Salesperson persona (lena)."""
    user = User.objects.get(username="lena")
    salesperson, _created = Salesperson.objects.get_or_create(user=user, defaults={"code": "LENA", "name": "Lena"})
    task_rows(count, salesperson)


def make_activities(count: int) -> None:
    start = Activity.objects.count()
    Activity.objects.bulk_create(
        Activity(code=f"LA{start + n:05d}", description=f"{'Lamp' if n % 2 else 'Chair'} {n}") for n in range(count)
    )


LIST_CASES = [
    ListCase("tasks.tasks", "tasks:list", make_tasks, filter="?q=lamp"),
    ListCase("tasks.my_tasks", "tasks:my_tasks", make_my_tasks, filter="?q=lamp", role=roles.SALESPERSON),
    ListCase("tasks.activities", "tasks:activity_list", make_activities, filter="?q=lamp"),
]
