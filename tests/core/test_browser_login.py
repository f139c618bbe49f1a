import pytest
from playwright.sync_api import expect

from core import roles
from tests.conftest import browser_login
from tests.core.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_and_sees_the_sections_of_the_role(page):
    UserFactory(username="ada", role=roles.ADMINISTRATOR)
    browser_login(page, "ada")
    assert page.get_by_test_id("current-user").inner_text().endswith("Administrator")
    page.get_by_role("link", name="Setup", exact=True).first.click()
    page.get_by_role("link", name="No. Series").click()
    expect(page.get_by_role("heading", name="No. Series")).to_be_visible()
    page.screenshot(path=page.artifacts_dir / "setup.png", full_page=True)
