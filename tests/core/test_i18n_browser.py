"""In a browser: the navigation's language switch and My Settings (issue 14)."""

import re

import pytest
from playwright.sync_api import expect

from core import roles
from tests.conftest import browser_login
from tests.core.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_switch_turns_the_application_norwegian_and_my_settings_turns_it_back(page):
    UserFactory(username="kari", first_name="Kari", last_name="Nordmann", role=roles.MARKETER)
    browser_login(page, "kari")
    page.get_by_role("button", name="NB – Norsk bokmål").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("link", name="Kampanjer", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="NB – Norsk bokmål")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=page.artifacts_dir / "home-nb.png")

    page.get_by_role("link", name="Kari Nordmann").click()
    expect(page.get_by_role("heading", name="Mine innstillinger")).to_be_visible()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Your settings have been saved.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=page.artifacts_dir / "my-settings-en.png")


def test_the_norwegian_navigation_fits_a_phone(page):
    UserFactory(username="kari", first_name="Kari", last_name="Nordmann", role=roles.MARKETER, language="nb")
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, "kari")
    page.get_by_role("button", name="Vis eller skjul navigasjonen").click()
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))  # opened, not opening
    expect(page.get_by_role("button", name="Logg av")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=page.artifacts_dir / "navigation-nb-390.png", full_page=True)
