"""The seed's story in Norwegian, in a browser (issue 14): a marketer who reads Norwegian creates a campaign, its
segment with Kampanjemål, the campaign's sales price and line discount, activates them and logs the segment, all
by the Norwegian captions. Each page is photographed at a desk and at 390 px and checked by axe-core (WCAG 2.1 A/AA)
and for sideways scrolling; the screenshots are in test-results/<test name>/.
"""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from campaigns.models import Campaign
from core.models import User
from interactions.models import InteractionLogEntry, InteractionTemplate, LoggedSegment
from pricing.models import CampaignTargetGroup, SalesLineDiscount
from segments.models import SegmentHeader
from tests.browser_checks import DESK, PHONE, axe_violations, sideways_scroll
from tests.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(_playwright_browser, live_server, request):
    """conftest's page in a Norwegian browser (locale nb-NO): date and number inputs show 31.12.2026 and 2,5, as a
    Norwegian user's Chromium does, and Accept-Language asks for Norwegian. JavaScript errors fail the test."""
    yield from open_page(
        _playwright_browser, live_server, request, viewport=DESK, locale="nb-NO", timezone_id="Europe/Oslo"
    )


class Photographer:
    """Screenshots of each step at a desk and on a phone, with axe-core and the sideways check on both."""

    def __init__(self, page) -> None:
        self.page = page
        self.problems: list[str] = []
        self.step = 0

    def take(self, name: str) -> None:
        self.step += 1
        page = self.page
        expect(page.locator("html")).to_have_attribute("lang", "nb")
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")
        for size, label in ((DESK, "desk"), (PHONE, "390")):
            page.set_viewport_size(size)
            page.screenshot(path=page.artifacts_dir / f"{self.step}-{name}-{label}.png", full_page=True)
            self.problems += [f"{name} ({label}): {violation}" for violation in axe_violations(page)]
            if label == "390" and (too_wide := sideways_scroll(page)):
                self.problems.append(f"{name}: {too_wide}")
        page.set_viewport_size(DESK)


def test_a_norwegian_marketer_creates_targets_activates_and_logs_a_campaign(page):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard the command's output
    User.objects.filter(username="marketer").update(language="nb")
    today = datetime.date.today()
    photos = Photographer(page)
    page.set_viewport_size(DESK)
    page.goto("/login/")  # the login page speaks the browser's language
    page.get_by_label("Brukernavn").fill("marketer")
    page.get_by_label("Passord").fill("campaign-desk")  # the demo marketer of the README
    page.get_by_role("button", name="Logg på").click()
    page.wait_for_url("**/")
    photos.take("hjem")

    # Kampanjekort: a new campaign with its dates and status.
    page.get_by_role("link", name="Kampanjer", exact=True).first.click()
    page.get_by_role("link", name="Ny", exact=True).click()
    page.get_by_label("Beskrivelse").fill("Vinterkampanje for lamper")
    page.get_by_label("Startdato").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Sluttdato").fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Statuskode").select_option("1-PLAN")
    photos.take("ny-kampanje")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("message")).to_contain_text("er opprettet.")
    campaign = Campaign.objects.get(description="Vinterkampanje for lamper")
    photos.take("kampanjekort")

    # Segment for the campaign, with Kampanjemål on every line, then the contacts of an industry group.
    page.get_by_role("link", name="Nytt segment for denne kampanjen").click()
    page.get_by_label("Beskrivelse").fill("Lamper – detaljhandel")
    expect(page.get_by_label("Kampanjenr.")).to_have_value(campaign.no)
    page.get_by_label("Samhandlingsmalkode").select_option(str(InteractionTemplate.objects.get(code="BUS").pk))
    page.get_by_label("Kampanjemål").check()
    photos.take("nytt-segment")
    page.get_by_role("button", name="Opprett").click()
    expect(page.get_by_test_id("message")).to_contain_text("er opprettet.")
    segment = SegmentHeader.objects.get(description="Lamper – detaljhandel")

    page.get_by_role("link", name="Legg til kontakter").click()
    page.get_by_label("Bransjegruppekode").select_option("RETAIL")
    page.get_by_role("button", name="Forhåndsvisning").click()
    add = page.get_by_role("button", name=re.compile(r"^Legg til \d+ kontakter$"))
    expect(add).to_be_visible()
    photos.take("legg-til-kontakter")
    add.click()
    expect(page.get_by_test_id("message")).to_contain_text(f"ble lagt til i segment {segment.no}")
    lines = segment.lines.order_by("line_no")
    line_count = lines.count()
    assert line_count > 2 and all(line.campaign_target for line in lines)

    # Kampanjemål cleared on the line of a contact that is not a target.
    not_a_target = lines.first().contact.no
    with page.expect_response("**/campaign-target/"):
        page.get_by_label(f"Kampanjemål for {not_a_target}").uncheck()
    expect(page.get_by_label(f"Kampanjemål for {not_a_target}")).not_to_be_checked()
    expect(page.get_by_test_id("message")).to_be_visible()
    photos.take("segmentkort")

    # Salgspriser and salgslinjerabatter from the campaign card, then activate them.
    page.goto(campaign.get_absolute_url())
    page.get_by_role("link", name="Salgspriser", exact=True).first.click()
    form = page.get_by_test_id("add-price")
    form.locator("#id_item").fill("IT0001")
    form.locator("#id_unit_price").fill(
        "7.50"
    )  # a number input takes the browser's notation; it posts 7.50 in any language
    form.get_by_role("button", name="Legg til pris").click()
    expect(page.get_by_test_id("message")).to_contain_text(campaign.no)
    starting = (today - datetime.timedelta(days=1)).strftime("%d.%m.%Y")
    expect(page.locator("main")).to_contain_text(f"Startdato {starting}")  # the campaign's dates, read in Norwegian
    expect(page.locator("main")).to_contain_text("7,50")
    photos.take("salgspriser")

    page.get_by_role("link", name="Salgslinjerabatter").first.click()
    form = page.get_by_test_id("add-discount")
    form.locator("#id_type").select_option("item")
    form.locator("#id_code").fill("IT0001")
    form.locator("#id_line_discount_pct").fill("12.5")
    form.get_by_role("button", name="Legg til rabatt").click()
    expect(page.get_by_test_id("message")).to_contain_text(campaign.no)
    assert SalesLineDiscount.objects.get(campaign=campaign).line_discount_pct == Decimal("12.5")
    photos.take("salgslinjerabatter")

    page.goto(campaign.get_absolute_url())
    page.get_by_role("link", name="Aktiver salgspriser/linjerabatter …").click()
    expect(page.get_by_test_id("preflight")).to_be_visible()
    photos.take("aktiver")
    page.get_by_test_id("confirm").get_by_role("button", name="Aktiver").click()
    expect(page.get_by_test_id("message")).to_contain_text(f"Kampanje {campaign.no} er nå aktivert.")
    assert CampaignTargetGroup.objects.filter(campaign=campaign).exists()
    page.get_by_test_id("panel-activated").wait_for()
    expect(page.get_by_test_id("panel-activated")).to_have_text("Ja")
    photos.take("kampanjekort-aktivert")

    # Loggfør segment: BC's question, then the logged segment.
    page.goto(segment.get_absolute_url())
    page.get_by_role("link", name="Loggfør segment").first.click()
    expect(page.get_by_test_id("log-question")).to_contain_text(f"segment {segment.no}")
    photos.take("loggfor-segment")
    page.get_by_role("button", name="Loggfør segment").click()
    expect(page.get_by_test_id("message")).to_contain_text(f"Segment {segment.no}")
    logged = LoggedSegment.objects.get(segment_no=segment.no)
    assert InteractionLogEntry.objects.filter(logged_segment=logged, campaign=campaign).count() == line_count
    photos.take("loggfort")

    assert not photos.problems, "\n".join(photos.problems)
