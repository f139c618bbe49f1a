"""The agenda at the ends of the calendar and with dates that do not exist (issue 10): a page, never a 500."""

import datetime

import pytest
from django.urls import reverse

from tests.tasks.factories import TaskFactory, call_seq_activity

pytestmark = pytest.mark.django_db


def test_agenda_of_the_first_week_of_the_calendar_has_no_previous_week(client_as, sales_manager):
    TaskFactory(date=datetime.date(1900, 1, 1))  # tasks are dated 1900–2999 (a database rule)
    response = client_as(sales_manager).get(reverse("tasks:agenda"), {"week": "0001-01-01"})
    assert response.status_code == 200
    assert response.context["monday"] == datetime.date.min
    assert response.context["previous"] is None
    assert response.context["next"] == datetime.date(1, 1, 8)
    assert 'rel="prev"' not in response.text and 'rel="next"' in response.text
    assert response.context["overdue"] == 0


def test_agenda_of_the_last_week_of_the_calendar_ends_on_9999_12_31(client_as, sales_manager):
    TaskFactory(date=datetime.date(2999, 12, 31))
    response = client_as(sales_manager).get(reverse("tasks:agenda"), {"week": "9999-12-31"})
    assert response.status_code == 200
    days = [day for day, _tasks in response.context["days"]]
    assert days == [datetime.date(9999, 12, 27) + datetime.timedelta(days=i) for i in range(5)]
    assert response.context["next"] is None
    assert 'rel="next"' not in response.text and 'rel="prev"' in response.text
    assert "9999-12-27 – 9999-12-31" in response.text
    assert response.context["overdue"] == 1


@pytest.mark.parametrize("week", ["2026-02-30", "2026-13-01", "0000-01-01", "nonsense", "2026-03-05\x00"])
def test_agenda_shows_this_week_for_a_week_that_is_no_date(client_as, sales_manager, week):
    response = client_as(sales_manager).get(reverse("tasks:agenda"), {"week": week})
    assert response.status_code == 200
    today = datetime.date.today()
    assert response.context["monday"] == today - datetime.timedelta(days=today.weekday())


@pytest.mark.parametrize("start", ["2026-02-30", "9999-12-31", "0001-01-01", "x\x00"])
def test_activity_card_previews_from_any_start_date_without_breaking(client_as, sales_manager, start):
    activity = call_seq_activity()
    response = client_as(sales_manager).get(reverse("tasks:activity_detail", args=[activity.code]), {"start": start})
    assert response.status_code == 200
