"""Pricing pages that answered 500 on ordinary or hostile input (issue 10): each answers a page now."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.pricing.factories import CustomerFactory, CustomerPriceGroupFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_saving_a_customer_linked_to_a_contact_keeps_the_contact(client_as, admin):
    customer = CustomerFactory(no="C0001", name="Acme")
    group = CustomerPriceGroupFactory(code="RETAIL")
    response = client_as(admin).post(
        reverse("pricing:customer_detail", args=["C0001"]),
        {
            "name": "Acme Ltd",
            "customer_price_group": "RETAIL",
            "allow_line_disc": "on",
            "version": customer.version,
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Customer C0001 has been saved."]
    customer.refresh_from_db()
    assert (customer.name, customer.customer_price_group, customer.contact.no) == (
        "Acme Ltd",
        group,
        customer.contact.no,
    )


def test_the_customer_card_shows_the_contact_no_not_its_id(client_as, admin):
    customer = CustomerFactory(no="C0001")
    page = client_as(admin).get(reverse("pricing:customer_detail", args=["C0001"]))
    assert f'value="{customer.contact.no}"' in page.text
