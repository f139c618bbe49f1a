"""The pages this part of issue 13 changed, in a browser: axe-core (WCAG 2.1 A/AA) finds nothing, and at 390 px
none scrolls sideways: Add Contacts with its live count and preview, the Log Segment question, the segment card,
and a deletion's refusal page and question."""

import pytest
from playwright.sync_api import expect

from core import roles
from tests.browser_checks import PHONE, axe_violations, sideways_scroll
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import CompanyFactory, IndustryGroupFactory, PersonFactory, link
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.salespeople.factories import SalespersonFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def problems_on(page, name: str) -> list[str]:
    found = [f"{name}: {violation}" for violation in axe_violations(page)]
    page.set_viewport_size(PHONE)
    if too_wide := sideways_scroll(page):
        found.append(f"{name}: {too_wide}")
    found += [f"{name} (phone): {violation}" for violation in axe_violations(page)]
    page.screenshot(path=page.artifacts_dir / f"{name}-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    return found


def test_the_changed_pages_pass_axe_and_fit_a_phone(page):
    marketing_setup_with_series()
    UserFactory(username="mia", role=roles.MARKETER)
    UserFactory(username="sam", role=roles.SALES_MANAGER)
    retail = IndustryGroupFactory(code="RETAIL", description="Retail")
    company = CompanyFactory(no="CT0100", name="Nordic Bikes")
    link(company, retail)
    PersonFactory(no="CT0101", name="Person 1", company=company)
    segment = loggable_segment(3, campaign=CampaignFactory(no="CP0001", description="Spring"))
    CampaignFactory(no="CP0002", salesperson=SalespersonFactory(code="KH"))
    SalespersonFactory(code="FREE")
    problems = []

    browser_login(page, "mia")
    page.goto(f"/segments/{segment.no}/criteria/add/")
    page.get_by_label("Industry Group Code").select_option("RETAIL")
    expect(page.get_by_test_id("matching")).to_have_text("2 contacts match these criteria and would be added.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview-heading")).to_be_focused()
    problems += problems_on(page, "add-contacts-preview")

    page.goto(f"/segments/{segment.no}/")
    page.get_by_label("Campaign Target for", exact=False).first.uncheck()
    expect(page.get_by_test_id("message")).to_be_visible()
    problems += problems_on(page, "segment-card-after-toggle")

    page.goto(f"/segments/{segment.no}/log/")
    expect(page.get_by_test_id("log-question")).to_have_text(f"Do you want to log segment {segment.no} with 3 lines?")
    problems += problems_on(page, "log-segment")

    page.context.clear_cookies()
    browser_login(page, "sam")
    page.goto("/salespeople/KH/")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("You cannot delete Salesperson/Purchaser KH")
    expect(page.get_by_role("button", name="Yes")).to_have_count(0)
    problems += problems_on(page, "delete-refused")
    page.goto("/salespeople/FREE/")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("button", name="Yes")).to_have_class("btn btn-danger")
    problems += problems_on(page, "delete-question")

    assert not problems, "\n".join(problems)
