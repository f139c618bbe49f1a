import datetime
from decimal import Decimal

import factory

from pricing.models import (
    Currency,
    CurrencyExchangeRate,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    ItemVariant,
    SalesLineDiscount,
    SalesPrice,
)
from tests.contacts.factories import CompanyFactory


class CurrencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Currency
        django_get_or_create = ("code",)

    code = "EUR"
    description = "Euro"


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    """By default 1 EUR = 10 LCY from 2026-01-01 (factor 0.1)."""

    class Meta:
        model = CurrencyExchangeRate

    currency = factory.SubFactory(CurrencyFactory)
    starting_date = datetime.date(2026, 1, 1)
    exchange_rate_amount = Decimal(1)
    relational_exch_rate_amount = Decimal(10)


class ItemDiscountGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemDiscountGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"IDG{n}")
    description = "Item discount group"


class CustomerPriceGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerPriceGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CPG{n}")
    description = "Price group"


class CustomerDiscountGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerDiscountGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CDG{n}")
    description = "Discount group"


class ItemFactory(factory.django.DjangoModelFactory):
    """An item sold per PCS at 10.00 (cost 6.00), with its base unit PCS = 1."""

    class Meta:
        model = Item
        django_get_or_create = ("no",)
        skip_postgeneration_save = True

    no = factory.Sequence(lambda n: f"IT{n + 1:04d}")
    description = factory.Faker("word")
    unit_price = Decimal("10.00")
    unit_cost = Decimal("6.00")
    base_unit_of_measure = "PCS"

    @factory.post_generation
    def base_unit(self, create, extracted, **kwargs):
        if create:
            ItemUnitOfMeasure.objects.get_or_create(
                item=self, code=self.base_unit_of_measure, defaults={"qty_per_unit_of_measure": 1}
            )


class ItemUnitOfMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemUnitOfMeasure

    item = factory.SubFactory(ItemFactory)
    code = "BOX"
    qty_per_unit_of_measure = Decimal(12)


class ItemVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItemVariant

    item = factory.SubFactory(ItemFactory)
    code = "RED"
    description = "Red"


class CustomerFactory(factory.django.DjangoModelFactory):
    """A customer linked to a new company contact."""

    class Meta:
        model = Customer
        django_get_or_create = ("no",)

    no = factory.Sequence(lambda n: f"C{n + 1:04d}")
    name = factory.LazyAttribute(lambda c: c.contact.name if c.contact else "Customer")
    contact = factory.SubFactory(CompanyFactory)


class SalesPriceFactory(factory.django.DjangoModelFactory):
    """An All Customers price by default; pass sales_type with customer / customer_price_group / campaign."""

    class Meta:
        model = SalesPrice

    item = factory.SubFactory(ItemFactory)
    sales_type = SalesPrice.SalesType.ALL_CUSTOMERS
    unit_price = Decimal("9.00")


class CampaignPriceFactory(SalesPriceFactory):
    """A campaign price with the campaign's dates."""

    sales_type = SalesPrice.SalesType.CAMPAIGN
    campaign = factory.SubFactory("tests.campaigns.factories.CampaignFactory")
    starting_date = factory.LazyAttribute(lambda p: p.campaign.starting_date)
    ending_date = factory.LazyAttribute(lambda p: p.campaign.ending_date)


class SalesLineDiscountFactory(factory.django.DjangoModelFactory):
    """An All Customers discount on an item by default."""

    class Meta:
        model = SalesLineDiscount

    type = SalesLineDiscount.Type.ITEM
    item = factory.SubFactory(ItemFactory)
    sales_type = SalesLineDiscount.SalesType.ALL_CUSTOMERS
    line_discount_pct = Decimal(5)


class CampaignDiscountFactory(SalesLineDiscountFactory):
    sales_type = SalesLineDiscount.SalesType.CAMPAIGN
    campaign = factory.SubFactory("tests.campaigns.factories.CampaignFactory")
    starting_date = factory.LazyAttribute(lambda p: p.campaign.starting_date)
    ending_date = factory.LazyAttribute(lambda p: p.campaign.ending_date)
