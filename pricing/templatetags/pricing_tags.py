"""Small display helpers of the pricing pages: numbers in the reader's notation."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core.decimals import format_amount

register = template.Library()


def _places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


@register.filter
def num(value) -> str:
    """A quantity or percentage without trailing zeros: 24, 2.5 (2,5 in Norwegian)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return number_format(value.normalize(), decimal_pos=_places(value), use_l10n=True)


@register.filter
def money(value) -> str:
    """An amount with at least two decimals and thousands separators: 1,234.50 (1 234,50 in Norwegian)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    return format_amount(value, decimals=max(2, _places(value)))
