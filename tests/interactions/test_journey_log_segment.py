"""Journey: log a campaign's segment, see the statistics move, cancel the logged segment, see them return."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from core import roles
from interactions.log_services import log_interaction
from interactions.models import LoggedSegment
from tests.campaigns.factories import CampaignFactory
from tests.conftest import browser_login
from tests.contacts.factories import PersonFactory
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.interactions.factories import InteractionTemplateFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.log_helpers import loggable_segment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = ["target_contacts_contacted", "contacts_responded", "response_rate", "cost", "duration"]


def statistics(page, campaign_no: str) -> dict[str, str]:
    page.goto(f"/campaigns/{campaign_no}/statistics/")
    return {name: page.locator(f'[data-figure="{name}"]').inner_text().strip() for name in FIGURES}


def test_logging_and_canceling_a_segment_moves_the_campaign_statistics_and_back(page):
    marketing_setup_with_series()
    UserFactory(username="mia", role=roles.MARKETER)
    campaign = CampaignFactory(no="CP0001", description="Spring promotion")
    salesperson = SalespersonFactory(code="JR")
    # One phone call logged earlier, so the campaign has figures before the segment is logged.
    log_interaction(
        contact=PersonFactory(no="CT0001"),
        template=InteractionTemplateFactory(code="CALL", description="Phone call"),
        user=None,
        date=datetime.date(2026, 3, 1),
        salesperson=salesperson,
        description="Phone call",
        cost=Decimal("1.00"),
        duration=Decimal(10),
        campaign=campaign,
        campaign_target=True,
        campaign_response=True,
    )
    segment = loggable_segment(
        10, campaign=campaign, salesperson=salesperson, targets=8, responses=2, cost=Decimal("2.50"), duration=5
    )

    browser_login(page, "mia")
    before = statistics(page, "CP0001")
    assert before == {
        "target_contacts_contacted": "1",
        "contacts_responded": "1",
        "response_rate": "100.0",
        "cost": "1.00",
        "duration": "10",
    }
    page.screenshot(path=page.artifacts_dir / "1-statistics-before.png", full_page=True)

    page.goto(f"/segments/{segment.no}/")
    page.get_by_role("link", name="Log Segment").click()
    assert page.get_by_test_id("lines").inner_text() == "10"
    assert page.get_by_test_id("targets").inner_text() == "8"
    # The summary is the question; its button logs (no second question).
    expect(page.get_by_text("Do you want to log segment SM0001 with 10 lines?")).to_be_visible()
    page.screenshot(path=page.artifacts_dir / "2-log-segment-page.png", full_page=True)
    page.get_by_role("button", name="Log Segment").click()
    page.wait_for_url("**/interactions/logged-segments/*/")
    logged = LoggedSegment.objects.get()  # entry numbers are not reset between tests on PostgreSQL
    assert (
        page.get_by_test_id("message")
        .first.inner_text()
        .startswith(f"Segment SM0001 has been logged: Logged Segment {logged.pk} with 10 interactions.")
    )
    page.screenshot(path=page.artifacts_dir / "3-logged-segment.png", full_page=True)

    after_log = statistics(page, "CP0001")
    assert after_log == {
        "target_contacts_contacted": "9",
        "contacts_responded": "3",
        "response_rate": "33.3",
        "cost": "26.00",
        "duration": "60",
    }
    page.screenshot(path=page.artifacts_dir / "4-statistics-after-logging.png", full_page=True)

    page.goto("/interactions/logged-segments/")
    page.get_by_label(f"Select logged segment {logged.pk}").check()
    page.get_by_role("button", name="Switch Check Mark in Canceled").click()
    expect(page.get_by_text(f"Do you wish to mark Logged Segment {logged.pk} as Canceled?")).to_be_visible()
    page.screenshot(path=page.artifacts_dir / "5-cancel-confirmation.png", full_page=True)
    page.get_by_role("button", name="Yes").click()
    assert (
        page.get_by_test_id("message")
        .first.inner_text()
        .startswith(f"Logged Segment {logged.pk} is now marked Canceled.")
    )
    page.screenshot(path=page.artifacts_dir / "6-logged-segment-canceled.png", full_page=True)

    assert statistics(page, "CP0001") == before
    page.screenshot(path=page.artifacts_dir / "7-statistics-after-canceling.png", full_page=True)
