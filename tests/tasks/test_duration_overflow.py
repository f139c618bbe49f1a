"""A Duration too large for Python's timedelta (10^19 minutes) is refused with BC's message, not a 500 (issue 10)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks.forms import BCDurationField
from tasks.services import messages
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db

HUGE = ["10000000000000000000", "10000000000000000000 days", "9" * 400 + " hours", "99999999999:00"]
HUGE_NEGATIVE = ["-10000000000000000000", "-10000000000000000000 days"]


@pytest.mark.parametrize("text", HUGE)
def test_a_huge_duration_is_more_than_ten_years(text):
    with pytest.raises(ValidationError) as error:
        BCDurationField().clean(text)
    assert error.value.messages == [str(messages.DURATION_OVER_TEN_YEARS)]


@pytest.mark.parametrize("text", HUGE_NEGATIVE)
def test_a_huge_negative_duration_is_negative(text):
    with pytest.raises(ValidationError) as error:
        BCDurationField().clean(text)
    assert error.value.messages == [str(messages.DURATION_NEGATIVE)]


@pytest.mark.parametrize("text", [*HUGE, *HUGE_NEGATIVE])
def test_the_task_card_refuses_a_huge_duration_next_to_the_field(client_as, sales_manager, text):
    task = TaskFactory()
    data = {
        "version": task.version,
        "description": task.description,
        "type": task.type,
        "status": task.status,
        "priority": task.priority,
        "date": task.date.isoformat(),
        "duration": text,
        "salesperson": task.salesperson_id,
    }
    response = client_as(sales_manager).post(reverse("tasks:detail", args=[task.no]), data)
    assert response.status_code == 200
    assert len(response.context["form"].errors["duration"]) == 1
    task.refresh_from_db()
    assert task.duration == datetime.timedelta(days=1)


def test_create_task_refuses_a_huge_duration_next_to_the_field(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("tasks:create"), {"description": "Call", "date": "2026-03-02", "duration": HUGE[0]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["duration"] == [str(messages.DURATION_OVER_TEN_YEARS)]
