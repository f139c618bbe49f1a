"""The marketer's journey: build a campaign audience in the browser, clear one target, undo a removal."""

import pytest
from playwright.sync_api import expect

from core import roles
from segments.models import SegmentHeader
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, PersonFactory, link
from tests.core.factories import UserFactory, marketing_setup_with_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def line_rows(page):
    return page.get_by_test_id("segments-lines-list").locator("tbody tr")


def test_marketer_builds_a_segment_clears_one_target_and_goes_back(page):
    UserFactory(username="mia", role=roles.MARKETER)
    marketing_setup_with_series()
    CampaignFactory(no="CP0001", description="Spring bikes")
    retail = IndustryGroupFactory(code="RETAIL", description="Retail")
    for c, company_name in enumerate(["Nordic Bikes", "Fjord Cycles"], start=1):
        company = CompanyFactory(no=f"CT0{c}00", name=company_name)
        link(company, retail)
        for p in range(1, 4):
            PersonFactory(no=f"CT0{c}0{p}", name=f"Person {c}.{p}", company=company)
    CompanyFactory(no="CT0900", name="Not retail")

    browser_login(page, "mia")
    page.goto("/segments/?campaign=CP0001")
    page.get_by_role("link", name="New", exact=True).click()
    page.get_by_label("Description").fill("Spring bikes – retail")
    assert page.get_by_label("Campaign No.").input_value() != ""
    page.get_by_label("Campaign Target").check()
    page.get_by_role("button", name="Create").click()
    page.get_by_text("Segment SM0001 has been created.").wait_for()

    page.get_by_role("link", name="Add Contacts").click()
    expect(page.get_by_test_id("matching")).to_contain_text("contacts match these criteria")  # counted on load
    page.get_by_label("Industry Group Code").select_option("RETAIL")
    # The count follows the criteria as they change, before any preview.
    expect(page.get_by_test_id("matching")).to_have_text("8 contacts match these criteria and would be added.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_test_id("preview").get_by_text("8 contacts will be added").wait_for()
    expect(page.locator("#preview-heading")).to_be_focused()  # scrolled into view and focused as it appears
    page.screenshot(path=page.artifacts_dir / "1-add-contacts-preview.png", full_page=True)
    page.get_by_role("button", name="Add 8 contacts").click()
    page.get_by_text("8 contacts were added to segment SM0001.").wait_for()
    assert line_rows(page).count() == 8

    # Sort by Name descending from the header: htmx swaps the lines (no page load) and the URL says the order.
    page.evaluate("window.notReloaded = true")
    lines = page.get_by_test_id("segments-lines-list")
    lines.get_by_role("link", name="Name", exact=True).click()
    expect(lines.locator('th[data-column="name"]')).to_have_attribute("aria-sort", "ascending")
    lines.get_by_role("link", name="Name", exact=True).click()
    expect(lines.locator('th[data-column="name"]')).to_have_attribute("aria-sort", "descending")
    expect(line_rows(page).first.locator("td").nth(3)).to_have_text("Person 2.3")
    assert page.url.endswith("?o=-name") and page.evaluate("window.notReloaded")

    # Clear Campaign Target on one line: the row is swapped in place (htmx), no page load.
    checkbox = page.get_by_label("Campaign Target for CT0102")
    assert checkbox.is_checked()
    with page.expect_response("**/campaign-target/"):
        checkbox.uncheck()
    expect(page.get_by_label("Campaign Target for CT0102")).not_to_be_checked()
    # The Statistics box and a message follow in the same response (out-of-band swaps).
    expect(page.get_by_test_id("no-of-targets")).to_have_text("7")
    expect(page.get_by_test_id("message")).to_contain_text("Campaign Target cleared on line")
    segment = SegmentHeader.objects.get(no="SM0001")
    assert not segment.lines.get(contact__no="CT0102").campaign_target
    page.screenshot(path=page.artifacts_dir / "2-target-cleared.png", full_page=True)

    # Remove the persons, then Go Back once: they return exactly as they were.
    page.get_by_role("link", name="Remove Contacts - Reduce").click()
    page.get_by_label("Type").select_option("person")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Remove 6 contacts").click()
    page.get_by_text("6 contacts were removed from segment SM0001.").wait_for()
    assert line_rows(page).count() == 2
    page.get_by_role("button", name="Go Back").click()
    page.get_by_text("Criteria action 2 (Remove Contacts - Reduce) was undone").wait_for()
    assert line_rows(page).count() == 8
    assert not page.get_by_label("Campaign Target for CT0102").is_checked()
    assert page.get_by_label("Campaign Target for CT0101").is_checked()
    page.screenshot(path=page.artifacts_dir / "3-after-go-back.png", full_page=True)
