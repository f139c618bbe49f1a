"""Browser journeys: find a contact, open its card, edit it with a bad e-mail; import a file."""

import pytest

from contacts import demo
from contacts.models import Contact
from core import roles
from tests.conftest import browser_login
from tests.core.factories import UserFactory, marketing_setup_with_series
from tests.salespeople.factories import SalespersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_contacts():
    marketing_setup_with_series()
    SalespersonFactory(code="JR", name="Jonas Rask")
    SalespersonFactory(code="LL", name="Lena Larsen")
    demo.load()
    UserFactory(username="mia", role=roles.MARKETER)


def test_marketer_filters_opens_a_card_and_sees_a_bad_email_next_to_the_field(page, demo_contacts):
    browser_login(page, "mia")
    page.get_by_role("link", name="Contacts", exact=True).first.click()
    page.get_by_label("Industry Group").select_option("IT")
    page.get_by_label("Type").select_option("company")
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_test_id("contacts-contacts-list")
    table.locator("tbody tr").first.wait_for()
    page.screenshot(path=page.artifacts_dir / "contact-list.png", full_page=True)
    rows = table.locator("tbody tr")
    names = rows.locator("td:nth-child(2)").all_inner_texts()
    assert names and all(Contact.objects.get(name=n.split("\n")[0].strip()).is_company for n in names)

    company = Contact.objects.companies().in_industry_groups(demo_companies_it()).order_by("no").first()
    page.get_by_role("link", name=company.no, exact=True).click()
    page.get_by_role("heading", name=f"{company.no} · {company.name}").wait_for()
    page.wait_for_load_state("networkidle")  # the htmx panels (history, tasks) have loaded
    assert page.get_by_test_id("persons").get_by_role("link").count() == company.members.persons().count()
    page.screenshot(path=page.artifacts_dir / "contact-card.png", full_page=True)

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("City").fill("Tønsberg")
    page.get_by_label("E-Mail").fill("post@example")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#id_email + .invalid-feedback, #error_1_id_email, .invalid-feedback").first
    error.wait_for()
    assert 'The email address "post@example" is not valid.' in error.inner_text()
    assert page.get_by_label("City").input_value() == "Tønsberg"
    assert page.get_by_label("E-Mail").input_value() == "post@example"
    page.screenshot(path=page.artifacts_dir / "contact-edit-bad-email.png", full_page=True)
    company.refresh_from_db()
    assert company.city != "Tønsberg"

    page.get_by_label("E-Mail").fill("post@tonsberg.example.com")
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("message").wait_for()
    assert f"Contact {company.no} has been saved." in page.get_by_test_id("message").inner_text()
    company.refresh_from_db()
    assert (company.city, company.email) == ("Tønsberg", "post@tonsberg.example.com")
    page.wait_for_load_state("networkidle")  # let the card's panels finish before the database is reset


def demo_companies_it():
    from contacts.models import IndustryGroup

    return IndustryGroup.objects.filter(code="IT")


def test_marketer_imports_a_file_with_an_error_and_imports_the_valid_rows(page, demo_contacts, tmp_path):
    path = tmp_path / "new-contacts.csv"
    path.write_text(
        "Name;Type;Company Name;E-Mail;City;Industry Groups\n"
        "Lysaker Lyd AS;Company;;post@lysakerlyd.no;Lysaker;RETAIL\n"
        "Marte Lie;Person;Lysaker Lyd AS;marte@lysakerlyd.no;Lysaker;\n"
        "Feil Epost;Person;Lysaker Lyd AS;marte@;Lysaker;\n",
        encoding="utf-8",
    )
    browser_login(page, "mia")
    page.goto("/contacts/import/")
    page.get_by_label("File").set_input_files(path)
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_test_id("invalid-rows").wait_for()
    assert page.get_by_test_id("invalid-rows").inner_text() == "1"
    assert 'The email address "marte@" is not valid.' in page.get_by_test_id("row-errors").inner_text()
    page.screenshot(path=page.artifacts_dir / "import-preview.png", full_page=True)
    page.get_by_role("button", name="Import only the 2 valid rows").click()
    page.get_by_test_id("message").wait_for()
    assert "2 contacts have been imported." in page.get_by_test_id("message").inner_text()
    page.screenshot(path=page.artifacts_dir / "import-done.png", full_page=True)
    marte = Contact.objects.get(name="Marte Lie")
    assert marte.company.name == "Lysaker Lyd AS"
