"""Browser journeys: a marketer creates a campaign, fixes a date error, finds it and advances its status."""

import datetime
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from core import roles
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory, CampaignStatusFactory
from tests.conftest import browser_login
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_setup():
    marketer = UserFactory(username="marketer", first_name="Mia", last_name="Marketer", role=roles.MARKETER)
    marketing_setup_with_series()
    for sort_order, code in enumerate(["1-PLAN", "2-SCHEDULE", "3-IN PROGRESS", "4-DONE"], start=1):
        CampaignStatusFactory(code=code, description=code[2:].title(), sort_order=sort_order * 10)
    SalespersonFactory(code="MM", name="Mia Marketer", user=marketer)
    SalespersonFactory(code="EN", name="Eva Nilsen", blocked=True)
    CampaignFactory(no="CP0900", description="Spring furniture fair")
    return marketer


def test_marketer_creates_fixes_finds_and_advances_a_campaign(page):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard the command's output
    browser_login(page, "marketer", password="campaign-desk")  # the demo marketer of the README
    page.get_by_role("link", name="Campaigns", exact=True).first.click()
    page.get_by_role("link", name="New", exact=True).click()

    page.get_by_label("Description").fill("Winter lamp clearance")
    page.get_by_label("Starting Date").fill("2026-06-30")
    page.get_by_label("Ending Date").fill("2026-06-01")
    page.get_by_label("Status Code").select_option("1-PLAN")
    page.get_by_role("button", name="Save").click()

    ending_field = page.locator("#div_id_ending_date")
    assert "Ending Date must be after Starting Date." in ending_field.inner_text()
    assert page.get_by_label("Description").input_value() == "Winter lamp clearance"
    assert page.get_by_label("Starting Date").input_value() == "2026-06-30"
    assert page.get_by_label("Ending Date").input_value() == "2026-06-01"
    assert page.get_by_label("Status Code").input_value() == "1-PLAN"
    page.screenshot(path=page.artifacts_dir / "1-date-error.png", full_page=True)

    page.get_by_label("Ending Date").fill("2026-08-31")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/campaigns/CP0007/")  # the demo has CP0001..CP0006
    assert "Campaign CP0007 has been created." in page.get_by_test_id("message").inner_text()
    assert page.get_by_test_id("next-status").inner_text() == "Next: 2-SCHEDULE"

    page.get_by_role("link", name="Campaigns", exact=True).first.click()
    page.get_by_label("Search No./Description").fill("lamp")
    page.get_by_label("Status Code").select_option("1-PLAN")
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("campaigns-campaigns-list").locator("tbody tr")
    assert rows.count() == 1
    assert "Winter lamp clearance" in rows.first.inner_text()
    page.screenshot(path=page.artifacts_dir / "2-filtered-list.png", full_page=True)

    rows.first.get_by_role("link", name="CP0007").click()
    page.get_by_role("button", name="Advance status").click()
    assert "Campaign CP0007 is now in status 2-SCHEDULE" in page.get_by_test_id("message").inner_text()
    assert page.get_by_test_id("status-badge").inner_text() == "2-SCHEDULE"
    assert page.get_by_test_id("next-status").inner_text() == "Next: 3-IN PROGRESS"
    assert page.get_by_test_id("last-date-modified").inner_text() == datetime.date.today().isoformat()
    page.screenshot(path=page.artifacts_dir / "3-card-advanced.png", full_page=True)


def test_marketer_reads_statistics_and_cancels_an_entry(page):
    demo_setup()
    campaign = CampaignFactory(no="CP0100", description="Autumn catalogue mailing")
    entry = CampaignEntryFactory(campaign=campaign, description="Catalogue letter", date=datetime.date(2026, 3, 2))
    for day, target, response in [
        (0, True, True),
        (1, True, False),
        (2, True, False),
        (8, True, True),
        (15, False, True),
    ]:
        InteractionLogEntryFactory(
            campaign=campaign,
            campaign_entry=entry,
            date=datetime.date(2026, 3, 2) + datetime.timedelta(days=day),
            campaign_target=target,
            campaign_response=response,
            cost=3,
            duration=10,
        )
    browser_login(page, "marketer")
    page.goto("/campaigns/CP0100/")
    assert page.locator("[data-figure=response_rate]").inner_text() == "75.0"  # 3 responses / 4 target contacts
    page.screenshot(path=page.artifacts_dir / "1-card-statistics.png", full_page=True)

    page.get_by_role("link", name="Statistics", exact=True).first.click()
    page.get_by_label("Date from").fill("2026-03-09")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("[data-figure=target_contacts_contacted]").inner_text() == "1"
    expect(page.get_by_test_id("weekly-chart")).to_be_visible()
    page.screenshot(path=page.artifacts_dir / "2-statistics-filtered.png", full_page=True)

    page.goto("/campaigns/CP0100/entries/")
    page.screenshot(path=page.artifacts_dir / "3-entries.png", full_page=True)
    page.get_by_role("button", name="Cancel", exact=True).click()
    assert f"Do you wish to mark Campaign Entry {entry.pk} as Canceled?" in page.get_by_test_id("confirm").inner_text()
    page.screenshot(path=page.artifacts_dir / "4-cancel-question.png", full_page=True)
    page.get_by_role("button", name="Yes").click()
    assert f"Campaign Entry {entry.pk} is marked Canceled." in page.get_by_test_id("message").inner_text()
    page.get_by_role("link", name="Delete Campaign Entries…").click()
    page.get_by_role("button", name="Delete canceled entries").click()
    assert "1 Campaign Entry has been deleted." in page.get_by_test_id("message").inner_text()
    page.screenshot(path=page.artifacts_dir / "5-entries-deleted.png", full_page=True)
    page.goto("/campaigns/CP0100/")
    expect(page.get_by_test_id("no-statistics")).to_be_visible()
