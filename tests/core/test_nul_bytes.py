"""NUL bytes and other values no record can have, in URLs, query strings and posted fields (issue 10).

PostgreSQL refuses a NUL byte in a query ("A string literal cannot contain NUL"); SQLite does not, so every
test asserts what the user gets (a 404, a page, a message next to the field) and holds on both.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from core.http import MAX_PARAM_LENGTH, as_date, local_url, query_param
from pricing.models import Customer
from segments.models import SegmentLine
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory, SegmentLineFactory

NUL = "A\x00"
NULL_CHARACTERS = "Null characters are not allowed."


# --- the helpers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(" CT0001 ", "CT0001"), (NUL, ""), ("\x00", ""), ("x" * (MAX_PARAM_LENGTH + 1), ""), ("", "")],
)
def test_query_param_gives_nothing_for_values_no_record_can_have(value, expected):
    assert query_param(RequestFactory().get("/", {"contact": value}), "contact") == expected


def test_query_param_of_a_missing_parameter_is_empty():
    assert query_param(RequestFactory().get("/"), "contact") == ""


@pytest.mark.parametrize("value", ["2026-02-30", "2026-03-02\x00", "x", None, "2026-03-02" * 100])
def test_as_date_gives_none_for_what_is_no_date(value):
    assert as_date(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/segments/SM0001/?q=a", "/segments/SM0001/?q=a"),
        ("foo", ""),  # a bare word: redirect() would look it up as a URL name
        ("//evil.example/", ""),
        ("https://evil.example/", ""),
        ("/x\x00", ""),
        (None, ""),
    ],
)
def test_local_url_keeps_only_paths_on_this_site(value, expected):
    assert local_url(RequestFactory().get("/"), value) == expected


# --- URLs ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/campaigns/%00/", "/campaigns/A%00B/statistics/", "/tasks/%00/", "/contacts/%00/"])
def test_a_nul_byte_in_a_url_code_is_not_found(client_as, admin, path):
    assert client_as(admin).get(path).status_code == 404


# --- query strings that reach a query --------------------------------------------------------------------

GET_PAGES = [
    ("contacts:options", {"q": NUL}, 200),
    ("contacts:options", {"contact_no": NUL}, 200),
    ("contacts:create", {"company": NUL}, 200),
    ("interactions:history_panel", {"contact": NUL}, 404),
    ("interactions:history_panel", {"campaign": NUL}, 404),
    ("interactions:history_panel", {"opportunity": NUL}, 404),
    ("interactions:log_interaction", {"contact": NUL, "campaign": NUL, "interaction_template": NUL}, 200),
    ("interactions:template_create", {"group": NUL}, 200),
    ("opportunities:campaign_statistics", {"campaign": NUL}, 404),
    ("opportunities:pipeline", {"sales_cycle": NUL}, 200),
    ("pricing:campaign_panel", {"campaign": NUL}, 404),
    ("pricing:simulator", {"customer": NUL, "campaign": NUL}, 200),
    ("salespeople:user_list", {"q": NUL}, 200),
    ("segments:create", {"campaign": NUL}, 200),
    ("tasks:create", {"contact": NUL, "salesperson": NUL, "team": NUL, "campaign": NUL, "segment": NUL}, 200),
    ("tasks:assign_activity", {"contact": NUL, "salesperson": NUL, "team": NUL, "campaign": NUL, "segment": NUL}, 200),
    ("tasks:workload", {"team": NUL}, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "params", "status"), GET_PAGES)
def test_a_nul_byte_in_a_query_parameter_is_no_value(client_as, admin, name, params, status):
    assert client_as(admin).get(reverse(name), params).status_code == status


# --- posted fields ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["contact", "customer_price_group", "customer_disc_group"])
def test_a_nul_byte_in_a_posted_code_is_refused_next_to_the_field(client_as, admin, series, field):
    response = client_as(admin).post(reverse("pricing:customer_create"), {"name": "Acme", field: NUL})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [NULL_CHARACTERS]
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_salesperson_code_is_refused_next_to_the_field(client_as, admin, series):
    response = client_as(admin).post(reverse("campaigns:create"), {"description": "Spring", "salesperson": NUL})
    assert response.status_code == 200
    assert response.context["form"].errors["salesperson"] == [NULL_CHARACTERS]


@pytest.mark.django_db
def test_a_line_filter_with_a_nul_byte_changes_no_line_and_a_bare_next_goes_back_to_the_card(client_as, admin):
    segment = SegmentFactory(no="SM0001")
    SegmentLineFactory(segment=segment, salesperson=SalespersonFactory(), campaign_target=False)
    response = client_as(admin).post(
        reverse("segments:lines_target", args=["SM0001"]), {"set_to": "1", "q": NUL, "next": "foo"}
    )
    assert response.status_code == 302 and response.url == segment.get_absolute_url()
    assert not SegmentLine.objects.filter(campaign_target=True).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Campaign Target was set on 0 lines."]
