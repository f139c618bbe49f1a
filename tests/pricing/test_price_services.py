"""Sales price and line discount rules in the services, whoever calls them (DOMAIN 9.1)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pricing.models import SalesLineDiscount, SalesPrice
from pricing.services import save_line_discount, save_sales_price
from tests.campaigns.factories import CampaignFactory
from tests.pricing.factories import CustomerFactory, ItemFactory

pytestmark = pytest.mark.django_db


def test_all_customers_takes_no_sales_code_and_other_types_need_one():
    item, customer = ItemFactory(), CustomerFactory()
    with pytest.raises(ValidationError) as error:
        save_sales_price(price=SalesPrice(item=item, sales_type="all_customers", customer=customer, unit_price=1))
    assert error.value.message_dict == {"sales_code": ["Sales Code must be blank."]}
    with pytest.raises(ValidationError) as error:
        save_line_discount(discount=SalesLineDiscount(item=item, sales_type="campaign", line_discount_pct=Decimal(5)))
    assert error.value.message_dict == {"sales_code": ["Sales Code must have a value."]}
    assert not SalesPrice.objects.exists() and not SalesLineDiscount.objects.exists()
    campaign = CampaignFactory()
    saved = save_line_discount(
        discount=SalesLineDiscount(item=item, sales_type="campaign", campaign=campaign, line_discount_pct=Decimal(5))
    )
    assert saved.pk is not None
