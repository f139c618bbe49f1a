"""Business Central date formulas (CALCDATE): parse, validate, normalise and evaluate (DOMAIN 10).

A formula is a chain of terms evaluated strictly left to right, each applied to the result of the
previous one; an empty formula returns the base date. The week runs Monday (1) to Sunday (7).

    nD ±n days          nW ±7n days          nM ±n months, clamped to the month end
    nQ ±3n months       nY ±12n months       (29 Feb + 1Y = 28 Feb)
    CD CW CM CQ CY      end of the current day/week/month/quarter/year; with "-" its start
    WDn                 next date strictly after the base that is weekday n; "-WDn" the previous one
    Dn                  next date strictly after the base that is day n of a month; "-Dn" the previous one

Examples (base Tue 1996-05-21): ``CQ+1M-10D`` → 1996-07-20, ``-WD2`` → 1996-05-14, ``CM+30D`` → 1996-06-30.

Decisions on the points DOMAIN 10 leaves open (BC's behaviour unknown or undocumented):

- Letters are English only (D, WD, W, M, Q, Y, C), upper or lower case, optionally wrapped as a whole
  in ``<…>``; localised letters (French "1S", German "1T") are rejected. Spaces are ignored.
- The normal form is upper case, without brackets, spaces, leading "+" or leading zeros: ``<1w + 01d>``
  is stored as ``1W+1D``.
- Every term after the first needs an explicit sign: ``1M1D`` is rejected (it would also be ambiguous
  next to the unit-number forms, e.g. ``1D10``).
- Numbers are 0…9999; ``0D`` is accepted and changes nothing (BC's payment terms use it).
- Only D and WD take a number after the unit. ``Mn``, ``Qn``, ``Yn``, ``Wn`` are rejected (undocumented),
  and so is ``nWD`` (a count of weekdays has no documented meaning) and ``CWD``.
- ``WDn`` needs n in 1…7 and ``Dn`` needs n in 1…31. ``Dn`` on the day n itself moves to the next
  (or, with "-", the previous) month, by analogy with WD. ``Dn`` looks for a real date with day n,
  so months without that day are skipped: D31 from 10 April is 31 May, -D30 from 15 March is 30 January.
- The number of terms is not limited here; fields holding a formula limit it to 20 characters
  (BC's DateFormula length), which allows about six terms.
- A result outside 0001-01-01…9999-12-31 raises DateFormulaError; callers apply narrower ranges
  (a task's Date must lie in 1900…2999).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

MAX_NUMBER = 9999
MAX_FIELD_LENGTH = 20
UNITS = ("WD", "D", "W", "M", "Q", "Y")
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DateFormulaError(ValueError):
    """An invalid date formula; the message names the part that is wrong."""

    def __init__(self, message: str, *, formula: str = "", part: str = "") -> None:
        super().__init__(message)
        self.formula = formula
        self.part = part


@dataclass(frozen=True)
class Term:
    """One signed term of a formula: an amount (nD), a position (WDn, Dn) or a period boundary (CM)."""

    sign: int  # +1 or -1
    kind: str  # "amount", "position" or "current"
    unit: str  # one of UNITS
    number: int = 0

    def __str__(self) -> str:
        if self.kind == "amount":
            body = f"{self.number}{self.unit}"
        elif self.kind == "position":
            body = f"{self.unit}{self.number}"
        else:
            body = f"C{self.unit}"
        return body


@dataclass(frozen=True)
class DateFormula:
    """A parsed formula: its terms in evaluation order."""

    terms: tuple[Term, ...]

    def __str__(self) -> str:
        parts = []
        for index, term in enumerate(self.terms):
            sign = "-" if term.sign < 0 else ("+" if index else "")
            parts.append(f"{sign}{term}")
        return "".join(parts)

    def apply(self, base: datetime.date) -> datetime.date:
        result = base
        for term in self.terms:
            result = _apply_term(term, result, formula=str(self))
        return result


def _error(message: str, formula: str, part: str = "") -> DateFormulaError:
    return DateFormulaError(message, formula=formula, part=part)


def _strip_brackets(text: str, original: str) -> str:
    if text.startswith("<"):
        if not text.endswith(">"):
            raise _error(f'Date formula "{original}" opens "<" but does not end with ">".', original, "<")
        text = text[1:-1]
    elif text.endswith(">"):
        raise _error(f'Date formula "{original}" ends with ">" but does not start with "<".', original, ">")
    if "<" in text or ">" in text:
        raise _error(f'Date formula "{original}" may use "<" and ">" only around the whole formula.', original, "<>")
    return text


_ALLOWED = re.compile(r"[0-9A-Z+\-]")


@lru_cache(maxsize=1024)
def parse(formula: str) -> DateFormula:
    """Parse `formula` (any case, optional <…>, spaces ignored) into terms; raise DateFormulaError if invalid."""
    if formula is None:
        formula = ""
    original = str(formula).strip()
    if split := re.search(r"\d\s+\d", original):
        raise _error(
            f'Date formula "{original}" has a space inside the number "{split.group(0)}".', original, split.group(0)
        )
    inner = _strip_brackets(re.sub(r"\s+", "", original), original)
    for char in inner:
        if len(char.upper()) != 1 or not _ALLOWED.fullmatch(char.upper()):
            raise _error(
                f'Date formula "{original}" contains "{char}", which is not allowed. '
                "Use numbers, + and - and the letters D, WD, W, M, Q, Y and C.",
                original,
                char,
            )
    text = inner.upper()
    terms: list[Term] = []
    pos = 0
    while pos < len(text):
        start = pos
        sign = 1
        if text[pos] in "+-":
            sign = -1 if text[pos] == "-" else 1
            pos += 1
            if pos < len(text) and text[pos] in "+-":
                raise _error(
                    f'Date formula "{original}" has two signs in a row at "{text[start:]}".', original, text[start:]
                )
            if pos == len(text):
                raise _error(
                    f'Date formula "{original}" ends with "{text[start]}"; a term such as 1D must follow it.',
                    original,
                    text[start],
                )
        elif terms:
            raise _error(
                f'"{_next_chunk(text, pos)}" in date formula "{original}" needs a + or - sign before it.',
                original,
                _next_chunk(text, pos),
            )
        term, pos = _parse_term(text, pos, original, sign)
        terms.append(term)
    return DateFormula(tuple(terms))


def _next_chunk(text: str, pos: int) -> str:
    match = re.match(r"[0-9]*[A-Z]*[0-9]*", text[pos:])
    return match.group(0) if match and match.group(0) else text[pos]


def _parse_term(text: str, pos: int, original: str, sign: int) -> tuple[Term, int]:
    match = re.match(r"([0-9]*)([A-Z]*)([0-9]*)", text[pos:])
    assert match is not None  # the pattern matches the empty string
    leading, letters, trailing = match.groups()
    part = match.group(0)
    end = pos + len(part)
    if not part:
        raise _error(
            f'Date formula "{original}" has "{text[pos]}" where a term such as 1D was expected.', original, text[pos]
        )
    if not letters:
        raise _error(
            f'"{part}" in date formula "{original}" has no unit. Add D, WD, W, M, Q or Y (for example {part}D).',
            original,
            part,
        )
    if letters == "C":
        raise _error(
            f'"{part}" in date formula "{original}": C must be followed by a unit (CD, CW, CM, CQ or CY).',
            original,
            part,
        )
    current = letters.startswith("C") and letters[1:] in UNITS
    unit = letters[1:] if current else letters
    if unit not in UNITS:
        raise _error(
            f'"{letters}" in date formula "{original}" is not a unit. Use D, WD, W, M, Q or Y, or C with one of them.',
            original,
            letters,
        )
    if current:
        if leading or trailing:
            raise _error(f'"{part}" in date formula "{original}": C{unit} takes no number.', original, part)
        if unit == "WD":
            raise _error(f'"CWD" in date formula "{original}" is not supported; use CW for the week.', original, part)
        return Term(sign, "current", unit), end
    if leading and trailing:
        following = re.match(r"[A-Z]+", text[end:])
        if following:
            chunk = trailing + following.group(0)
            raise _error(f'"{chunk}" in date formula "{original}" needs a + or - sign before it.', original, chunk)
        raise _error(f'"{part}" in date formula "{original}" has a number on both sides of the unit.', original, part)
    if not leading and not trailing:
        example = f"1{unit}" if unit != "WD" else "WD1"
        raise _error(f'"{part}" in date formula "{original}" needs a number (for example {example}).', original, part)
    number_text = leading or trailing
    if int(number_text) > MAX_NUMBER:
        raise _error(f'"{part}" in date formula "{original}": the number must be at most {MAX_NUMBER}.', original, part)
    if len(number_text) > 4:
        raise _error(f'"{part}" in date formula "{original}": the number has more than 4 digits.', original, part)
    number = int(number_text)
    if leading:
        if unit == "WD":
            raise _error(
                f'"{part}" in date formula "{original}" is not supported: WD takes the weekday after it '
                "(WD1 = Monday … WD7 = Sunday).",
                original,
                part,
            )
        return Term(sign, "amount", unit, number), end
    if unit == "WD":
        if not 1 <= number <= 7:
            raise _error(
                f'"{part}" in date formula "{original}": the weekday must be 1 (Monday) to 7 (Sunday).', original, part
            )
        return Term(sign, "position", unit, number), end
    if unit == "D":
        if not 1 <= number <= 31:
            raise _error(f'"{part}" in date formula "{original}": the day must be 1 to 31.', original, part)
        return Term(sign, "position", unit, number), end
    raise _error(
        f'"{part}" in date formula "{original}" is not supported: write the number before the unit '
        f"({number}{unit}). Only D and WD take a number after the unit (D10, WD2).",
        original,
        part,
    )


def normalize(formula: str | None) -> str:
    """Return the formula's normal form (upper case, no brackets or spaces); raise DateFormulaError if invalid."""
    return str(parse(formula or ""))


def validate_field_formula(formula: str | None) -> str:
    """Normalise a formula typed into a Date Formula field, which holds at most 20 characters."""
    normal = normalize(formula)
    if len(normal) > MAX_FIELD_LENGTH:
        raise DateFormulaError(
            f'Date formula "{(formula or "").strip()}" is too long: a date formula can have at most '
            f"{MAX_FIELD_LENGTH} characters.",
            formula=formula or "",
        )
    return normal


def calc_date(formula: str, base: datetime.date) -> datetime.date:
    """Evaluate `formula` from `base` as BC's CALCDATE does; an empty formula returns `base`."""
    return parse(formula or "").apply(base)


# --- evaluation --------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_months(date: datetime.date, months: int, formula: str) -> datetime.date:
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise _out_of_range(formula)
    return datetime.date(year, month + 1, min(date.day, _last_day(year, month + 1)))


def _add_days(date: datetime.date, days: int, formula: str) -> datetime.date:
    try:
        return date + datetime.timedelta(days=days)
    except OverflowError:
        raise _out_of_range(formula) from None


def _out_of_range(formula: str) -> DateFormulaError:
    return DateFormulaError(
        f'Date formula "{formula}" gives a date outside the calendar (0001-01-01 to 9999-12-31).', formula=formula
    )


def _apply_term(term: Term, date: datetime.date, *, formula: str) -> datetime.date:
    if term.kind == "amount":
        n = term.sign * term.number
        if term.unit == "D":
            return _add_days(date, n, formula)
        if term.unit == "W":
            return _add_days(date, 7 * n, formula)
        months = {"M": 1, "Q": 3, "Y": 12}[term.unit] * n
        return _add_months(date, months, formula)
    if term.kind == "current":
        return _period_boundary(term.unit, date, end=term.sign > 0, formula=formula)
    if term.unit == "WD":
        weekday = date.isoweekday()
        if term.sign > 0:
            return _add_days(date, (term.number - weekday - 1) % 7 + 1, formula)
        return _add_days(date, -((weekday - term.number - 1) % 7 + 1), formula)
    return _next_day_of_month(date, term.number, forward=term.sign > 0, formula=formula)


def _period_boundary(unit: str, date: datetime.date, *, end: bool, formula: str) -> datetime.date:
    if unit == "D":
        return date
    if unit == "W":
        if end:
            return _add_days(date, 7 - date.isoweekday(), formula)
        return _add_days(date, -(date.isoweekday() - 1), formula)
    if unit == "M":
        return date.replace(day=_last_day(date.year, date.month) if end else 1)
    if unit == "Q":
        first_month = (date.month - 1) // 3 * 3 + 1
        if end:
            return datetime.date(date.year, first_month + 2, _last_day(date.year, first_month + 2))
        return datetime.date(date.year, first_month, 1)
    return datetime.date(date.year, 12, 31) if end else datetime.date(date.year, 1, 1)


def _next_day_of_month(date: datetime.date, day: int, *, forward: bool, formula: str) -> datetime.date:
    year, month = date.year, date.month
    step = 1 if forward else -1
    later_this_month = date.day < day <= _last_day(year, month)
    if (forward and later_this_month) or (not forward and date.day > day):
        return date.replace(day=day)
    # Walk month by month; a day ≤ 31 appears at least every second month.
    for _ in range(3):
        index = year * 12 + (month - 1) + step
        year, month = divmod(index, 12)
        month += 1
        if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise _out_of_range(formula)
        if day <= _last_day(year, month):
            return datetime.date(year, month, day)
    raise AssertionError("unreachable: every day number up to 31 exists within three months")  # pragma: no cover


# --- presentation ------------------------------------------------------------------------------


def format_day(date: datetime.date) -> str:
    """'Mon 2026-11-30': the weekday matters when reading formulas, so previews show it."""
    return f"{WEEKDAY_NAMES[date.weekday()]} {date.isoformat()}"


def describe(formula: str, base: datetime.date) -> str:
    """A one-line preview: '2W+1D from Mon 2026-11-30 → Tue 2026-12-15'."""
    normal = normalize(formula)
    result = calc_date(normal, base)
    if not normal:
        return f"(blank) from {format_day(base)} → {format_day(result)}"
    return f"{normal} from {format_day(base)} → {format_day(result)}"
