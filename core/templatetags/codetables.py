"""Template tags of the code table pages (core.codetables)."""

from django import template

register = template.Library()


@register.simple_tag
def used_by_url(code_table, row) -> str:
    """The list of what uses `row` (filtered on its code), or "" when the table links to none."""
    return code_table.used_by_url(row)
