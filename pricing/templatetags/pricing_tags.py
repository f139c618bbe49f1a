"""Small display helpers of the pricing pages: sortable headers and number formats."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field: str, label: str, css: str = "") -> str:
    """A column header that sorts the list by `field` (?o=field, again for descending), keeping the filters."""
    request = context["request"]
    current = request.GET.get("o", "")
    query = request.GET.copy()
    query["o"] = f"-{field}" if current == field else field
    query.pop("page", None)
    arrow = " ▲" if current == field else (" ▼" if current == f"-{field}" else "")
    return format_html('<th class="{}"><a href="?{}">{}{}</a></th>', css, query.urlencode(), label, arrow)


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
