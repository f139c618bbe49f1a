"""Links to another page carry their own parameters, escaped (codes may hold & + # or spaces)."""

from django.urls import reverse

from tests.contacts.factories import CompanyFactory


def test_a_code_with_query_characters_survives_a_link(client, admin):
    company = CompanyFactory(no="A&B #1+")
    client.force_login(admin)
    page = client.get(reverse("contacts:detail", args=[company.no]) + "?noise=1").content.decode()
    assert f"{reverse('contacts:create')}?company=A%26B+%231%2B" in page
    assert "noise" not in page.split("New person")[0].rsplit("<a", 1)[-1]
