"""Demo data of the pricing app: currencies, groups, items, customers, prices and discounts (idempotent).

Customers are made from the demo's company contacts and campaign prices go to the first campaigns, so
those parts are skipped (and filled on a later run) while the contacts or campaigns apps have no data.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact
from core.models import MarketingSetup
from pricing import services
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

D = Decimal

CURRENCIES = [
    # code, description, [(starting date, exchange rate amount, relational LCY amount)]
    ("EUR", _("Euro"), [(datetime.date(2025, 1, 1), D(1), D("11.25")), (datetime.date(2026, 1, 1), D(1), D("11.45"))]),
    ("USD", _("US dollar"), [(datetime.date(2025, 1, 1), D(1), D("10.10"))]),
]
ITEM_DISC_GROUPS = [("CUPS", _("Cups and mugs")), ("OFFICE", _("Office furniture"))]
PRICE_GROUPS = [("RETAIL", _("Retail shops"), True), ("WHOLESALE", _("Wholesale"), False)]
DISC_GROUPS = [("LARGE", _("Large accounts")), ("SMALL", _("Small accounts"))]
ITEMS = [
    # description, base unit, unit price, unit cost, item disc. group, other units, variants
    (_("Espresso cup"), "PCS", D("45.00"), D("18.00"), "CUPS", [("BOX", D(6))], []),
    (
        _("Coffee mug"),
        "PCS",
        D("79.00"),
        D("31.00"),
        "CUPS",
        [("BOX", D(12))],
        [("WHITE", _("White")), ("BLACK", _("Black"))],
    ),
    (_("Coffee beans 1 kg"), "PCS", D("189.00"), D("95.00"), "", [], []),
    (_("Office chair"), "PCS", D("2490.00"), D("1450.00"), "OFFICE", [], [("GREY", _("Grey")), ("BLACK", _("Black"))]),
    (_("Desk lamp"), "PCS", D("649.00"), D("310.00"), "OFFICE", [], []),
]


def _code_tables() -> None:
    for code, description, rates in CURRENCIES:
        currency, _created = Currency.objects.get_or_create(code=code, defaults={"description": str(description)})
        for starting_date, amount, relational in rates:
            CurrencyExchangeRate.objects.get_or_create(
                currency=currency,
                starting_date=starting_date,
                defaults={"exchange_rate_amount": amount, "relational_exch_rate_amount": relational},
            )
    for code, description in ITEM_DISC_GROUPS:
        ItemDiscountGroup.objects.get_or_create(code=code, defaults={"description": str(description)})
    for code, description, allow_line_disc in PRICE_GROUPS:
        CustomerPriceGroup.objects.get_or_create(
            code=code, defaults={"description": str(description), "allow_line_disc": allow_line_disc}
        )
    for code, description in DISC_GROUPS:
        CustomerDiscountGroup.objects.get_or_create(code=code, defaults={"description": str(description)})


def _items() -> list[Item]:
    if Item.objects.exists() or MarketingSetup.get().item_nos is None:
        return list(Item.objects.order_by("no"))
    items = []
    for description, base, price, cost, group, units, variants in ITEMS:
        item = services.create_item(
            item=Item(
                description=str(description),
                base_unit_of_measure=base,
                unit_price=price,
                unit_cost=cost,
                item_disc_group=ItemDiscountGroup.objects.filter(code=group).first(),
            )
        )
        for code, qty in units:
            ItemUnitOfMeasure.objects.create(item=item, code=code, qty_per_unit_of_measure=qty)
        for code, variant_description in variants:
            ItemVariant.objects.create(item=item, code=code, description=str(variant_description))
        items.append(item)
    return items


def _customers() -> list[Customer]:
    """Customers for the first three company contacts; later companies stay contacts (target rows of Type Contact)."""
    if MarketingSetup.get().customer_nos is None:
        return list(Customer.objects.order_by("no"))
    companies = list(Contact.objects.companies().order_by("no")[:3])
    settings = [("RETAIL", "LARGE", None), ("WHOLESALE", "SMALL", None), ("RETAIL", "SMALL", "EUR")]
    for company, (price_group, disc_group, currency) in zip(companies, settings, strict=False):
        if Customer.objects.filter(contact=company).exists():
            continue
        services.create_customer(
            customer=Customer(
                contact=company,
                name=company.name,
                customer_price_group=CustomerPriceGroup.objects.get(code=price_group),
                customer_disc_group=CustomerDiscountGroup.objects.get(code=disc_group),
                currency=Currency.objects.filter(code=currency).first(),
            )
        )
    return list(Customer.objects.order_by("no"))


def _price(**fields) -> None:
    key = {name: value for name, value in fields.items() if name not in {"unit_price", "allow_line_disc"}}
    if not SalesPrice.objects.filter(**key).exists():
        services.save_sales_price(price=SalesPrice(**fields))


def _discount(**fields) -> None:
    key = {name: value for name, value in fields.items() if name != "line_discount_pct"}
    if not SalesLineDiscount.objects.filter(**key).exists():
        services.save_line_discount(discount=SalesLineDiscount(**fields))


def _demo_campaign() -> Campaign | None:
    """The campaign that gets the demo's campaign prices: one running today with targets, so that it can
    be activated and the simulator shows its prices winning; else the first dated campaign with targets."""
    today = timezone.localdate()
    dated = list(Campaign.objects.exclude(starting_date=None).order_by("no"))
    with_prices = [c for c in dated if services.campaign_has_prices(c)]
    if with_prices:
        return with_prices[0]  # a later run completes what an earlier one started
    targeted = [c for c in dated if services.targeted_source_count(c)]
    running = [c for c in targeted if c.starting_date <= today and (c.ending_date is None or today <= c.ending_date)]
    return (running or targeted or dated or [None])[0]


def _prices(items: list[Item], customers: list[Customer]) -> None:
    if len(items) < 5:
        return
    cup, mug, beans, chair, lamp = items[:5]
    eur = Currency.objects.get(code="EUR")
    _price(item=beans, sales_type="all_customers", unit_price=D("179.00"), minimum_quantity=D(10))
    _price(item=mug, sales_type="all_customers", unit_price=D("7.10"), currency=eur)
    _price(
        item=cup,
        sales_type="customer_price_group",
        customer_price_group=CustomerPriceGroup.objects.get(code="WHOLESALE"),
        unit_price=D("39.00"),
    )
    _price(item=cup, sales_type="all_customers", unit_of_measure_code="BOX", unit_price=D("240.00"))
    _price(item=chair, sales_type="all_customers", variant_code="BLACK", unit_price=D("2590.00"))
    _discount(
        type="item_disc_group",
        item_disc_group=ItemDiscountGroup.objects.get(code="OFFICE"),
        sales_type="customer_disc_group",
        customer_disc_group=CustomerDiscountGroup.objects.get(code="LARGE"),
        line_discount_pct=D(8),
    )
    _discount(type="item", item=lamp, sales_type="all_customers", minimum_quantity=D(5), line_discount_pct=D(5))
    if customers:
        _price(item=chair, sales_type="customer", customer=customers[0], unit_price=D("2290.00"))
    campaign = _demo_campaign()
    if campaign is None:
        return
    _price(item=cup, sales_type="campaign", campaign=campaign, unit_price=D("35.00"))
    _price(item=mug, sales_type="campaign", campaign=campaign, unit_price=D("69.00"), allow_line_disc=False)
    _price(item=cup, sales_type="campaign", campaign=campaign, unit_of_measure_code="BOX", unit_price=D("199.00"))
    _discount(type="item", item=beans, sales_type="campaign", campaign=campaign, line_discount_pct=D(10))
    _discount(
        type="item_disc_group",
        item_disc_group=ItemDiscountGroup.objects.get(code="CUPS"),
        sales_type="campaign",
        campaign=campaign,
        line_discount_pct=D(5),
    )
    if services.targeted_source_count(campaign) and not hasattr(campaign, "activation"):
        services.activate_campaign(campaign=campaign)


def load() -> str:
    _code_tables()
    items = _items()
    customers = _customers()
    _prices(items, customers)
    return (
        f"{len(items)} items, {len(customers)} customers, {SalesPrice.objects.count()} sales prices, "
        f"{SalesLineDiscount.objects.count()} line discounts"
    )
