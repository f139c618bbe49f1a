"""The sales manager plans campaign work with an activity; a team member closes a task (Playwright)."""

import datetime

import pytest
from playwright.sync_api import expect

from core import roles
from tasks.models import Task
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.salespeople.factories import SalespersonFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_step(page, row: int, *, type_label: str, description: str, formula: str) -> None:
    page.locator(f"#id_steps-{row}-type").select_option(label=type_label)
    page.locator(f"#id_steps-{row}-description").fill(description)
    page.locator(f"#id_steps-{row}-date_formula").fill(formula)


def test_manager_plans_an_activity_for_a_team_and_a_member_closes_a_task(page):
    # The machine is shared: give slow page loads some room before an expectation fails.
    expect.set_options(timeout=15_000)
    page.set_default_timeout(15_000)
    marketing_setup_with_series()
    UserFactory(username="sam", role=roles.SALES_MANAGER)
    anna_user = UserFactory(username="anna", first_name="Anna", role=roles.SALESPERSON)
    anna = SalespersonFactory(code="AH", name="Anna Hansen", user=anna_user)
    TeamFactory(code="SALES", name="Field sales", members=[anna, SalespersonFactory(code="BK", name="Bo Kvist")])
    CampaignFactory(no="CP0001", description="Winter promotion")

    # The sales manager creates an activity with three steps and sees each step's date while typing.
    browser_login(page, "sam")
    page.goto("/tasks/activities/new/")
    page.get_by_label("Code").fill("winter")
    page.get_by_label("Description").fill("Winter call sequence")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Activity WINTER")).to_be_visible()
    page.get_by_label("Preview from").fill("2026-11-30")
    fill_step(page, 0, type_label="Phone Call", description="Intro call", formula="")
    fill_step(page, 1, type_label=" ", description="Send brochure", formula="wd5")
    fill_step(page, 2, type_label="Phone Call", description="Check-in", formula="2w+1d")
    expect(page.locator("#id_steps-1-date_formula-preview")).to_have_text("WD5 from Mon 2026-11-30 → Fri 2026-12-04")
    expect(page.locator("#id_steps-2-date_formula-preview")).to_have_text("2W+1D from Mon 2026-11-30 → Tue 2026-12-15")
    page.locator("#id_steps-2-date_formula").fill("2w+1x")
    expect(page.locator("#id_steps-2-date_formula-preview")).to_contain_text(
        '"X" in date formula "2w+1x" is not a unit'
    )
    page.locator("#id_steps-2-date_formula").fill("2w+1d")
    expect(page.locator("#id_steps-2-date_formula-preview")).to_have_text("2W+1D from Mon 2026-11-30 → Tue 2026-12-15")
    page.screenshot(path=page.artifacts_dir / "1-activity-card.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("message")).to_contain_text("Activity WINTER has been saved.")
    expect(page.get_by_test_id("schedule")).to_contain_text("Check-in – 2W+1D → Tue 2026-12-15")

    # From the campaign card, the activity is assigned to the team; the preview shows what will be created.
    page.goto("/campaigns/CP0001/")
    page.get_by_role("link", name="Assign Activity").first.click()
    expect(page.get_by_label("Campaign No.")).to_have_value("CP0001")
    page.get_by_label("Activity Code").select_option("WINTER")
    page.get_by_label("Date").fill("2026-11-30")
    page.get_by_label("Team Task").check()
    page.get_by_label("Team Code").select_option("SALES")
    page.get_by_role("button", name="Next: preview the tasks").click()
    preview = page.get_by_test_id("preview-steps")
    expect(preview.get_by_test_id("preview-date")).to_have_text(["Mon 2026-11-30", "Fri 2026-12-04", "Tue 2026-12-15"])
    expect(page.get_by_test_id("preview-total")).to_have_text("9")
    expect(page.get_by_test_id("assign-preview")).to_contain_text("AH, BK")
    page.screenshot(path=page.artifacts_dir / "2-assign-preview.png", full_page=True)
    page.get_by_role("button", name="Create tasks").click()
    expect(page.get_by_test_id("message")).to_contain_text("9 tasks have been created.")
    expect(page.get_by_test_id("tasks-tasks-list").locator("tbody tr")).to_have_count(9)
    page.screenshot(path=page.artifacts_dir / "3-created-tasks.png", full_page=True)
    page.goto("/campaigns/CP0001/")
    # BC's campaign Tasks show the Organizer tasks: the 6 member tasks, not the 3 team tasks that organise them.
    expect(page.get_by_test_id("tasks-panel")).to_contain_text("6 open")
    page.get_by_test_id("tasks-panel").screenshot(path=page.artifacts_dir / "3b-campaign-tasks-panel.png")
    page.get_by_role("button", name="Log out").click()

    # A team member sees their tasks and closes one (the Salesperson role logs no interactions: no question).
    browser_login(page, "anna")
    page.goto("/tasks/my/")
    rows = page.get_by_test_id("tasks-my-tasks-list").locator("tbody tr")
    expect(rows).to_have_count(6)  # her 3 tasks and the 3 team tasks of her team
    own = Task.objects.filter(salesperson=anna).order_by("date").first()
    page.get_by_role("link", name=own.no).click()
    expect(page.get_by_label("Completed By").first).to_have_value("AH")
    page.get_by_test_id("close-form").get_by_role("button", name="Close Task").click()
    expect(page.get_by_test_id("message").first).to_contain_text(f"Task {own.no} has been closed.")
    expect(page.get_by_test_id("task-status")).to_have_text("Completed")
    expect(page.get_by_test_id("completed-by")).to_have_text("AH")
    page.screenshot(path=page.artifacts_dir / "4-member-closed-task.png", full_page=True)
    own.refresh_from_db()
    assert (own.closed, own.date_closed, own.completed_by) == (True, datetime.date.today(), anna)
    assert Task.objects.filter(closed=True).count() == 1
