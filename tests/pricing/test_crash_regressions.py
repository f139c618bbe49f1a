"""Pricing pages that answered 500 on ordinary or hostile input (issue 10): each answers a page now."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from pricing.forms import LINE_DISCOUNT_OUT_OF_RANGE
from pricing.models import SalesLineDiscount
from tests.pricing.factories import CustomerFactory, CustomerPriceGroupFactory, ItemFactory, SalesLineDiscountFactory

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


@pytest.mark.parametrize("percent", ["150", "-5", "100.01"])
def test_a_line_discount_outside_0_to_100_is_refused_next_to_the_field(client_as, marketer, percent):
    ItemFactory(no="IT0001")
    response = client_as(marketer).post(
        reverse("pricing:discount_create"),
        {
            "type": "item",
            "code": "IT0001",
            "sales_type": "all_customers",
            "line_discount_pct": percent,
            "minimum_quantity": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["line_discount_pct"] == [LINE_DISCOUNT_OUT_OF_RANGE]
    assert not SalesLineDiscount.objects.exists()


def test_the_line_discount_constraint_message_reads_as_written():
    discount = SalesLineDiscountFactory()
    discount.line_discount_pct, discount.minimum_quantity = Decimal(150), Decimal(-1)
    with pytest.raises(ValidationError) as error:
        discount.validate_constraints()
    assert error.value.messages == [
        "Line Discount % must be between 0 and 100 and Minimum Quantity cannot be negative."
    ]
