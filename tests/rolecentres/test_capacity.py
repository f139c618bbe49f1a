"""Task Capacity per Week on the salesperson: default 40, at least 1 (form and database), on the card."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from salespeople.models import Salesperson
from tests.salespeople.factories import SalespersonFactory

pytestmark = pytest.mark.django_db


def test_a_new_salesperson_carries_40_tasks_a_week():
    assert SalespersonFactory().task_capacity_per_week == 40


def test_the_database_refuses_a_capacity_below_1():
    salesperson = SalespersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Salesperson.objects.filter(pk=salesperson.pk).update(task_capacity_per_week=0)


def test_the_salesperson_card_shows_and_saves_the_capacity(client_as, sales_manager):
    salesperson = SalespersonFactory(code="KH", name="Kari Hansen")
    client = client_as(sales_manager)
    url = reverse("salespeople:detail", kwargs={"code": "KH"})
    assert 'name="task_capacity_per_week"' in client.get(url).content.decode()
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "code"}
    data.update({"task_capacity_per_week": "25", "version": salesperson.version})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    salesperson.refresh_from_db()
    assert salesperson.task_capacity_per_week == 25


def test_create_salesperson_refuses_a_capacity_of_0_next_to_the_field(client_as, sales_manager):
    response = client_as(sales_manager).post(
        reverse("salespeople:create"),
        {"code": "KH", "name": "Kari", "commission_pct": "0", "task_capacity_per_week": "0"},
    )
    assert response.context["form"].errors == {"task_capacity_per_week": ["Task Capacity per Week must be at least 1."]}


def test_create_salesperson_without_a_capacity_gives_the_default(client_as, sales_manager):
    client_as(sales_manager).post(reverse("salespeople:create"), {"code": "KH", "name": "Kari", "commission_pct": "0"})
    assert Salesperson.objects.get(code="KH").task_capacity_per_week == 40
