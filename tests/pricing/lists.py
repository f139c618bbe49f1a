"""The pricing lists for the shared list tests (tests/test_lists.py)."""

from decimal import Decimal

from pricing.models import (
    CampaignTargetGroup,
    Currency,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    Item,
    ItemDiscountGroup,
    SalesLineDiscount,
    SalesPrice,
)
from tests.campaigns.factories import CampaignFactory
from tests.list_cases import ListCase
from tests.pricing.factories import CustomerFactory, ItemFactory


def word(n: int) -> str:
    return "Lamp" if n % 2 else "Chair"


def make_items(count: int) -> None:
    start = Item.objects.count()
    Item.objects.bulk_create(
        Item(no=f"LI{start + n:05d}", description=f"{word(n)} {n}", base_unit_of_measure="PCS", unit_price=n % 7)
        for n in range(count)
    )


def make_customers(count: int) -> list[Customer]:
    start = Customer.objects.count()
    return Customer.objects.bulk_create(
        Customer(no=f"LC{start + n:05d}", name=f"{word(n)} {n}", allow_line_disc=bool(n % 3)) for n in range(count)
    )


def code_table(model):
    def make(count: int) -> None:
        start = model.objects.count()
        model.objects.bulk_create(model(code=f"L{start + n:05d}", description=f"{word(n)} {n}") for n in range(count))

    return make


def make_prices(count: int) -> None:
    item, customer = ItemFactory(no="LISTITEM"), CustomerFactory(no="LISTCUST")
    start = SalesPrice.objects.count()
    SalesPrice.objects.bulk_create(
        SalesPrice(
            item=item,
            sales_type="customer" if n % 2 else "all_customers",
            customer=customer if n % 2 else None,
            minimum_quantity=start + n,
            unit_price=Decimal(n % 9),
        )
        for n in range(count)
    )


def make_discounts(count: int) -> None:
    item, customer = ItemFactory(no="LISTITEM"), CustomerFactory(no="LISTCUST")
    start = SalesLineDiscount.objects.count()
    SalesLineDiscount.objects.bulk_create(
        SalesLineDiscount(
            type="item",
            item=item,
            sales_type="customer" if n % 2 else "all_customers",
            customer=customer if n % 2 else None,
            minimum_quantity=start + n,
            line_discount_pct=Decimal(n % 50),
        )
        for n in range(count)
    )


def make_target_groups(count: int) -> None:
    first, second = CampaignFactory(no="CPLISTA"), CampaignFactory(no="CPLISTB")
    CampaignTargetGroup.objects.bulk_create(
        CampaignTargetGroup(type="customer", customer=customer, campaign=first if n % 2 else second)
        for n, customer in enumerate(make_customers(count))
    )


LIST_CASES = [
    ListCase("pricing.items", "pricing:item_list", make_items, filter="?q=lamp"),
    ListCase("pricing.customers", "pricing:customer_list", make_customers, filter="?q=lamp"),
    ListCase("pricing.currencies", "pricing:currency_list", code_table(Currency), filter="?q=lamp"),
    ListCase("pricing.sales_prices", "pricing:price_list", make_prices, filter="?sales_type=customer"),
    ListCase("pricing.sales_line_discounts", "pricing:discount_list", make_discounts, filter="?sales_type=customer"),
    ListCase("pricing.target_groups", "pricing:target_group_list", make_target_groups, filter="?campaign=CPLISTA"),
    ListCase("pricing.itemdiscountgroup", "pricing:itemdiscountgroup_list", code_table(ItemDiscountGroup), "?q=lamp"),
    ListCase(
        "pricing.customerpricegroup", "pricing:customerpricegroup_list", code_table(CustomerPriceGroup), "?q=lamp"
    ),
    ListCase(
        "pricing.customerdiscountgroup",
        "pricing:customerdiscountgroup_list",
        code_table(CustomerDiscountGroup),
        "?q=lamp",
    ),
]
