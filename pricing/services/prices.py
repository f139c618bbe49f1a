"""Sales prices and sales line discounts (DOMAIN 9.1, 9.2): BC's field rules, campaign date coupling."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.services import update_if_unchanged
from pricing.models import Item, ItemUnitOfMeasure, ItemVariant, SalesLineDiscount, SalesPrice

SALES_CODE_MUST_BE_BLANK = _("Sales Code must be blank.")
SALES_CODE_REQUIRED = _("Sales Code must have a value.")
PRICE_CAMPAIGN_DATES_LOCKED = _(
    "If Sales Type = Campaign, then you can only change Starting Date and Ending Date from the Campaign Card."
)
DISCOUNT_CAMPAIGN_DATES_LOCKED = _(
    "You can only change the Starting Date and Ending Date from the Campaign Card when Sales Type = Campaign."
)
UNIT_NOT_OF_ITEM = _("Unit of Measure Code %(code)s is not a unit of measure of item %(item)s.")
VARIANT_NOT_OF_ITEM = _("Variant Code %(code)s is not a variant of item %(item)s.")
VARIANT_ONLY_FOR_ITEM = _("Type must be equal to 'Item' in Sales Line Discount to use a Variant Code.")

PRICE_FIELDS = [
    "item",
    "sales_type",
    "customer",
    "customer_price_group",
    "campaign",
    "currency",
    "starting_date",
    "ending_date",
    "unit_price",
    "allow_invoice_disc",
    "allow_line_disc",
    "minimum_quantity",
    "unit_of_measure_code",
    "variant_code",
]
DISCOUNT_FIELDS = [
    "type",
    "item",
    "item_disc_group",
    "sales_type",
    "customer",
    "customer_disc_group",
    "campaign",
    "currency",
    "starting_date",
    "ending_date",
    "line_discount_pct",
    "minimum_quantity",
    "unit_of_measure_code",
    "variant_code",
]


def _take_campaign_dates(row: SalesPrice | SalesLineDiscount, locked_message) -> None:
    """Campaign rows carry the campaign's dates; typing other dates is refused (they move from the campaign card)."""
    if row.sales_type != row.SalesType.CAMPAIGN or row.campaign is None:
        return
    campaign_dates = (row.campaign.starting_date, row.campaign.ending_date)
    typed = (row.starting_date, row.ending_date)
    if typed not in {(None, None), campaign_dates}:
        raise ValidationError({"starting_date": ValidationError(locked_message, code="campaign_dates")})
    row.starting_date, row.ending_date = campaign_dates


# The keys that can name a row's Sales Code. A Sales Type's value is the name of its key (customer,
# customer_price_group, …); All Customers has none.
SALES_CODE_KEYS = {
    SalesPrice: ["customer", "customer_price_group", "campaign"],
    SalesLineDiscount: ["customer", "customer_disc_group", "campaign"],
}


def _check_sales_code(row: SalesPrice | SalesLineDiscount) -> None:
    """BC's OnValidate of Sales Type/Sales Code: All Customers takes no code; every other type needs one."""
    if row.sales_type == row.SalesType.ALL_CUSTOMERS:
        if any(getattr(row, f"{key}_id") is not None for key in SALES_CODE_KEYS[type(row)]):
            raise ValidationError({"sales_code": ValidationError(SALES_CODE_MUST_BE_BLANK, code="blank")})
    elif getattr(row, f"{row.sales_type}_id") is None:
        raise ValidationError({"sales_code": ValidationError(SALES_CODE_REQUIRED, code="required")})


def _check_unit_and_variant(item: Item | None, unit_of_measure_code: str, variant_code: str) -> None:
    errors = {}
    units = ItemUnitOfMeasure.objects.filter(item=item, code=unit_of_measure_code)
    if item is not None and unit_of_measure_code and not units.exists():
        errors["unit_of_measure_code"] = ValidationError(
            UNIT_NOT_OF_ITEM, params={"code": unit_of_measure_code, "item": item.no}
        )
    if item is not None and variant_code and not ItemVariant.objects.filter(item=item, code=variant_code).exists():
        errors["variant_code"] = ValidationError(VARIANT_NOT_OF_ITEM, params={"code": variant_code, "item": item.no})
    if errors:
        raise ValidationError(errors)


def _store(row, *, expected_version: int | None, fields: list[str]) -> None:
    """Insert or update the row; a duplicate key from a concurrent insert becomes the constraint's message."""
    row.full_clean(exclude=["version"])
    try:
        with transaction.atomic():
            if row.pk is None:
                row.save()
            else:
                update_if_unchanged(
                    instance=row,
                    expected_version=row.version if expected_version is None else expected_version,
                    fields=fields,
                )
    except IntegrityError:
        row.validate_constraints()
        raise


@transaction.atomic
def save_sales_price(*, price: SalesPrice, expected_version: int | None = None) -> SalesPrice:
    """Validate and store a sales price (new or changed) with BC's rules."""
    _check_sales_code(price)
    _take_campaign_dates(price, PRICE_CAMPAIGN_DATES_LOCKED)
    _check_unit_and_variant(price.item if price.item_id else None, price.unit_of_measure_code, price.variant_code)
    _store(price, expected_version=expected_version, fields=PRICE_FIELDS)
    return price


@transaction.atomic
def save_line_discount(*, discount: SalesLineDiscount, expected_version: int | None = None) -> SalesLineDiscount:
    """Validate and store a sales line discount (new or changed) with BC's rules."""
    if discount.type == SalesLineDiscount.Type.ITEM_DISC_GROUP and discount.variant_code:
        raise ValidationError({"variant_code": ValidationError(VARIANT_ONLY_FOR_ITEM)})
    _check_sales_code(discount)
    _take_campaign_dates(discount, DISCOUNT_CAMPAIGN_DATES_LOCKED)
    item = discount.item if discount.type == SalesLineDiscount.Type.ITEM and discount.item_id else None
    _check_unit_and_variant(item, discount.unit_of_measure_code, discount.variant_code)
    _store(discount, expected_version=expected_version, fields=DISCOUNT_FIELDS)
    return discount


def move_campaign_dates(*, campaign) -> tuple[int, int]:
    """Give the campaign's prices and line discounts the campaign's dates: one UPDATE per table (DOMAIN 9.2)."""
    dates = {"starting_date": campaign.starting_date, "ending_date": campaign.ending_date}
    prices = SalesPrice.objects.for_campaign(campaign).update(**dates)
    discounts = SalesLineDiscount.objects.for_campaign(campaign).update(**dates)
    return prices, discounts
