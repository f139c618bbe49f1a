"""Template filters for date formulas: a stored (neutral) formula in the reader's language."""

from __future__ import annotations

from django import template

from core.dateformula import display

register = template.Library()


@register.filter
def date_formula(value: str | None) -> str:
    """`{{ step.date_formula|date_formula }}`: CM+1W for an English reader, LM+1U for a Norwegian one."""
    return display(value or "")
