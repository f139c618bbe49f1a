"""Browser walk through the salespeople pages: a sales manager builds a team; an administrator links a user."""

import pytest

from core import roles
from tests.conftest import browser_login
from tests.core.factories import UserFactory
from tests.salespeople.factories import SalespersonFactory, TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sales_manager_creates_a_salesperson_and_adds_it_to_a_team(page):
    UserFactory(username="sam", role=roles.SALES_MANAGER)
    SalespersonFactory(code="KH", name="Kari Hansen", job_title="Key Account Manager")
    SalespersonFactory(code="EN", name="Eva Nilsen", blocked=True)
    TeamFactory(code="NORTH", name="Team North")
    browser_login(page, "sam")
    page.get_by_role("link", name="Salespeople", exact=True).first.click()
    page.get_by_role("link", name="New", exact=True).click()
    page.get_by_label("Code").fill("pb")
    page.get_by_label("Name").fill("Per Berg")
    page.get_by_label("Commission %").fill("150")
    page.get_by_role("button", name="Save").click()
    assert "Commission % must be between 0 and 100." in page.locator("#div_id_commission_pct").inner_text()
    page.get_by_label("Commission %").fill("1.5")
    page.get_by_role("button", name="Save").click()
    assert "Salesperson/Purchaser PB has been created." in page.get_by_test_id("message").inner_text()
    page.screenshot(path=page.artifacts_dir / "1-salesperson-card.png", full_page=True)

    page.get_by_role("link", name="Salespeople/Purchasers").first.click()
    page.get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="NORTH").click()
    options = page.get_by_label("Salesperson Code").locator("option").all_inner_texts()
    assert "EN Eva Nilsen" not in " ".join(options)
    page.get_by_label("Salesperson Code").select_option("PB")
    page.get_by_role("button", name="Add member").click()
    page.get_by_label("Salesperson Code").select_option("KH")
    page.get_by_role("button", name="Add member").click()
    members = page.get_by_test_id("team-members").locator("tbody tr").all_inner_texts()
    assert [row.split()[0] for row in members] == ["KH", "PB"]
    page.screenshot(path=page.artifacts_dir / "2-team-card.png", full_page=True)

    page.get_by_role("link", name="Teams").click()
    page.screenshot(path=page.artifacts_dir / "3-team-list.png", full_page=True)


def test_administrator_links_a_user_to_a_salesperson(page):
    UserFactory(username="ada", role=roles.ADMINISTRATOR)
    UserFactory(username="lena", first_name="Lena", last_name="Larsen", role=roles.SALESPERSON)
    SalespersonFactory(code="LL", name="Lena Larsen")
    browser_login(page, "ada")
    page.get_by_role("link", name="Setup", exact=True).first.click()
    page.get_by_role("link", name="Users and Roles").click()
    page.get_by_role("link", name="lena").click()
    page.get_by_label("Salesperson Code").select_option("LL")
    page.get_by_label("Marketer").check()
    page.get_by_role("button", name="Save").click()
    assert "User lena has been saved." in page.get_by_test_id("message").inner_text()
    row = page.get_by_test_id("salespeople-users-list").locator("tr", has_text="lena")
    assert "LL" in row.inner_text()
    assert "Marketer" in row.inner_text()
    page.screenshot(path=page.artifacts_dir / "1-users-and-roles.png", full_page=True)
    page.get_by_role("link", name="Salespeople", exact=True).first.click()
    page.screenshot(path=page.artifacts_dir / "2-salesperson-list.png", full_page=True)
