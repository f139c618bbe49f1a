"""Items with their units and variants, customers and their link to a company contact."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from core.services import assign_no, update_if_unchanged
from pricing.models import (
    CampaignTargetGroup,
    Customer,
    Item,
    ItemUnitOfMeasure,
    ItemVariant,
    SalesLineDiscount,
    SalesPrice,
)
from pricing.services.activation import lock_campaigns_targeting

BASE_UNIT_QTY_MUST_BE_1 = _(
    "The quantity per base unit of measure must be 1. %(code)s is set up with %(qty)s per unit of measure."
)
SALES_UNIT_UNKNOWN = _("Sales Unit of Measure %(code)s is not a unit of measure of item %(item)s.")
CANNOT_DELETE_BASE_UNIT = _("You cannot delete unit of measure %(code)s because it is the item's base unit of measure.")
CANNOT_DELETE_SALES_UNIT = _(
    "You cannot delete unit of measure %(code)s because it is the item's Sales Unit of Measure."
)
UNIT_IN_USE = _(
    "You cannot delete unit of measure %(code)s of item %(item)s because %(count)d sales prices or line "
    "discounts use it."
)
VARIANT_IN_USE = _(
    "You cannot delete variant %(code)s of item %(item)s because %(count)d sales prices or line discounts use it."
)
CONTACT_NOT_COMPANY = _(
    "Type must be equal to 'Company' in Contact: No.=%(no)s. Current value is 'Person'. "
    "A customer is linked to a company contact."
)
CONTACT_HAS_CUSTOMER = _("Contact %(no)s %(name)s already has a Customer with No. %(customer)s.")


# --- items ----------------------------------------------------------------------------------------


@transaction.atomic
def create_item(*, item: Item, manual_no: str = "") -> Item:
    """Number and store a new item, with its base unit of measure (1 per unit) as its first unit."""
    item.no, item.no_series = assign_no(setup_field="item_nos", manual_no=manual_no)
    if item.sales_unit_of_measure and item.sales_unit_of_measure != item.base_unit_of_measure:
        raise ValidationError(
            {
                "sales_unit_of_measure": ValidationError(
                    SALES_UNIT_UNKNOWN, params={"code": item.sales_unit_of_measure, "item": item.no}
                )
            }
        )
    item.full_clean(exclude=["no_series"])
    item.save()
    ItemUnitOfMeasure.objects.create(item=item, code=item.base_unit_of_measure, qty_per_unit_of_measure=Decimal(1))
    return item


@transaction.atomic
def update_item(*, item: Item, expected_version: int, fields: list[str]) -> Item:
    """Save the item card; a new base unit of measure is added as a unit with 1 per unit (BC)."""
    units = {u.code: u for u in ItemUnitOfMeasure.objects.filter(item=item)}
    base = units.get(item.base_unit_of_measure)
    if base is None:
        units[item.base_unit_of_measure] = ItemUnitOfMeasure.objects.create(
            item=item, code=item.base_unit_of_measure, qty_per_unit_of_measure=Decimal(1)
        )
    elif base.qty_per_unit_of_measure != 1:
        raise ValidationError(
            {
                "base_unit_of_measure": ValidationError(
                    BASE_UNIT_QTY_MUST_BE_1, params={"code": base.code, "qty": base.qty_per_unit_of_measure.normalize()}
                )
            }
        )
    if item.sales_unit_of_measure and item.sales_unit_of_measure not in units:
        raise ValidationError(
            {
                "sales_unit_of_measure": ValidationError(
                    SALES_UNIT_UNKNOWN, params={"code": item.sales_unit_of_measure, "item": item.no}
                )
            }
        )
    update_if_unchanged(instance=item, expected_version=expected_version, fields=fields)
    return item


@transaction.atomic
def save_item_unit_of_measure(*, unit: ItemUnitOfMeasure) -> ItemUnitOfMeasure:
    """Add or change an item unit; the base unit always holds exactly 1 base unit."""
    if unit.code == unit.item.base_unit_of_measure and unit.qty_per_unit_of_measure != 1:
        raise ValidationError(
            {
                "qty_per_unit_of_measure": ValidationError(
                    BASE_UNIT_QTY_MUST_BE_1, params={"code": unit.code, "qty": unit.qty_per_unit_of_measure.normalize()}
                )
            }
        )
    unit.full_clean()
    unit.save()
    return unit


def _rows_using(item: Item, **filters) -> int:
    prices = SalesPrice.objects.filter(item=item, **filters).count()
    discounts = SalesLineDiscount.objects.filter(item=item, **filters).count()
    return prices + discounts


@transaction.atomic
def delete_item_unit_of_measure(*, unit: ItemUnitOfMeasure) -> None:
    item = unit.item
    params = {"code": unit.code, "item": item.no}
    if unit.code == item.base_unit_of_measure:
        raise ValidationError(CANNOT_DELETE_BASE_UNIT, params=params)
    if unit.code == item.sales_unit_of_measure:
        raise ValidationError(CANNOT_DELETE_SALES_UNIT, params=params)
    in_use = _rows_using(item, unit_of_measure_code=unit.code)
    if in_use:
        raise ValidationError(UNIT_IN_USE, params={**params, "count": in_use})
    unit.delete()


@transaction.atomic
def delete_item_variant(*, variant: ItemVariant) -> None:
    in_use = _rows_using(variant.item, variant_code=variant.code)
    if in_use:
        raise ValidationError(VARIANT_IN_USE, params={"code": variant.code, "item": variant.item.no, "count": in_use})
    variant.delete()


# --- customers ------------------------------------------------------------------------------------


def _check_contact_can_become_customer(contact: Contact, customer: Customer | None = None) -> None:
    if contact.type != Contact.Type.COMPANY:
        raise ValidationError({"contact": ValidationError(CONTACT_NOT_COMPANY, params={"no": contact.no})})
    existing = Customer.objects.filter(contact=contact).exclude(pk=customer.pk if customer else None).first()
    if existing:
        raise ValidationError(
            {
                "contact": ValidationError(
                    CONTACT_HAS_CUSTOMER, params={"no": contact.no, "name": contact.name, "customer": existing.no}
                )
            }
        )


def convert_contact_targets_to_customer(*, customer: Customer) -> int:
    """Turn the (Contact, company) target group rows of the customer's company into (Customer, customer) rows."""
    if not customer.contact_id:
        return 0
    # Lock the activated campaigns that target the company first: a re-sync of one of them running now
    # (which cannot see the new customer yet) finishes before the rows are turned, or starts after.
    lock_campaigns_targeting(customer.contact_id)
    return CampaignTargetGroup.objects.filter(
        type=CampaignTargetGroup.Type.CONTACT, contact_id=customer.contact_id
    ).update(type=CampaignTargetGroup.Type.CUSTOMER, customer=customer, contact=None)


@transaction.atomic
def create_customer(*, customer: Customer, manual_no: str = "") -> Customer:
    """Number and store a new customer; linked to a company contact, it takes over that company's target groups."""
    if customer.contact_id:
        _check_contact_can_become_customer(customer.contact, customer)
        if not customer.name:
            customer.name = customer.contact.name
    customer.no, customer.no_series = assign_no(setup_field="customer_nos", manual_no=manual_no)
    customer.full_clean(exclude=["no_series", "contact"])
    customer.save()
    convert_contact_targets_to_customer(customer=customer)
    return customer


@transaction.atomic
def update_customer(*, customer: Customer, expected_version: int, fields: list[str]) -> Customer:
    update_if_unchanged(instance=customer, expected_version=expected_version, fields=fields)
    return customer


@transaction.atomic
def delete_customer(*, customer: Customer) -> None:
    """Delete a customer not used by prices or discounts; its target groups go back to its company contact.

    Raises ProtectedError (from the PROTECT foreign keys) while prices or discounts name the customer.
    """
    rows = CampaignTargetGroup.objects.filter(customer=customer)
    if customer.contact_id:
        rows.update(type=CampaignTargetGroup.Type.CONTACT, contact_id=customer.contact_id, customer=None)
    else:
        rows.delete()
    customer.delete()
