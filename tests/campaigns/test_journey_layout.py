"""Browser: the campaign card's action bar, the unsaved-edits warning, the list and its timeline, on a desk (1440 px)
and a phone (390 px), with screenshots and no page that scrolls sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from campaigns.models import Campaign
from core import roles
from tests.browser_checks import DESK, PHONE, axe_violations, sideways_scroll
from tests.campaigns.factories import CampaignEntryFactory, CampaignFactory, CampaignStatusFactory
from tests.conftest import browser_login
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.interactions.factories import InteractionLogEntryFactory
from tests.salespeople.factories import SalespersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def setup_campaigns() -> Campaign:
    """Four status codes, six campaigns over 2026 (one activated), and a campaign with ten weeks of interactions."""
    from pricing.models import CampaignActivation

    marketer = UserFactory(username="marketer", first_name="Mia", last_name="Marketer", role=roles.MARKETER)
    marketing_setup_with_series()
    statuses = [
        CampaignStatusFactory(code=code, description=code[2:].title(), sort_order=n * 10)
        for n, code in enumerate(["1-PLAN", "2-SCHEDULE", "3-IN PROGRESS", "4-DONE"], start=1)
    ]
    SalespersonFactory(code="MM", name="Mia Marketer", user=marketer)
    day = datetime.date
    rows = [
        ("CP0001", "Spring furniture fair", day(2026, 3, 1), day(2026, 4, 15), 3),
        ("CP0002", "Summer lamp clearance with a rather long description", day(2026, 6, 1), day(2026, 8, 31), 2),
        ("CP0003", "Autumn catalogue mailing", day(2026, 9, 1), day(2026, 10, 31), 1),
        ("CP0004", "Winter chairs", day(2026, 11, 15), None, 0),
        ("CP0005", "Trade show follow-up", day(2026, 1, 10), day(2026, 2, 20), 3),
        ("CP0006", "Newsletter without dates", None, None, None),
    ]
    for no, description, starting, ending, status in rows:
        CampaignFactory(
            no=no,
            description=description,
            starting_date=starting,
            ending_date=ending,
            status=statuses[status] if status is not None else None,
        )
    campaign = Campaign.objects.get(no="CP0002")
    CampaignActivation.objects.create(campaign=campaign)
    entry = CampaignEntryFactory(campaign=campaign, description="Lamp letter", date=day(2026, 6, 1))
    for week in range(10):
        for n in range(week % 4 + 2):
            InteractionLogEntryFactory(
                campaign=campaign,
                campaign_entry=entry,
                date=day(2026, 6, 1) + datetime.timedelta(weeks=week, days=n % 5),
                campaign_target=True,
                campaign_response=n % 2 == 0,
                cost=3,
                duration=10,
            )
    return campaign


def no_sideways_scroll(page) -> None:
    """The page does not scroll sideways, and axe-core finds no WCAG 2.1 A/AA violation on it."""
    too_wide = sideways_scroll(page)
    assert not too_wide, f"the page scrolls sideways: {too_wide}"
    violations = axe_violations(page)
    assert not violations, violations


def test_card_list_and_timeline_on_a_desk_and_a_phone(page):
    setup_campaigns()
    browser_login(page, "marketer")

    # --- desk ---
    page.set_viewport_size(DESK)
    page.goto("/campaigns/CP0002/")
    actions = page.get_by_test_id("card-actions")
    expect(actions.get_by_role("link", name="Log Interaction")).to_be_visible()  # open row of links, no dropdown
    expect(actions.get_by_role("button", name="Deactivate Sales Prices/Line Discounts")).to_be_visible()
    expect(actions.get_by_role("link", name="New segment for this campaign")).to_be_visible()
    expect(page.get_by_test_id("weekly-chart")).to_be_visible()
    chart = page.locator(".campaign-chart").bounding_box()
    assert chart["width"] >= 560, chart  # drawn at its own size, not shrunk
    page.wait_for_load_state("networkidle")  # the htmx panels
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "1-card-desk.png", full_page=True)

    # Unsaved edits: leaving asks first; saving does not.
    page.get_by_label("Description").click()
    page.get_by_label("Description").press_sequentially(" 2026")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    actions.get_by_role("link", name="Statistics", exact=True).click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/campaigns/CP0002/")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("message")).to_contain_text("Campaign CP0002 has been saved.")
    assert dialogs == ["beforeunload"]

    page.goto("/campaigns/")
    rows = page.get_by_test_id("campaigns-campaigns-list").locator("tbody tr")
    expect(rows).to_have_count(6)
    cp2 = rows.filter(has_text="CP0002")
    expect(cp2.locator("td[class='num']")).to_have_text("57.6")  # 33 contacted, 19 responded
    expect(cp2.get_by_test_id("status-badge")).to_have_text("3-IN PROGRESS")
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "2-list-desk.png", full_page=True)

    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_test_id("timeline-row")).to_have_count(6)
    expect(page.get_by_test_id("timeline-bar")).to_have_count(5)  # CP0006 has no dates
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "3-timeline-desk.png", full_page=True)
    page.get_by_label("Search No./Description").fill("lamp")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("timeline-row")).to_have_count(1)  # the same filters, still the timeline

    # --- phone ---
    page.set_viewport_size(PHONE)
    page.goto("/campaigns/CP0002/")
    toggle = page.get_by_role("button", name="Actions")
    expect(toggle).to_be_visible()
    expect(page.get_by_test_id("card-actions").get_by_role("link", name="Log Interaction")).to_be_hidden()
    page.wait_for_load_state("networkidle")
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "4-card-phone.png", full_page=True)
    toggle.click()
    expect(page.get_by_test_id("card-actions").get_by_role("link", name="Log Interaction")).to_be_visible()
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "5-card-phone-actions.png")
    page.get_by_test_id("weekly-chart").scroll_into_view_if_needed()
    page.screenshot(path=page.artifacts_dir / "6-card-phone-chart.png")

    page.goto("/campaigns/")
    expect(page.get_by_label("Search No./Description")).to_be_hidden()  # the filters fold away on a phone
    expect(page.get_by_role("link", name="CP0001")).to_be_in_viewport()  # the first campaign without scrolling
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "7-list-phone.png", full_page=True)
    page.get_by_test_id("filters-toggle").click()
    expect(page.get_by_label("Search No./Description")).to_be_visible()
    page.goto("/campaigns/?view=timeline")
    expect(page.get_by_test_id("timeline-bar")).to_have_count(5)
    no_sideways_scroll(page)
    page.screenshot(path=page.artifacts_dir / "8-timeline-phone.png", full_page=True)
