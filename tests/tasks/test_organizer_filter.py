"""System To-do Type in the task filters, and the cards that open their tasks with it as BC's Tasks actions do."""

import datetime
import re

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_assignment(series):
    """A campaign with an activity of 2 steps assigned to a team of 2: 2 team tasks and 4 member tasks."""
    campaign = CampaignFactory(no="CP0100")
    team = TeamFactory(code="DUO", members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    activity = ActivityFactory(code="TWO")
    ActivityStepFactory(activity=activity, description="First")
    ActivityStepFactory(activity=activity, description="Second")
    services.assign_activity(
        values=services.TaskValues(date=datetime.date(2026, 3, 2), activity=activity, team=team, campaign=campaign)
    )
    assert Task.objects.filter(campaign=campaign).count() == 6
    return campaign


def listed(response) -> list[str]:
    return sorted(task.no for task in response.context["page_obj"])


def test_the_task_list_filters_on_system_to_do_type(team_assignment, admin, client_as):
    client = client_as(admin)
    url = reverse("tasks:list")
    organizer = client.get(url, {"campaign": "CP0100", "system_task_type": "organizer"})
    team = client.get(url, {"campaign": "CP0100", "system_task_type": "team"})
    both = client.get(url, {"campaign": "CP0100", "system_task_type": ["organizer", "team"]})
    assert len(listed(organizer)) == 4
    assert len(listed(team)) == 2
    assert len(listed(both)) == 6
    assert all(Task.objects.get(no=no).salesperson_id for no in listed(organizer))


def test_an_unknown_system_to_do_type_is_a_filter_error_not_a_500(team_assignment, admin, client_as):
    response = client_as(admin).get(reverse("tasks:list"), {"system_task_type": "boss\x00"})
    assert response.status_code == 200


def test_the_campaign_card_links_to_its_organizer_tasks(team_assignment, admin, client_as):
    page = client_as(admin).get(team_assignment.get_absolute_url()).content.decode()
    links = re.findall(r'href="([^"]*campaign=CP0100[^"]*)"', page)
    task_links = [link for link in links if link.startswith(reverse("tasks:list") + "?")]
    assert task_links  # the card's Tasks action (once, or also in the panel's header, as the card evolves)
    assert all("system_task_type=organizer" in link for link in task_links), task_links
    assert f"{reverse('tasks:panel')}?campaign=CP0100&amp;system_task_type=organizer" in page


def test_the_tasks_panel_of_a_campaign_counts_the_four_member_tasks(team_assignment, admin, client_as):
    response = client_as(admin).get(reverse("tasks:panel"), {"campaign": "CP0100", "system_task_type": "organizer"})
    assert response.context["counts"]["total"] == 4
    page = response.content.decode()
    assert "All 4 tasks" in page
    assert f"{reverse('tasks:list')}?campaign=CP0100&amp;system_task_type=organizer" in page
    # Create Task and Assign Activity are in the campaign card's action bar, not again in its panel.
    assert reverse("tasks:create") not in page and reverse("tasks:assign_activity") not in page


def test_the_panel_without_the_type_still_counts_every_task(team_assignment, admin, client_as):
    response = client_as(admin).get(reverse("tasks:panel"), {"campaign": "CP0100"})
    assert response.context["counts"]["total"] == 6


def test_the_team_panel_shows_the_team_tasks(team_assignment, admin, client_as):
    response = client_as(admin).get(reverse("tasks:panel"), {"team": "DUO", "system_task_type": "team"})
    assert response.context["counts"]["total"] == 2
    # The wizards are not given the list filter.
    assert f'{reverse("tasks:create")}?team=DUO"' in response.content.decode()
