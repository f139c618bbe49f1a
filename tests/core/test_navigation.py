"""The navigation marks the section a page belongs to; every page starts with a skip link to its main content."""

import re

import pytest
from django.urls import reverse

from core.context_processors import SETUP_PAGES
from tests.test_role_matrix import url_names


def current_links(html: str) -> list[str]:
    """The labels of the main navigation's links marked as the current section."""
    navigation = html.split('id="mainnav"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="nav-link active" aria-current="page" href="[^"]*">([^<]*)</a>', navigation)


@pytest.mark.parametrize(
    ("url_name", "section"),
    [
        ("campaigns:list", "Campaigns"),
        ("campaigns:create", "Campaigns"),
        ("campaigns:status_list", "Setup"),
        ("contacts:industrygroup_list", "Setup"),
        ("interactions:template_list", "Setup"),
        ("interactions:logged_segment_list", "Interactions"),
        ("tasks:activity_list", "Setup"),
        ("tasks:list", "Tasks"),
        ("opportunities:close_code_list", "Setup"),
        ("pricing:currency_list", "Setup"),
        ("pricing:price_list", "Pricing"),
        ("salespeople:user_list", "Setup"),
        ("salespeople:team_list", "Salespeople"),
        ("core:noseries_list", "Setup"),
        ("core:setup", "Setup"),
    ],
)
def test_the_navigation_marks_the_section_the_page_belongs_to(url_name, section, client_as, personas):
    response = client_as(personas["Administrator"]).get(reverse(url_name))
    assert response.status_code == 200
    assert current_links(response.content.decode()) == [section]


def test_the_home_page_marks_no_section(client_as, personas):
    html = client_as(personas["Administrator"]).get(reverse("core:home")).content.decode()
    assert current_links(html) == []
    assert 'class="nav-link' in html


def test_every_setup_prefix_names_pages_that_exist():
    names = url_names()
    assert all(any(name.startswith(prefix) for name in names) for prefix in SETUP_PAGES)


def test_a_page_starts_with_a_skip_link_to_its_main_content(client_as, personas):
    html = client_as(personas["Marketer"]).get(reverse("campaigns:list")).content.decode()
    body = html.split("<body", 1)[1]
    skip_link = '<a class="visually-hidden-focusable skip-link" href="#main">Skip to main content</a>'
    assert body.split(">", 1)[1].lstrip().startswith(skip_link)
    assert '<main id="main"' in html
