"""Small display helpers of the pricing pages: number formats."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    """A quantity or percentage without trailing zeros: 24, 2.5."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"


@register.filter
def money(value) -> str:
    """An amount with at least two decimals and thousands separators: 1,234.50."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    decimals = max(2, -value.normalize().as_tuple().exponent)
    return f"{value:,.{decimals}f}"
