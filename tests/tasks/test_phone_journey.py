"""A salesperson works the day's tasks on a phone (390 px): tasks first as cards, a call logged and the task closed."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from interactions.models import InteractionLogEntry
from tasks.models import Priority, Task
from tests.browser_checks import PHONE, axe_violations, sideways_scroll
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import PersonFactory
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.interactions.factories import InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory
from tests.tasks.factories import ActivityFactory, ActivityStepFactory, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page) -> None:
    """axe finds nothing in the page's main part (the navigation bar is tests/test_accessibility.py's)."""
    violations = axe_violations(page, context="main")
    assert not violations, violations


def assert_no_horizontal_scroll(page) -> None:
    too_wide = sideways_scroll(page)
    assert not too_wide, too_wide


def assert_within_viewport(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def test_salesperson_logs_a_call_outcome_from_a_phone_and_closes_the_task(page):
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    page.set_viewport_size(PHONE)
    marketing_setup_with_series()
    lena = UserFactory(username="lena", first_name="Lena", role=roles.SALESPERSON)
    me = SalespersonFactory(code="LL", name="Lena Larsen", user=lena)
    kari = PersonFactory(no="CT0042", name="Kari Nordmann", phone_no="+47 22 33 44 55", email="kari@example.com")
    campaign = CampaignFactory(no="CP0001", description="Spring promotion")
    today = timezone.localdate()
    call = TaskFactory(
        salesperson=me,
        contact=kari,
        campaign=campaign,
        date=today - datetime.timedelta(days=1),
        description="Follow up the spring offer",
        priority=Priority.HIGH,
    )
    for days in (0, 2, 5):
        TaskFactory(salesperson=me, contact=PersonFactory(), date=today + datetime.timedelta(days=days))
    InteractionTemplateFactory(code="OUTGOING", description="Outgoing phone call")

    browser_login(page, "lena")
    page.goto("/tasks/my/")
    first = page.get_by_test_id("task-card-item").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("Follow up the spring offer")
    expect(first).to_contain_text("Kari Nordmann")
    expect(first).to_contain_text("High")
    assert_within_viewport(page, first)
    assert_no_horizontal_scroll(page)
    # The filters are folded away behind a button; the desk's table is not shown.
    expect(page.locator("#task-filters")).to_be_hidden()
    expect(page.get_by_test_id("tasks-my-tasks-list")).to_be_hidden()
    page.screenshot(path=page.artifacts_dir / "1-my-tasks-phone.png")
    assert_accessible(page)
    page.get_by_test_id("filters-toggle").click()
    expect(page.locator("#task-filters")).to_have_class(re.compile(r"\bshow\b"))  # unfolded, not still moving
    expect(page.locator("#task-filters").get_by_label("Search")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.screenshot(path=page.artifacts_dir / "2-my-tasks-filters-open.png", full_page=True)
    page.get_by_test_id("filters-toggle").click()
    expect(page.locator("#task-filters")).to_be_hidden()

    # Today's task done: closed from its card, the day's figures follow without leaving the page.
    expect(page.get_by_test_id("count-today")).to_have_text("1 due today")
    expect(page.get_by_test_id("count-open")).to_have_text("4 open")
    today_card = page.get_by_test_id("task-card-item").nth(1)
    today_card.get_by_test_id("close-from-list").click()
    expect(page.get_by_test_id("count-today")).to_have_text("0 due today")
    expect(page.get_by_test_id("count-open")).to_have_text("3 open")
    expect(page.get_by_test_id("message")).to_contain_text("has been closed.")
    expect(today_card).to_contain_text("Closed")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=page.artifacts_dir / "2b-closed-from-the-list.png")
    assert_accessible(page)

    # The task card: call or write with one tap, and the call's outcome logged from the same page.
    first.get_by_role("link", name="Follow up the spring offer").click()
    expect(page.get_by_test_id("contact-phone")).to_have_attribute("href", "tel:+4722334455")
    expect(page.get_by_test_id("contact-email")).to_have_attribute("href", "mailto:kari@example.com")
    outcome = page.get_by_test_id("call-outcome")
    assert_within_viewport(page, page.get_by_test_id("contact-phone"))
    assert_no_horizontal_scroll(page)
    page.screenshot(path=page.artifacts_dir / "3-task-card-phone.png", full_page=True)
    assert_accessible(page)
    outcome.get_by_label("Interaction Template").select_option("OUTGOING")
    outcome.get_by_label("Description").fill("Wants a quote in May")
    outcome.get_by_label("Evaluation").select_option(label="Positive")
    outcome.get_by_label("Campaign Response").check()
    outcome.get_by_label("Close the task").check()
    outcome.get_by_role("button", name="Log call outcome").click()

    expect(page.get_by_test_id("message")).to_contain_text(f"Task {call.no} has been closed.")
    expect(page.get_by_test_id("task-status")).to_have_text("Completed")
    expect(page.get_by_test_id("completed-by")).to_have_text("LL")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=page.artifacts_dir / "4-logged-and-closed.png", full_page=True)
    assert_accessible(page)
    # On a desk the same page is the table with its filters open, and Close in the Status column.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/tasks/my/")
    expect(page.get_by_test_id("tasks-my-tasks-list")).to_be_visible()
    expect(page.get_by_test_id("task-cards")).to_be_hidden()
    expect(page.locator("#task-filters").get_by_label("Search")).to_be_visible()
    expect(page.get_by_test_id("tasks-my-tasks-list").get_by_test_id("close-from-list")).to_have_count(2)
    page.screenshot(path=page.artifacts_dir / "5-my-tasks-desk.png", full_page=True)
    assert_accessible(page)
    entry = InteractionLogEntry.objects.get()
    assert (entry.contact, entry.task_id, entry.campaign_response, entry.evaluation) == (
        kari,
        call.pk,
        True,
        "positive",
    )
    assert Task.objects.get(pk=call.pk).closed


def test_manager_assigns_an_activity_from_its_card_and_team_task_disables_the_salesperson(page):
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    marketing_setup_with_series()
    UserFactory(username="sam", role=roles.SALES_MANAGER)
    SalespersonFactory(code="JR", name="John Roberts")
    ActivityStepFactory(activity=ActivityFactory(code="CALLS", description="Calls"), description="Intro call")

    browser_login(page, "sam")
    page.set_viewport_size(PHONE)
    page.goto("/tasks/activities/CALLS/")
    # The steps table scrolls inside its box; its visually hidden labels must not widen the page.
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_test_id("assign-this-activity").click()
    expect(page.get_by_label("Activity Code")).to_have_value("CALLS")
    salesperson = page.get_by_label("Salesperson Code")
    expect(salesperson).to_be_enabled()
    salesperson.select_option("JR")
    page.get_by_label("Team Task").check()
    expect(salesperson).to_be_disabled()
    page.screenshot(path=page.artifacts_dir / "assign-activity-team-task.png", full_page=True)
    assert_accessible(page)
    page.get_by_label("Team Task").uncheck()
    expect(salesperson).to_be_enabled()
