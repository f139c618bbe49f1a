"""The pricing lists (core.lists): columns, filters and default order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.codetables import CodeTable
from core.lists import Column, ListSpec
from pricing.filters import (
    CampaignTargetGroupFilter,
    CurrencyFilter,
    CustomerFilter,
    ItemFilter,
    SalesLineDiscountFilter,
    SalesPriceFilter,
)
from pricing.models import CustomerDiscountGroup, CustomerPriceGroup, ItemDiscountGroup

NUM = "pricing/cells/num.html"  # quantities and percentages without trailing zeros
MONEY = "pricing/cells/money.html"  # amounts with two decimals and thousands separators

ITEMS = ListSpec(
    key="pricing.items",
    permission="pricing.view_item",
    title=_("Items"),
    filterset=ItemFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("description", _("Description")),
        Column("base_unit_of_measure", _("Base Unit of Measure")),
        Column("sales_unit_of_measure", _("Sales Unit of Measure")),
        Column("unit_price", _("Unit Price"), css="num", template=MONEY),
        Column("unit_cost", _("Unit Cost"), css="num", template=MONEY),
        Column(
            "item_disc_group",
            _("Item Disc. Group"),
            field="item_disc_group__code",
            title="item_disc_group__description",
        ),
        Column("blocked", _("Blocked")),
    ),
    default_order=("no",),
    empty=_("No items match the filters."),
)

CUSTOMERS = ListSpec(
    key="pricing.customers",
    permission="pricing.view_customer",
    title=_("Customers"),
    filterset=CustomerFilter,
    columns=(
        Column("no", _("No."), link=True),
        Column("name", _("Name")),
        Column("contact", _("Contact No."), field="contact__no", template="pricing/cells/contact.html"),
        Column(
            "customer_price_group",
            _("Customer Price Group"),
            field="customer_price_group__code",
            title="customer_price_group__description",
        ),
        Column(
            "customer_disc_group",
            _("Customer Disc. Group"),
            field="customer_disc_group__code",
            title="customer_disc_group__description",
        ),
        Column("currency", _("Currency Code"), field="currency__code", title="currency__description"),
        Column("allow_line_disc", _("Allow Line Disc.")),
        Column("blocked", _("Blocked")),
    ),
    default_order=("no",),
    empty=_("No customers match the filters."),
)

CURRENCIES = ListSpec(
    key="pricing.currencies",
    permission="pricing.view_currency",
    title=_("Currencies"),
    filterset=CurrencyFilter,
    columns=(
        Column("code", _("Code"), link=True),
        Column("description", _("Description")),
        Column("unit_amount_rounding_precision", _("Unit-Amount Rounding Precision"), css="num", template=NUM),
    ),
    default_order=("code",),
    empty=_("No currencies match the filters."),
)

# Sales Prices and Sales Line Discounts share their Sales Type … Ending Date columns.


def sales_code_columns() -> tuple[Column, ...]:
    return (
        Column("sales_type", _("Sales Type"), link=True),
        Column("sales_code", _("Sales Code"), field="sales_code_text"),
    )


def line_columns(value: Column) -> tuple[Column, ...]:
    """Currency … Ending Date, with the row's value (Unit Price or Line Discount %) after Minimum Quantity."""
    return (
        Column("currency", _("Currency Code"), field="currency__code"),
        Column("variant_code", _("Variant Code"), visible=False),
        Column("unit_of_measure_code", _("Unit of Measure Code")),
        Column("minimum_quantity", _("Minimum Quantity"), css="num", template=NUM),
        value,
        Column("starting_date", _("Starting Date"), css="text-nowrap"),
        Column("ending_date", _("Ending Date"), css="text-nowrap"),
    )


ROW_ACTIONS = Column(
    "actions", _("Actions"), field="pk", sort=None, export=False, template="pricing/cells/row_actions.html"
)

SALES_PRICES = ListSpec(
    key="pricing.sales_prices",
    permission="pricing.view_salesprice",
    title=_("Sales Prices"),
    filterset=SalesPriceFilter,
    columns=(
        *sales_code_columns(),
        Column("item", _("Item No."), field="item__no", link=True),
        Column("item_description", _("Description"), field="item__description"),
        *line_columns(Column("unit_price", _("Unit Price"), css="num", template=MONEY)),
        Column("allow_line_disc", _("Allow Line Disc."), visible=False),
        Column("allow_invoice_disc", _("Allow Invoice Disc."), visible=False),
        ROW_ACTIONS,
    ),
    default_order=("item__no", "sales_type", "sales_code_text", "starting_date", "minimum_quantity"),
    empty=_("No sales prices match the filters."),
)

SALES_LINE_DISCOUNTS = ListSpec(
    key="pricing.sales_line_discounts",
    permission="pricing.view_saleslinediscount",
    title=_("Sales Line Discounts"),
    filterset=SalesLineDiscountFilter,
    columns=(
        Column("type", _("Type"), link=True),
        Column("code", _("Code"), field="code_text"),
        *sales_code_columns(),
        *line_columns(Column("line_discount_pct", _("Line Discount %"), css="num", template=NUM)),
        ROW_ACTIONS,
    ),
    default_order=("type", "code_text", "sales_type", "sales_code_text", "starting_date", "minimum_quantity"),
    empty=_("No sales line discounts match the filters."),
)

TARGET_GROUPS = ListSpec(
    key="pricing.target_groups",
    permission="pricing.view_campaigntargetgroup",
    title=_("Campaign Target Groups"),
    filterset=CampaignTargetGroupFilter,
    columns=(
        Column("type", _("Type")),
        Column("no", _("No."), field="target_no", template="pricing/cells/target.html"),
        Column("name", _("Name"), field="target_name"),
        Column(
            "campaign",
            _("Campaign No."),
            field="campaign__no",
            title="campaign__description",
            template="pricing/cells/campaign.html",
        ),
    ),
    default_order=("campaign__no", "type", "target_no"),
    empty=_("No target groups: the campaign is not activated, or nothing is targeted."),
)


# The group tables (core.codetables): list, card, create and delete pages, URL names pricing:<model>_list etc.


def group_table(model, used_by: str, used_by_caption, used_by_list: str, in_use, **more) -> CodeTable:
    """A group table whose "used by" count links to the items or customers in the group."""
    return CodeTable(
        model,
        namespace="pricing",
        prefix=f"{model._meta.model_name}/",
        used_by=used_by,
        used_by_caption=used_by_caption,
        used_by_list=used_by_list,
        used_by_filter=model._meta.get_field(used_by).field.name,  # the list's filter is named as the key
        in_use=in_use,
        breadcrumbs="pricing/_breadcrumb.html",
        **more,
    )


ITEMS_USE_IT = _("%(table)s %(code)s cannot be deleted because %(count)d Items use it.")
CUSTOMERS_USE_IT = _("%(table)s %(code)s cannot be deleted because %(count)d Customers use it.")

ITEM_DISCOUNT_GROUPS = group_table(ItemDiscountGroup, "items", _("No. of Items"), "pricing:item_list", ITEMS_USE_IT)
CUSTOMER_PRICE_GROUPS = group_table(
    CustomerPriceGroup,
    "customers",
    _("No. of Customers"),
    "pricing:customer_list",
    CUSTOMERS_USE_IT,
    fields=("code", "description", "allow_line_disc", "allow_invoice_disc"),
    columns=(Column("allow_line_disc", _("Allow Line Disc.")), Column("allow_invoice_disc", _("Allow Invoice Disc."))),
)
CUSTOMER_DISCOUNT_GROUPS = group_table(
    CustomerDiscountGroup,
    "customers",
    _("No. of Customers"),
    "pricing:customer_list",
    CUSTOMERS_USE_IT,
)
CODE_TABLES = [ITEM_DISCOUNT_GROUPS, CUSTOMER_PRICE_GROUPS, CUSTOMER_DISCOUNT_GROUPS]
