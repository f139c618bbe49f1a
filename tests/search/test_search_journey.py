"""Browser journey: the navigation bar's search, by keyboard, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.browser_checks import PHONE, axe_violations, sideways_scroll
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import CompanyFactory
from tests.core.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_navigation_bar_suggests_records_and_the_keyboard_opens_one(page):
    UserFactory(username="mia", role=roles.MARKETER)
    CompanyFactory(no="CT0900", name="Fjord Fisheries")
    CampaignFactory(no="CP0900", description="Fjord tour")

    browser_login(page, "mia")
    search = page.get_by_role("combobox", name="Search contacts, campaigns, segments, tasks and opportunities")
    search.fill("fjord")
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(search).to_have_attribute("aria-expanded", "true")
    page.screenshot(path=page.artifacts_dir / "1-suggestions-desktop.png")
    violations = axe_violations(page)
    assert not violations, violations

    search.press("ArrowDown")
    search.press("ArrowDown")
    expect(page.get_by_role("option", name="CP0900 Fjord tour")).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    page.wait_for_url("**/campaigns/CP0900/")
    page.wait_for_load_state("networkidle")  # the card's htmx panels answer before the next step

    search = page.get_by_role("combobox", name="Search contacts, campaigns, segments, tasks and opportunities")
    search.fill("fjord")
    expect(page.get_by_role("option")).to_have_count(2)
    search.press("Escape")
    expect(search).to_have_attribute("aria-expanded", "false")
    search.fill("fjord")
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("Enter")  # nothing chosen: the results page
    page.wait_for_url(re.compile(r"/search/\?q=fjord$"))
    expect(page.get_by_test_id("search-group-contacts")).to_contain_text("CT0900 Fjord Fisheries")
    violations = axe_violations(page)
    assert not violations, violations


def test_the_search_works_on_a_phone_without_widening_the_page(page):
    UserFactory(username="mia", role=roles.MARKETER)
    CompanyFactory(no="CT0901", name="Fjord Fisheries with a rather long company name that wraps")
    page.set_viewport_size(PHONE)

    browser_login(page, "mia")
    page.get_by_role("button", name="Toggle navigation").click()
    search = page.get_by_role("combobox", name="Search contacts, campaigns, segments, tasks and opportunities")
    search.fill("fjord")
    expect(page.get_by_role("option")).to_have_count(1)
    page.screenshot(path=page.artifacts_dir / "1-suggestions-phone.png")
    assert not sideways_scroll(page)
    violations = axe_violations(page)
    assert not violations, violations
    page.get_by_role("option").click()
    page.wait_for_url("**/contacts/CT0901/")
    # The card loads its panels by htmx: let them answer before the test's database is flushed under them.
    page.wait_for_load_state("networkidle")
