"""Closing a task from My Tasks: the task closes, the day's counts on the page follow in the same htmx answer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.models import Task
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(salesperson_user):
    return SalespersonFactory(code="LL", user=salesperson_user)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_my_tasks_shows_the_days_counts_as_links_to_the_filtered_list(client_as, salesperson_user, me):
    today = timezone.localdate()
    TaskFactory(salesperson=me, date=today)
    TaskFactory(salesperson=me, date=today - datetime.timedelta(days=2))
    TaskFactory(salesperson=me, date=today + datetime.timedelta(days=3))
    TaskFactory(salesperson=me, date=today, closed=True, status="completed")
    TaskFactory(date=today)  # someone else's

    response = client_as(salesperson_user).get(reverse("tasks:my_tasks"))

    assert response.context["counts"] == {"open": 3, "overdue": 1, "today": 1}
    html = response.content.decode()
    assert f'href="{reverse("tasks:my_tasks")}?overdue=on" data-testid="count-overdue">1 overdue<' in html
    assert 'data-testid="count-open">3 open<' in html
    assert html.count('data-testid="close-from-list"') == 6  # 3 open tasks: on the card and in the table


def test_the_task_list_of_everybody_has_no_inline_close(client_as, sales_manager):
    TaskFactory()
    html = client_as(sales_manager).get(reverse("tasks:list")).content.decode()
    assert 'data-testid="close-from-list"' not in html
    assert 'data-testid="task-counts"' not in html


def test_close_from_list_without_htmx_closes_and_goes_back_to_the_list(client_as, salesperson_user, me):
    task = TaskFactory(salesperson=me)
    data = {"version": task.version, "next": "/tasks/my/?state=open"}

    response = client_as(salesperson_user).post(reverse("tasks:close_from_list", args=[task.no]), data)

    assert response.status_code == 302 and response["Location"] == "/tasks/my/?state=open"
    task.refresh_from_db()
    assert task.closed and task.status == Task.Status.COMPLETED


def test_close_from_list_goes_nowhere_but_this_site(client_as, salesperson_user, me):
    task = TaskFactory(salesperson=me)
    data = {"version": task.version, "next": "https://evil.example.com/"}
    response = client_as(salesperson_user).post(reverse("tasks:close_from_list", args=[task.no]), data)
    assert response["Location"] == reverse("tasks:my_tasks")


def test_close_from_list_with_htmx_answers_with_the_counts_and_the_message_out_of_band(client_as, salesperson_user, me):
    today = timezone.localdate()
    task = TaskFactory(salesperson=me, date=today)
    TaskFactory(salesperson=me, date=today)

    response = client_as(salesperson_user).post(
        reverse("tasks:close_from_list", args=[task.no]), {"version": task.version}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="task-counts"' in html and 'hx-swap-oob="true"' in html
    assert 'data-testid="count-today">1 due today<' in html
    assert 'data-testid="count-open">1 open<' in html
    assert f'id="close-{task.no}-card"' in html and f'id="close-{task.no}-row"' in html
    assert '<div id="messages" hx-swap-oob="true">' in html
    assert f"Task {task.no} has been closed." in html
    assert f'id="close-{task.no}-row" class="close-slot" hx-swap-oob="true">Completed <span' in html


def test_a_team_task_closed_from_the_list_is_completed_by_the_user(client_as, salesperson_user, me):
    task = TaskFactory(salesperson=None, team=TeamFactory(members=[me]), system_task_type="team")
    client_as(salesperson_user).post(reverse("tasks:close_from_list", args=[task.no]), {"version": task.version})
    task.refresh_from_db()
    assert task.closed and task.completed_by == me


def test_a_task_changed_meanwhile_is_not_closed_and_the_user_is_told(client_as, salesperson_user, me):
    task = TaskFactory(salesperson=me)

    response = client_as(salesperson_user).post(
        reverse("tasks:close_from_list", args=[task.no]), {"version": task.version + 5}, follow=True
    )

    task.refresh_from_db()
    assert not task.closed
    assert len(messages_of(response)) == 1 and messages_of(response)[0].startswith(f"Task {task.no}: ")


def test_another_salespersons_task_is_not_found(client_as, salesperson_user, me):
    other = TaskFactory(salesperson=SalespersonFactory(code="JR"))
    response = client_as(salesperson_user).post(reverse("tasks:close_from_list", args=[other.no]), {"version": 1})
    assert response.status_code == 404
