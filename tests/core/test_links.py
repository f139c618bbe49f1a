"""Links to another page carry their own parameters, escaped (codes may hold & + # or spaces)."""

from django.urls import reverse

from tests.contacts.factories import CompanyFactory


def test_a_code_with_query_characters_survives_a_link(client, admin):
    company = CompanyFactory(no="A&B #1+")
    client.force_login(admin)
    page = client.get(reverse("contacts:detail", args=[company.no]) + "?noise=1").content.decode()
    assert f"{reverse('contacts:create')}?company=A%26B+%231%2B" in page
    assert "noise" not in page.split("New person")[0].rsplit("<a", 1)[-1]


def test_a_card_form_carries_one_csrf_token(client, admin):
    client.force_login(admin)
    for url in (reverse("contacts:industrygroup_create"), reverse("campaigns:create"), reverse("core:noseries_create")):
        page = client.get(url).content.decode()
        card = page[: page.index('name="save"')]
        card = card[card.rindex("<form") :]
        assert card.count('name="csrfmiddlewaretoken"') == 1, url
