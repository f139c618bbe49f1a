"""The pricing app's rows of the role matrix.

Master data (items, customers, groups, currencies) is maintained by the Administrator and read by Marketers
and Sales Managers; Marketers maintain sales prices, line discounts and activation; Salespeople have no
pricing pages.
"""

from tests.access import ADMIN, MANAGER, MARKETER, Route, roles_

READERS = roles_(ADMIN, MARKETER, MANAGER)
ADMIN_ONLY = roles_(ADMIN)
PRICE_MAKERS = roles_(ADMIN, MARKETER)


def item(user):
    from tests.pricing.factories import ItemFactory

    return {"no": ItemFactory(no="ITMATRIX").no}


def item_unit(user):
    from tests.pricing.factories import ItemFactory

    item = ItemFactory(no="ITMATRIX")
    item.units_of_measure.get_or_create(code="BOX", defaults={"qty_per_unit_of_measure": 6})
    return {"no": item.no, "code": "BOX"}


def item_variant(user):
    from tests.pricing.factories import ItemFactory

    item = ItemFactory(no="ITMATRIX")
    item.variants.get_or_create(code="RED")
    return {"no": item.no, "code": "RED"}


def customer(user):
    from tests.pricing.factories import CustomerFactory

    return {"no": CustomerFactory(no="CMATRIX").no}


def contact(user):
    from tests.contacts.factories import CompanyFactory

    return {"no": CompanyFactory(no="CTMATRIX").no}


def lookup(factory_path):
    def kwargs(user):
        from importlib import import_module

        module, name = factory_path.rsplit(".", 1)
        return {"code": getattr(import_module(module), name)(code="MATRIX").code}

    return kwargs


def currency(user):
    from tests.pricing.factories import CurrencyFactory

    return {"code": CurrencyFactory(code="MTX").code}


def exchange_rate(user):
    from tests.pricing.factories import CurrencyFactory

    eur = CurrencyFactory(code="MTX")
    rate, _ = eur.exchange_rates.get_or_create(starting_date="2026-01-01", defaults={"relational_exch_rate_amount": 10})
    return {"code": eur.code, "pk": rate.pk}


def campaign(user):
    from tests.campaigns.factories import CampaignFactory

    return {"no": CampaignFactory(no="CPMATRIX").no}


def panel_campaign(user):
    """The panel takes the campaign in the query string; the URL itself has no arguments."""
    campaign(user)
    return {}


def price(user):
    from pricing.models import SalesPrice
    from tests.pricing.factories import ItemFactory, SalesPriceFactory

    item = ItemFactory(no="ITMATRIX")
    row = SalesPrice.objects.filter(item=item).first() or SalesPriceFactory(item=item)
    return {"pk": row.pk}


def discount(user):
    from pricing.models import SalesLineDiscount
    from tests.pricing.factories import ItemFactory, SalesLineDiscountFactory

    item = ItemFactory(no="ITMATRIX")
    row = SalesLineDiscount.objects.filter(item=item).first() or SalesLineDiscountFactory(item=item)
    return {"pk": row.pk}


def lookup_routes(name, factory):
    return [
        Route(f"pricing:{name}_list", get=READERS),
        Route(f"pricing:{name}_create", get=ADMIN_ONLY, post=ADMIN_ONLY),
        Route(f"pricing:{name}_update", get=READERS, post=ADMIN_ONLY, kwargs=lookup(factory)),
        Route(f"pricing:{name}_delete", post=ADMIN_ONLY, kwargs=lookup(factory)),
    ]


ROUTES = [
    Route("pricing:home", get=READERS),
    Route("pricing:simulator", get=READERS, query="?customer=CMATRIX&item=ITMATRIX"),
    Route("pricing:item_list", get=READERS),
    Route("pricing:item_create", get=ADMIN_ONLY, post=ADMIN_ONLY),
    Route("pricing:item_detail", get=READERS, post=ADMIN_ONLY, kwargs=item),
    Route("pricing:item_delete", post=ADMIN_ONLY, kwargs=item),
    Route("pricing:item_unit_create", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=item),
    Route("pricing:item_unit_update", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=item_unit),
    Route("pricing:item_unit_delete", post=ADMIN_ONLY, kwargs=item_unit),
    Route("pricing:item_variant_create", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=item),
    Route("pricing:item_variant_update", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=item_variant),
    Route("pricing:item_variant_delete", post=ADMIN_ONLY, kwargs=item_variant),
    Route("pricing:customer_list", get=READERS),
    Route("pricing:customer_create", get=ADMIN_ONLY, post=ADMIN_ONLY),
    Route("pricing:customer_from_contact", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=contact),
    Route("pricing:customer_detail", get=READERS, post=ADMIN_ONLY, kwargs=customer),
    Route("pricing:customer_delete", post=ADMIN_ONLY, kwargs=customer),
    *lookup_routes("itemdiscountgroup", "tests.pricing.factories.ItemDiscountGroupFactory"),
    *lookup_routes("customerpricegroup", "tests.pricing.factories.CustomerPriceGroupFactory"),
    *lookup_routes("customerdiscountgroup", "tests.pricing.factories.CustomerDiscountGroupFactory"),
    Route("pricing:currency_list", get=READERS),
    Route("pricing:currency_create", get=ADMIN_ONLY, post=ADMIN_ONLY),
    Route("pricing:currency_update", get=READERS, post=ADMIN_ONLY, kwargs=currency),
    Route("pricing:currency_delete", post=ADMIN_ONLY, kwargs=currency),
    Route("pricing:exchange_rate_create", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=currency),
    Route("pricing:exchange_rate_update", get=ADMIN_ONLY, post=ADMIN_ONLY, kwargs=exchange_rate),
    Route("pricing:exchange_rate_delete", post=ADMIN_ONLY, kwargs=exchange_rate),
    Route("pricing:price_list", get=READERS),
    Route("pricing:price_create", get=PRICE_MAKERS, post=PRICE_MAKERS),
    Route("pricing:price_update", get=READERS, post=PRICE_MAKERS, kwargs=price),
    Route("pricing:price_delete", post=PRICE_MAKERS, kwargs=price),
    Route("pricing:discount_list", get=READERS),
    Route("pricing:discount_create", get=PRICE_MAKERS, post=PRICE_MAKERS),
    Route("pricing:discount_update", get=READERS, post=PRICE_MAKERS, kwargs=discount),
    Route("pricing:discount_delete", post=PRICE_MAKERS, kwargs=discount),
    Route("pricing:campaign_prices", get=READERS, post=PRICE_MAKERS, kwargs=campaign),
    Route("pricing:campaign_discounts", get=READERS, post=PRICE_MAKERS, kwargs=campaign),
    Route("pricing:activate", get=PRICE_MAKERS, post=PRICE_MAKERS, kwargs=campaign),
    Route("pricing:deactivate", post=PRICE_MAKERS, kwargs=campaign),
    Route("pricing:campaign_panel", get=READERS, query="?campaign=CPMATRIX", kwargs=panel_campaign),
    Route("pricing:target_group_list", get=READERS, query="?campaign=CPMATRIX"),
]
