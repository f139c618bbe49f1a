"""Tasks and segments link to opportunities: Opportunity Entry No. through the task engine, the Opportunity No.
filter and panel, the links on the task card and the Create Opportunity actions of the segment card.

The opportunities app may not have its pages yet, so the link tests run on this module's URLconf: the
project's URLs with stand-in opportunity pages of the same names and arguments.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from config import urls as project_urls
from tasks import services
from tasks.models import Task
from tests.opportunities.factories import OpportunityEntryFactory, OpportunityFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _stand_in(request, **kwargs):
    return HttpResponse("opportunity page")


_OPPORTUNITY_PAGES = [
    path("", _stand_in, name="list"),
    path("new/", _stand_in, name="create"),
    path("panel/", _stand_in, name="panel"),
    path("campaign-statistics/", _stand_in, name="campaign_statistics"),
    path("from-interaction/<int:entry_no>/", _stand_in, name="create_from_interaction"),
    path("from-segment/<code:no>/", _stand_in, name="segment_wizard"),
    path("from-segment/<code:no>/not-started/", _stand_in, name="segment_create_not_started"),
    path("from-segment/<code:no>/lines/<int:line_no>/", _stand_in, name="create_from_segment_line"),
    path("<code:no>/", _stand_in, name="detail"),
]
urlpatterns = [
    *(p for p in project_urls.urlpatterns if getattr(p, "namespace", None) != "opportunities"),
    path("opportunities/", include((_OPPORTUNITY_PAGES, "opportunities"))),
]
with_opportunity_pages = pytest.mark.urls(__name__)


# --- the task engine carries Opportunity Entry No. ---------------------------------------------


def test_create_task_puts_opportunity_entry_no_on_the_team_task_and_its_member_tasks(series):
    team = TeamFactory(code="SALES", members=[SalespersonFactory(code="A"), SalespersonFactory(code="B")])
    values = services.TaskValues(
        date=datetime.date(2024, 3, 4), description="Call", team=team, opportunity_no="OP0001", opportunity_entry_no=7
    )
    result = services.create_task(values=values, team_task=True)
    tasks = list(Task.objects.order_by("no"))
    assert result.count == 3 and len(tasks) == 3
    assert {(t.opportunity_no, t.opportunity_entry_no) for t in tasks} == {("OP0001", 7)}
    assert sum(1 for t in tasks if t.organizer_task_id == result.first.pk) == 2


def test_editing_the_team_task_keeps_opportunity_entry_no_on_its_member_tasks(series):
    team = TeamFactory(members=[SalespersonFactory(code="A")])
    values = services.TaskValues(date=datetime.date(2024, 3, 4), description="Call", team=team, opportunity_entry_no=3)
    head = services.create_task(values=values, team_task=True).first
    Task.objects.filter(pk=head.pk).update(opportunity_entry_no=4)
    head.refresh_from_db()
    head.description = "Call again"
    services.update_task(task=head, expected_version=head.version)
    assert set(Task.objects.values_list("opportunity_entry_no", flat=True)) == {4}


def test_wizard_takes_opportunity_entry_no_from_the_active_entry(client_as, sales_manager, series):
    opportunity = OpportunityFactory(no="OP0007")
    OpportunityEntryFactory(opportunity=opportunity, active=False)
    active = OpportunityEntryFactory(opportunity=opportunity, active=True)
    SalespersonFactory(code="JR")
    data = {"description": "Call", "date": "2026-03-02", "priority": "normal", "salesperson": "JR"}
    client_as(sales_manager).post(reverse("tasks:create"), data | {"opportunity_no": "OP0007"})
    task = Task.objects.get()
    assert (task.opportunity_no, task.opportunity_entry_no) == ("OP0007", active.pk)


def test_wizard_prefills_opportunity_no_from_the_origin(client_as, sales_manager):
    response = client_as(sales_manager).get(reverse("tasks:assign_activity"), {"opportunity": "OP0007"})
    assert response.context["form"].initial["opportunity_no"] == "OP0007"


def test_changing_opportunity_no_on_the_card_sets_the_active_entry_no_or_clears_it():
    active = OpportunityEntryFactory(opportunity=OpportunityFactory(no="OP0002"), active=True)
    task = TaskFactory(opportunity_no="OP0001", opportunity_entry_no=99)
    task.opportunity_no = "OP0002"
    services.update_task(task=task, expected_version=task.version)
    task.refresh_from_db()
    assert task.opportunity_entry_no == active.pk
    task.opportunity_no = "OP9999"  # no such opportunity: a plain number, as in BC
    services.update_task(task=task, expected_version=task.version)
    task.refresh_from_db()
    assert (task.opportunity_no, task.opportunity_entry_no) == ("OP9999", None)


def test_recurring_copy_keeps_the_opportunity(series):
    task = TaskFactory(
        opportunity_no="OP0001",
        opportunity_entry_no=5,
        recurring=True,
        recurring_date_interval="1W",
        calc_due_date_from=Task.CalcDueDateFrom.DUE_DATE,
    )
    result = services.close_task(task=task, expected_version=task.version)
    copy = result.recurring_task
    assert (copy.opportunity_no, copy.opportunity_entry_no) == ("OP0001", 5)


# --- the Opportunity No. filter and the tasks panel --------------------------------------------


def test_task_list_filters_on_opportunity_no(client_as, sales_manager):
    hit = TaskFactory(opportunity_no="OP0001")
    TaskFactory(opportunity_no="OP00011")
    TaskFactory(opportunity_no="")
    response = client_as(sales_manager).get(reverse("tasks:list"), {"opportunity": "OP0001"})
    assert [t.no for t in response.context["page_obj"]] == [hit.no]


def test_tasks_panel_shows_the_opportunitys_tasks_and_links_to_all_of_them(client_as, sales_manager):
    hit = TaskFactory(opportunity_no="OP0001", description="Call about the offer")
    TaskFactory(opportunity_no="OP0002", description="Other opportunity")
    response = client_as(sales_manager).get(reverse("tasks:panel"), {"opportunity": "OP0001"})
    assert [t.no for t in response.context["tasks"]] == [hit.no]
    assert response.context["counts"]["total"] == 1
    html = response.content.decode()
    assert f'href="{reverse("tasks:list")}?opportunity=OP0001"' in html
    assert f'href="{reverse("tasks:create")}?opportunity=OP0001"' in html


# --- links on the task card ----------------------------------------------------------------------


@with_opportunity_pages
def test_task_card_links_its_opportunity_and_shows_the_entry_no(client_as, sales_manager):
    task = TaskFactory(opportunity_no="OP0001", opportunity_entry_no=12)
    html = client_as(sales_manager).get(task.get_absolute_url()).content.decode()
    url = reverse("opportunities:detail", kwargs={"no": "OP0001"})
    assert f'<a href="{url}">OP0001</a>' in html
    assert 'data-testid="opportunity-entry-no">12<' in html


def test_task_card_without_opportunity_pages_shows_the_plain_number(client_as, sales_manager):
    task = TaskFactory(opportunity_no="OP0001")
    response = client_as(sales_manager).get(task.get_absolute_url())
    assert response.status_code == 200
    assert 'data-testid="opportunity-no">' in response.content.decode()


def test_task_list_query_count_is_the_same_with_the_opportunity_filter(client_as, sales_manager):
    for _ in range(3):
        TaskFactory(opportunity_no="OP0001")
    client = client_as(sales_manager)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("tasks:list"), {"opportunity": "OP0001"})
    for _ in range(20):
        TaskFactory(opportunity_no="OP0001")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("tasks:list"), {"opportunity": "OP0001"})
    assert len(response.context["page_obj"].object_list) == 23
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the segment card's Create Opportunity actions -----------------------------------------------


@with_opportunity_pages
def test_segment_card_offers_the_create_opportunity_actions(client_as, marketer):
    segment = SegmentFactory(no="SM0001")
    line = SegmentLineFactory(segment=segment)
    html = client_as(marketer).get(segment.get_absolute_url()).content.decode()
    assert f'href="{reverse("opportunities:segment_wizard", kwargs={"no": "SM0001"})}"' in html
    assert f'action="{reverse("opportunities:segment_create_not_started", kwargs={"no": "SM0001"})}"' in html
    line_url = reverse("opportunities:create_from_segment_line", kwargs={"no": "SM0001", "line_no": line.line_no})
    assert f'action="{line_url}"' in html
    assert f'href="{reverse("opportunities:list")}?segment=SM0001"' in html


@with_opportunity_pages
def test_segment_card_hides_create_opportunity_without_the_permission(client_as, django_user_model):
    reader = django_user_model.objects.create_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_segmentheader"))
    segment = SegmentFactory(no="SM0001")
    SegmentLineFactory(segment=segment)
    response = client_as(reader).get(segment.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Create Opportunity" not in html and "Create opportunities" not in html


@with_opportunity_pages
def test_segment_card_query_count_does_not_grow_with_the_lines(client_as, marketer):
    segment = SegmentFactory(no="SM0001")
    for _ in range(3):
        SegmentLineFactory(segment=segment)
    client = client_as(marketer)
    with CaptureQueriesContext(connection) as few:
        client.get(segment.get_absolute_url())
    for _ in range(20):
        SegmentLineFactory(segment=segment)
    with CaptureQueriesContext(connection) as many:
        response = client.get(segment.get_absolute_url())
    assert response.content.decode().count('data-testid="line-create-opportunity"') == 23
    assert len(many.captured_queries) == len(few.captured_queries)
