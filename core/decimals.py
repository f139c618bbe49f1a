"""Decimal arithmetic as BC does it: Round(amount, precision), and exact Decimals from what a database returns."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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
