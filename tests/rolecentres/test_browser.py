"""Each role centre in a browser at desk (1440 px) and phone (390 px) width, on the demo data: screenshots (in
test-results/), no horizontal scroll, the centre's cues visible, and a cue opening its list with as many rows."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Demo user, the centre the user sees first, something that centre shows.
DEMO_USERS = [
    ("admin", "centre-administrator", "cue-users_without_role"),
    ("marketer", "centre-marketer", "cue-active_campaigns"),
    ("manager", "centre-sales-manager", "workload"),
    ("seller", "centre-salesperson", "cue-my_today"),
]


def test_each_role_centre_fits_a_desk_and_a_phone(page):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard the command's output
    for username, centre, shown in DEMO_USERS:
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1440, "height": 900})
        browser_login(page, username, password="campaign-desk")
        for width, height in [(1440, 900), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            page.goto("/")
            expect(page.get_by_test_id(centre)).to_be_visible()
            expect(page.get_by_test_id(centre).get_by_test_id(shown).first).to_be_visible()
            page.screenshot(path=page.artifacts_dir / f"{username}-{width}.png", full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{username} at {width} px: the page is {scroll_width} px wide"

    # The salesperson's Overdue cue opens My Tasks with as many rows as it says (still logged in as the seller).
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    cue = page.get_by_test_id("cue-my_overdue")
    count = int(cue.get_by_test_id("cue-count").inner_text())
    assert count > 0  # the demo's salesperson LL has overdue tasks
    cue.click()
    page.wait_for_url("**/tasks/my/?overdue=on")
    expect(page.locator("main table tbody tr:visible").first).to_be_visible()
    assert page.locator("main table tbody tr:visible").count() == count
