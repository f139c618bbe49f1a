"""Decimal arithmetic as BC does it: Round(amount, precision), exact Decimals from what a database returns, and
amounts written in the reader's notation."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def bc_round(amount: Decimal, precision: Decimal | str) -> Decimal:
    """BC's Round(amount, precision): to the nearest multiple of the precision (0.01, 0.05, 1), halves away from 0."""
    precision = Decimal(precision).normalize()
    return ((amount / precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * precision).quantize(precision)


def as_decimal(value) -> Decimal:
    """A number read through a subquery, a UNION or a raw cursor as an exact Decimal.

    SQLite may hand back a float or an int; a SUM over no rows is None, which counts as 0.
    """
    if value is None:
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_amount(value, decimals: int = 2) -> str:
    """`value` grouped, with `decimals` places, in the reader's notation: 1,234.50 in English, 1 234,50 in Norwegian.

    In English exactly what f"{value:,.2f}" writes (rounded half to even); Django's number_format alone would cut
    the extra places off instead of rounding them.
    """
    number = as_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
