"""The navigation bar's search: each list searched with its own Search filter, over the rows the user may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salespeople.models import Salesperson
from tests.campaigns.factories import CampaignFactory
from tests.contacts.factories import CompanyFactory, PersonFactory
from tests.opportunities.factories import OpportunityFactory
from tests.salespeople.factories import SalespersonFactory
from tests.segments.factories import SegmentFactory
from tests.tasks.factories import TaskFactory

pytestmark = pytest.mark.django_db

URL = "/search/"


def groups(response) -> dict[str, list[str]]:
    return {group.source.key: [str(record) for record in group.records] for group in response.context["groups"]}


def test_search_finds_records_of_every_list_by_number_and_by_name(client_as, marketer):
    PersonFactory(no="CT0100", name="Harbour Lights")
    PersonFactory(no="CT0101", name="Someone Else")
    CampaignFactory(no="CP0100", description="Harbour festival")
    SegmentFactory(no="SM0100", description="Harbour mailing")
    TaskFactory(no="TF0100", description="Call about the harbour")
    OpportunityFactory(no="OF0100", description="Harbour cranes")

    found = groups(client_as(marketer).get(URL, {"q": "harbour"}))

    assert set(found) == {"contacts", "campaigns", "segments", "tasks", "opportunities"}
    assert found["contacts"] == ["CT0100 Harbour Lights"]
    assert found["campaigns"] == ["CP0100 Harbour festival"]
    assert found["segments"] == ["SM0100 Harbour mailing"]
    assert [no.split()[0] for no in found["tasks"]] == ["TF0100"]
    assert [no.split()[0] for no in found["opportunities"]] == ["OF0100"]
    assert groups(client_as(marketer).get(URL, {"q": "CT0101"})) == {"contacts": ["CT0101 Someone Else"]}


def test_a_salesperson_finds_only_own_tasks_and_opportunities(client_as, salesperson_user):
    own = Salesperson.objects.create(code="LS", name="Lena Seller", user=salesperson_user)
    other = SalespersonFactory(code="XX")
    TaskFactory(no="TF0200", description="Visit Nordic", salesperson=own)
    TaskFactory(no="TF0201", description="Visit Nordic too", salesperson=other)
    OpportunityFactory(no="OF0200", description="Nordic deal", salesperson=own)
    OpportunityFactory(no="OF0201", description="Nordic other deal", salesperson=other)

    found = groups(client_as(salesperson_user).get(URL, {"q": "Nordic"}))

    assert [text.split()[0] for text in found["tasks"]] == ["TF0200"]
    assert [text.split()[0] for text in found["opportunities"]] == ["OF0200"]


def test_a_user_without_a_role_searches_nothing(client_as, outsider):
    CampaignFactory(no="CP0300", description="Secret plans")

    response = client_as(outsider).get(URL, {"q": "Secret"})

    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "CP0300" not in response.text


def test_one_character_is_too_short_and_searches_nothing(client_as, marketer):
    CampaignFactory(no="CP0400", description="X")

    response = client_as(marketer).get(URL, {"q": "X"})

    assert response.context["groups"] == []
    assert "Type at least 2 characters." in response.text


def test_suggestions_show_five_per_list_and_a_show_all_link_that_keeps_the_term(client_as, marketer):
    for n in range(7):
        CampaignFactory(no=f"CP05{n:02d}", description=f"R&D #{n}")

    response = client_as(marketer).get(URL, {"q": "R&D #", "suggest": "1"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.count('role="option"') == 6  # five campaigns and "Show all in Campaigns"
    assert "/campaigns/?q=R%26D+%23" in response.text
    listed = client_as(marketer).get("/campaigns/", {"q": "R&D #"})
    assert listed.context["page_obj"].paginator.count == 7


def test_nothing_found_says_so(client_as, marketer):
    response = client_as(marketer).get(URL, {"q": "zzzz", "suggest": "1"}, headers={"HX-Request": "true"})

    assert "Nothing matches “zzzz”." in response.text
    assert 'role="option"' not in response.text


def test_the_query_count_does_not_grow_with_the_matches(client_as, marketer):
    client = client_as(marketer)
    CampaignFactory(no="CP0600", description="Alpha")
    CompanyFactory(no="CT0600", name="Alpha Ltd")
    client.get(URL, {"q": "Alpha"})  # session and permission caches warm
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "Alpha"})
    for n in range(15):
        CampaignFactory(no=f"CP07{n:02d}", description=f"Alpha {n}")
        CompanyFactory(no=f"CT07{n:02d}", name=f"Alpha {n} Ltd")
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"q": "Alpha"})

    assert len(many) == len(few)


@pytest.mark.parametrize("term", ["\x00", "a\x00b", "x" * 10_000, "%_\\", "ÆØÅ 🙂"])
def test_hostile_terms_get_a_page(client_as, marketer, term):
    response = client_as(marketer).get(URL, {"q": term})

    assert response.status_code in (200, 404)
