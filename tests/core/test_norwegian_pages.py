"""A Norwegian user meets no English caption (issue 14): the main lists and cards of each role, read as nb.

The demo data (`load_demo`) fills the pages. Each role's demo user chooses Norwegian on My Settings (User.language)
and opens its home, every section of the navigation and the main cards; the page's visible text (text nodes and
the attributes a user reads: title, aria-label, placeholder, alt, a button's value) must not contain one of the
app's main English terms as a whole word. The demo's own records (a campaign's description, a person's name) are
data, not captions: a term inside one of their values on the page does not count.
"""

from __future__ import annotations

import csv
import io
import os
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import translation

from core import roles
from core.models import User
from pricing.templatetags.pricing_tags import money, num
from tests.test_accessibility import DEMO_LOGINS, MAIN_PAGES, allowed

# The app's main terms in English: BC's captions and the actions on every card. Not the words Norwegian BC writes
# the same way (Segment, Status, Filter, Type, Agenda).
ENGLISH_TERMS = [
    "Campaign",
    "Campaigns",
    "Segments",
    "Salesperson",
    "Salespeople",
    "Interaction",
    "Interactions",
    "Interaction Log Entries",
    "Opportunity",
    "Opportunities",
    "Task",
    "Tasks",
    "Contact",
    "Contacts",
    "Activity",
    "Team",
    "Starting Date",
    "Ending Date",
    "Status Code",
    "Campaign Target",
    "Sales Prices",
    "Sales Line Discounts",
    "Activate",
    "Log Segment",
    "Statistics",
    "Description",
    "Date",
    "Cost",
    "Name",
    "Search",
    "Home",
    "Setup",
    "New",
    "Edit",
    "Delete",
    "Save",
    "Cancel",
    "Open",
    "Closed",
    "Yes",
    "No",
    "Next",
    "Previous",
    "Show",
    "Export",
    "Log out",
    "My Settings",
    "Items",
    "Customers",
    "Pipeline",
]
TERMS = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ENGLISH_TERMS), key=len, reverse=True)) + r")(?![\w-])"
)
PROPER_NAMES = {"Campaign Desk"}  # the product's name
USER_FACING_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# A number an SVG chart reads (x="12.5") written with the decimal comma: the browser draws nothing.
LOCALIZED_GEOMETRY = re.compile(r'\s(?:x|y|x1|x2|y1|y2|width|height|viewBox)="[^"]*\d,\d')
SECTIONS = re.compile(r'<a class="nav-link[^"]*" href="(/[^"]*)"')


class VisibleText(HTMLParser):
    """The text a user reads or hears: text nodes outside scripts and styles, and the user-facing attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "template"}:
            self.hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and (
                name in USER_FACING_ATTRIBUTES or (name == "value" and values.get("type") in {"submit", "button"})
            ):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def data_values() -> list[str]:
    """The text values of the demo's records that contain an English term (a description like "Christmas gift
    campaign" is the user's data, not a caption)."""
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label in {"admin", "auth", "contenttypes", "sessions", "axes"}:
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            values.update(value for value in row if isinstance(value, str) and TERMS.search(value))
    return sorted(values | PROPER_NAMES, key=len, reverse=True)


def english_on(text: str, values: list[str]) -> list[str]:
    """The English terms in `text` that are not inside one of the data `values` shown on the page."""
    data_spans = [
        (match.start(), match.end())
        for value in values
        if value in text
        for match in re.finditer(re.escape(value), text)
    ]
    found = []
    for match in TERMS.finditer(text):
        if not any(start <= match.start() and match.end() <= end for start, end in data_spans):
            line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
            found.append(f"{match.group(1)!r} in {line[:120]!r}")
    return found


def pages_for(client, role: str, user: User) -> list[str]:
    home = reverse("core:home")
    paths = [home, *SECTIONS.findall(client.get(home).content.decode())]
    for main_page in MAIN_PAGES:
        if allowed(main_page.url_name, role):
            paths.append(reverse(main_page.url_name, kwargs=main_page.kwargs(user)) + main_page.query)
    return list(dict.fromkeys(path for path in paths if not path.startswith(("/admin/", "/logout/"))))


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    yield
    translation.deactivate()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.MARKETER, roles.SALES_MANAGER, roles.SALESPERSON])
def test_a_norwegian_user_meets_no_english_caption_on_the_main_pages(client, role):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard the command's output
    user = User.objects.get(username=DEMO_LOGINS[role])
    user.language = "nb"
    user.save(update_fields=["language"])
    client.force_login(user)
    values = data_values()
    problems: list[str] = []
    paths = pages_for(client, role, user)
    assert len(paths) > 10
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Language"] == "nb", path
        html = response.content.decode()
        problems += [f"{path}: {found}" for found in english_on(visible_text(html), values)]
        problems += [f"{path}: chart geometry {found.group(0)!r}" for found in LOCALIZED_GEOMETRY.finditer(html)]
    assert not problems, f"{len(problems)} English captions:\n" + "\n".join(problems)


def test_the_check_finds_an_english_caption_but_not_a_data_value():
    text = visible_text(
        '<h1 title="Kampanjekort">Kampanje CP0001 Christmas gift Campaign</h1><script>var x = "Campaign";</script>'
        '<button aria-label="Delete">x</button><input type="text" value="Save">'
    )
    assert english_on(text, ["Christmas gift Campaign"]) == ["'Delete' in 'Delete'"]
    assert english_on(text, []) == ["'Campaign' in 'Kampanje CP0001 Christmas gift Campaign'", "'Delete' in 'Delete'"]


def test_pricing_amounts_read_in_the_users_notation():
    with translation.override("nb"):
        assert money(Decimal("1234.5")) == "1\xa0234,50"
        assert money(Decimal("1.23456")) == "1,23456"
        assert num(Decimal("2.50")) == "2,5"
    with translation.override("en"):
        assert money(Decimal("1234.5")) == "1,234.50"
        assert num(Decimal("2.50")) == "2.5"


@pytest.mark.django_db
def test_a_norwegian_export_for_import_imports_again_in_either_language(client, series):
    from contacts.models import Contact
    from contacts.services import imports
    from tests.contacts.factories import BusinessRelationFactory, CompanyFactory, IndustryGroupFactory, PersonFactory

    company = CompanyFactory(name="Nordlys Elektro AS", correspondence_type="email", privacy_blocked=False)
    PersonFactory(name="Kari Nordmann", company=company, correspondence_type="hard_copy")
    client.force_login(_marketer())
    response = client.get(reverse("contacts:export"))
    text = b"".join(response.streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:4] == ["Nr.", "Navn", "Type", "Selskapsnr."] and "Selskapsnavn" in header and "Postgrupper" in header
    assert {row[2] for row in rows} == {"Selskap", "Person"} and {"E-post", "Papirkopi"} <= {row[13] for row in rows}
    assert {row[15] for row in rows} == {"Nei"}
    Contact.objects.update(company=None)  # a company is its own company
    Contact.objects.all().delete()
    # Imported elsewhere: the numbers come from the number series there, the person finds its company by name.
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *[["", *row[1:3], "", *row[4:]] for row in rows]])
    data = buffer.getvalue().encode()
    for language in ("en", "nb"):
        with translation.override(language):
            contact_import = imports.create_import(file_name="kontakter.csv", data=data, user=None)
        assert contact_import.invalid_rows == 0, [line.errors for line in contact_import.lines.all()]
    imports.import_contacts(contact_import=contact_import, valid_only=False)
    kari = Contact.objects.get(name="Kari Nordmann")
    assert kari.type == Contact.Type.PERSON and kari.company.name == "Nordlys Elektro AS"
    assert kari.correspondence_type == "hard_copy"

    IndustryGroupFactory(code="RETAIL")
    BusinessRelationFactory(code="CUST")
    template = client.get(reverse("contacts:import_template")).content
    assert template.decode().lstrip("\ufeff").startswith("Nr.;Navn;Type;Selskapsnr.;Selskapsnavn;Selgerkode")
    assert ";Selskap;" in template.decode() and ";E-post;" in template.decode()
    preview = imports.create_import(file_name="mal.csv", data=template, user=None)
    assert preview.invalid_rows == 0, [line.errors for line in preview.lines.all()]


def _marketer() -> User:
    from tests.core.factories import UserFactory

    return UserFactory(username="kari", role=roles.MARKETER, language="nb")


@pytest.mark.django_db
def test_an_empty_log_interaction_asks_in_norwegian(client, series):
    """The form's fields are built when the module is imported; their messages are translated when shown."""
    client.force_login(_marketer())
    html = client.post(reverse("interactions:log_interaction"), {}).content.decode()
    assert "Du må fylle ut feltet Kontaktnr." in html
    assert "You must fill in" not in html
