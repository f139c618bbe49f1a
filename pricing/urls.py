from django.urls import path

from pricing.lists import CODE_TABLES
from pricing.views import activation, masterdata, prices, simulator

app_name = "pricing"

urlpatterns = [
    path("", simulator.home, name="home"),
    path("simulator/", simulator.simulator, name="simulator"),
    # Items, their units of measure and variants
    path("items/", masterdata.item_list, name="item_list"),
    path("items/new/", masterdata.item_create, name="item_create"),
    path("items/<code:no>/", masterdata.item_detail, name="item_detail"),
    path("items/<code:no>/delete/", masterdata.item_delete, name="item_delete"),
    path("items/<code:no>/units/new/", masterdata.item_unit_create, name="item_unit_create"),
    path("items/<code:no>/units/<code:code>/", masterdata.item_unit_update, name="item_unit_update"),
    path("items/<code:no>/units/<code:code>/delete/", masterdata.item_unit_delete, name="item_unit_delete"),
    path("items/<code:no>/variants/new/", masterdata.item_variant_create, name="item_variant_create"),
    path("items/<code:no>/variants/<code:code>/", masterdata.item_variant_update, name="item_variant_update"),
    path("items/<code:no>/variants/<code:code>/delete/", masterdata.item_variant_delete, name="item_variant_delete"),
    # Customers
    path("customers/", masterdata.customer_list, name="customer_list"),
    path("customers/new/", masterdata.customer_create, name="customer_create"),
    path("customers/from-contact/<code:no>/", masterdata.customer_from_contact, name="customer_from_contact"),
    path("customers/<code:no>/", masterdata.customer_detail, name="customer_detail"),
    path("customers/<code:no>/delete/", masterdata.customer_delete, name="customer_delete"),
    # Item discount groups, customer price groups, customer discount groups (code tables)
    *(url for table in CODE_TABLES for url in table.urls()),
    # Currencies and exchange rates
    path("currencies/", masterdata.currency_list, name="currency_list"),
    path("currencies/new/", masterdata.currency_create, name="currency_create"),
    path("currencies/<code:code>/", masterdata.currency_update, name="currency_update"),
    path("currencies/<code:code>/delete/", masterdata.currency_delete, name="currency_delete"),
    path("currencies/<code:code>/rates/new/", masterdata.exchange_rate_create, name="exchange_rate_create"),
    path("currencies/<code:code>/rates/<int:pk>/", masterdata.exchange_rate_update, name="exchange_rate_update"),
    path("currencies/<code:code>/rates/<int:pk>/delete/", masterdata.exchange_rate_delete, name="exchange_rate_delete"),
    # Sales prices and sales line discounts
    path("prices/", prices.price_list, name="price_list"),
    path("prices/new/", prices.price_create, name="price_create"),
    path("prices/<int:pk>/", prices.price_update, name="price_update"),
    path("prices/<int:pk>/delete/", prices.price_delete, name="price_delete"),
    path("discounts/", prices.discount_list, name="discount_list"),
    path("discounts/new/", prices.discount_create, name="discount_create"),
    path("discounts/<int:pk>/", prices.discount_update, name="discount_update"),
    path("discounts/<int:pk>/delete/", prices.discount_delete, name="discount_delete"),
    # From the campaign card
    path("campaigns/<code:no>/prices/", prices.campaign_prices, name="campaign_prices"),
    path("campaigns/<code:no>/discounts/", prices.campaign_discounts, name="campaign_discounts"),
    path("campaigns/<code:no>/activate/", activation.activate, name="activate"),
    path("campaigns/<code:no>/deactivate/", activation.deactivate, name="deactivate"),
    path("campaign-panel/", activation.campaign_panel, name="campaign_panel"),
    path("target-groups/", activation.target_group_list, name="target_group_list"),
]
