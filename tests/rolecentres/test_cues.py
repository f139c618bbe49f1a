"""Each role centre's cues against hand-counted records, and each cue's list showing as many rows as it says."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import roles
from tests.core.factories import UserFactory
from tests.rolecentres import data
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


def cues_on(response, context_key: str) -> dict:
    return {cue.key: cue for cue in response.context[context_key]["cues"]}


def rows_listed(client, url: str) -> int:
    """How many rows the list at `url` shows (its paginator's count; the import page lists its rows)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    return len(response.context["recent"])


def test_marketer_cues_count_the_hand_counted_records(client_as, personas, marketer):
    data.marketing()
    response = client_as(marketer).get(reverse("core:home"))
    figures = {key: cue.count for key, cue in cues_on(response, "marketing").items()}
    assert figures == {
        "active_campaigns": 3,
        "upcoming_campaigns": 2,
        "segments_not_logged": 2,
        "responses_this_week": 2,
        "activated_campaigns": 2,
        "imports_waiting": 1,
    }


def test_each_marketer_cue_opens_a_list_of_as_many_rows(client_as, personas, marketer):
    data.marketing()
    client = client_as(marketer)
    cues = cues_on(client.get(reverse("core:home")), "marketing")
    for key, cue in cues.items():
        assert cue.url, key
        assert rows_listed(client, cue.url) == cue.count, key


def test_marketer_sees_best_and_worst_response_rates_with_won_value(client_as, personas, marketer):
    data.marketing()
    response = client_as(marketer).get(reverse("core:home"))
    best = response.context["marketing"]["best"]
    worst = response.context["marketing"]["worst"]
    assert [(row.no, str(row.response_rate)) for row in best] == [("CPD", "100.0"), ("CPA", "50.0"), ("CPB", "0.0")]
    assert worst == []  # three campaigns contacted targets: all are among the best, none repeated
    assert response.context["marketing"]["chart"] is not None
    assert b'data-testid="responses-chart"' in response.content


def test_sales_manager_sees_overdue_and_due_tasks_per_salesperson_and_team(client_as, personas, sales_manager):
    data.sales_team()
    response = client_as(sales_manager).get(reverse("core:home"))
    sales = response.context["sales"]
    per_salesperson = {row.code: (row.overdue.count, row.due_this_week.count) for row in sales["by_salesperson"]}
    assert per_salesperson == {"S1": (3, 1), "S2": (0, 1)}
    assert {row.code: (row.overdue.count, row.due_this_week.count) for row in sales["by_team"]} == {"T": (1, 0)}


def test_each_sales_manager_figure_opens_a_list_of_as_many_rows(client_as, personas, sales_manager):
    data.sales_team()
    client = client_as(sales_manager)
    sales = client.get(reverse("core:home")).context["sales"]
    cues = [cue for row in sales["by_salesperson"] + sales["by_team"] for cue in (row.overdue, row.due_this_week)]
    cues += [row.count for row in sales["stages"]]
    cues += [cue for cue in sales["cues"] if cue.key != "weeks_over_capacity"]  # that one points at the grid
    assert len(cues) == 11
    for cue in cues:
        assert rows_listed(client, cue.url) == cue.count, cue.key


def test_sales_manager_cues_count_everybodys_tasks_and_open_opportunities(client_as, personas, sales_manager):
    data.sales_team()
    sales = client_as(sales_manager).get(reverse("core:home")).context["sales"]
    # Overdue: S1's three and the team task above S1's member task; due: S1's and S2's today.
    figures = {cue.key: cue.count for cue in sales["cues"]}
    assert figures == {"overdue_tasks": 4, "due_tasks": 2, "weeks_over_capacity": 0, "open_opportunities": 3}


def test_sales_manager_sees_open_opportunities_by_stage(client_as, personas, sales_manager):
    data.sales_team()
    stages = client_as(sales_manager).get(reverse("core:home")).context["sales"]["stages"]
    figures = [(row.sales_cycle, row.stage, row.count.count, row.estimated_value) for row in stages]
    assert figures == [("RC", 1, 2, 150), ("RC", None, 1, 0)]


def test_workload_marks_weeks_over_the_salespersons_capacity(client_as, personas, sales_manager):
    team = data.sales_team()  # S1 carries 2 tasks a week
    next_week = data.today() + 7 * data.DAY
    for _n in range(2):
        TaskFactory(salesperson=team["s1"], date=next_week)  # next week: full
    TaskFactory(salesperson=team["s2"], date=next_week)
    response = client_as(sales_manager).get(reverse("core:home"))
    lines = {line.code: line for line in response.context["sales"]["workload"]}
    assert lines["S1"].capacity == 2
    assert (lines["S1"].cells[1].count, lines["S1"].cells[1].tone) == (2, "warning")
    assert (lines["S2"].cells[1].count, lines["S2"].cells[1].tone) == (1, "")
    TaskFactory(salesperson=team["s1"], date=next_week)
    response = client_as(sales_manager).get(reverse("core:home"))
    lines = {line.code: line for line in response.context["sales"]["workload"]}
    assert (lines["S1"].cells[1].count, lines["S1"].cells[1].tone) == (3, "danger")
    assert b"data-overload" in response.content


def test_salesperson_cues_count_own_tasks_opportunities(client_as, personas, salesperson_user):
    data.my_day(salesperson_user)
    response = client_as(salesperson_user).get(reverse("core:home"))
    figures = {cue.key: cue.count for cue in response.context["seller"].cues}
    assert figures == {"my_overdue": 1, "my_today": 2, "my_this_week": 2, "my_opportunities": 1}
    seller = response.context["seller"]
    assert [task.description for task in seller.today_tasks] == ["Visit the fair stand", "Send the price list"]
    assert [task.description for task in seller.overdue_tasks] == ["Call back about the quote"]
    assert [entry.description for entry in seller.interactions] == ["Phoned about chairs"]
    assert [opportunity.description for opportunity in seller.opportunities] == ["Chairs for the new office"]


def test_each_salesperson_cue_opens_a_list_of_as_many_rows(client_as, personas, salesperson_user):
    data.my_day(salesperson_user)
    client = client_as(salesperson_user)
    for cue in client.get(reverse("core:home")).context["seller"].cues:
        assert rows_listed(client, cue.url) == cue.count, cue.key


def test_salesperson_without_a_linked_salesperson_is_told_so(client_as, personas, salesperson_user):
    response = client_as(salesperson_user).get(reverse("core:home"))
    assert "Your user account is not linked to a salesperson" in response.content.decode()
    assert [cue.count for cue in response.context["seller"].cues] == [0, 0, 0]


def test_administrator_sees_setup_health(client_as, personas, series, admin):
    data.setup_problems(series)
    response = client_as(admin).get(reverse("core:home"))
    health = response.context["setup_health"]
    assert {cue.key: cue.count for cue in health.cues} == {
        "series_missing": 1,
        "series_near_end": 1,
        "statuses_without_sort_order": 1,
        "users_without_role": 1,  # the outsider persona
        "failed_jobs": 1,
        "stale_jobs": 1,
    }
    assert [(problem.field, problem.remaining) for problem in health.series_problems] == [
        ("Campaign Nos.", 49),
        ("Customer Nos.", None),
    ]
    assert sorted(job.description for job in health.jobs) == ["Failed job", "Stale job"]


def test_administrator_cues_open_lists_of_as_many_rows(client_as, personas, series, admin):
    data.setup_problems(series)
    client = client_as(admin)
    cues = {cue.key: cue for cue in client.get(reverse("core:home")).context["setup_health"].cues}
    for key in ["statuses_without_sort_order", "users_without_role"]:
        assert rows_listed(client, cues[key].url) == cues[key].count, key


def test_administrator_sees_every_centre_but_my_day(client_as, personas, admin):
    response = client_as(admin).get(reverse("core:home"))
    content = response.content.decode()
    for testid in ["centre-administrator", "centre-marketer", "centre-sales-manager"]:
        assert f'data-testid="{testid}"' in content
    assert 'data-testid="centre-salesperson"' not in content


def test_a_user_with_two_roles_sees_both_centres(client_as, personas):
    user = UserFactory(username="both", role=roles.MARKETER)
    user.groups.add(*type(user.groups.first()).objects.filter(name=roles.SALESPERSON))
    content = client_as(user).get(reverse("core:home")).content.decode()
    assert 'data-testid="centre-marketer"' in content
    assert 'data-testid="centre-salesperson"' in content
    assert 'data-testid="centre-sales-manager"' not in content


def test_a_user_without_a_role_is_asked_to_get_one(client_as, personas, outsider):
    content = client_as(outsider).get(reverse("core:home")).content.decode()
    assert "You have no role yet." in content
    assert 'data-testid="centre-' not in content


def test_home_keeps_the_users_recent_jobs(client_as, personas, marketer):
    from core.models import Job

    Job.objects.create(
        operation="x", description="Log segment SM0001", target_type="x", target_key="1", created_by=marketer
    )
    content = client_as(marketer).get(reverse("core:home")).content.decode()
    assert "Your recent jobs" in content
    assert "Log segment SM0001" in content
