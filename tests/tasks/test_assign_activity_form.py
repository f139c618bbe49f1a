"""The Assign Activity wizard's page: lookups, the activity preselected from its card, Team Task and Salesperson."""

import re

import pytest
from django.urls import reverse

from tasks.forms import AssignActivityForm, CreateTaskForm
from tasks.models import Task
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.tasks.factories import ActivityFactory, call_seq_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client_as, sales_manager, series):
    return client_as(sales_manager)


def test_contact_campaign_and_segment_are_lookups_with_suggestions(manager):
    html = manager.get(reverse("tasks:assign_activity")).content.decode()
    for name, options in [
        ("contact", "contacts:options"),
        ("campaign", "campaigns:options"),
        ("segment", "segments:options"),
    ]:
        field = re.search(rf'<input[^>]* name="{name}"[^>]*>', html).group(0)
        assert f'hx-get="{reverse(options)}?field={name}"' in field
        assert f'list="id_{name}-options"' in field


def test_the_activity_card_opens_assign_activity_with_that_activity(manager):
    ActivityFactory(code="CALL-SEQ")
    card = manager.get(reverse("tasks:activity_detail", args=["CALL-SEQ"])).content.decode()
    assert f'href="{reverse("tasks:assign_activity")}?activity=CALL-SEQ"' in card

    response = manager.get(reverse("tasks:assign_activity"), {"activity": "CALL-SEQ"})

    assert response.context["form"].initial == {"activity": "CALL-SEQ"}
    assert '<option value="CALL-SEQ" selected>' in response.content.decode()


def test_an_unknown_activity_preselects_nothing(manager):
    response = manager.get(reverse("tasks:assign_activity"), {"activity": "NOPE"})
    assert "activity" not in response.context["form"].initial


def test_team_task_says_which_field_it_disables():
    form = AssignActivityForm()
    assert form.fields["team_task"].widget.attrs["data-disables"] == "id_salesperson"
    assert not form.fields["salesperson"].disabled


def test_with_team_task_ticked_the_salesperson_is_disabled_and_ignored(series):
    SalespersonFactory(code="JR")
    team = TeamFactory(code="SALES")
    for form_class in (AssignActivityForm, CreateTaskForm):
        form = form_class({"team_task": "on", "team": "SALES", "salesperson": "JR", "date": "2026-03-02"})
        assert form.fields["salesperson"].disabled
        assert " disabled" in str(form["salesperson"])
        form.is_valid()
        assert form.cleaned_data["salesperson"] is None
        assert form.cleaned_data["team"] == team


def test_opened_for_a_team_the_salesperson_is_disabled_from_the_start(manager):
    TeamFactory(code="SALES")
    html = manager.get(reverse("tasks:assign_activity"), {"team": "SALES"}).content.decode()
    salesperson = re.search(r'<select[^>]* name="salesperson"[^>]*>', html).group(0)
    assert "disabled" in salesperson


def test_a_team_assignment_posted_with_a_salesperson_gives_no_task_to_that_salesperson(manager):
    call_seq_activity()
    TeamFactory(code="SALES", members=[SalespersonFactory(code="A")])
    SalespersonFactory(code="JR")
    data = {"activity": "CALL-SEQ", "date": "2024-03-04", "team_task": "on", "team": "SALES", "salesperson": "JR"}

    preview = manager.post(reverse("tasks:assign_activity"), data).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', preview))
    hidden.pop("step", None)
    manager.post(reverse("tasks:assign_activity"), hidden | {"confirmed": "yes"})

    assert Task.objects.filter(system_task_type="team").count() == 5
    assert not Task.objects.filter(salesperson__code="JR").exists()
