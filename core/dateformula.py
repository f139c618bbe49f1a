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

- The English letters (D, WD, W, M, Q, Y, C) are always understood, upper or lower case, optionally wrapped
  as a whole in ``<…>``; a Norwegian user may also type BC's Norwegian letters (D, UD, U, M, K, Å, L: see
  LETTERS). Other languages' letters (French "1S", German "1T") are rejected. Spaces are ignored.
- The normal form, which is stored, is the neutral one: English letters, upper case, without brackets,
  spaces, leading "+" or leading zeros: ``<1w + 01d>`` is stored as ``1W+1D``, and so is a Norwegian
  ``1u+1d``. `display` shows a stored formula in the user's letters.
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

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

MAX_NUMBER = 9999
MAX_FIELD_LENGTH = 20
UNITS = ("WD", "D", "W", "M", "Q", "Y")


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


# --- languages ---------------------------------------------------------------------------------
#
# BC stores a DateFormula in a language-neutral form (its English letters) and shows it in the user's language
# (AL "DateFormula Data Type": "converted to a generic, non-language dependent format ... converted to a valid
# date conversion string for the currently selected language"). Norwegian letters, confirmed in BC's own
# Norwegian documentation, "Arbeide med datoer og klokkeslett i kalenderen" > "Bruke datoformler"
# (MicrosoftDocs/dynamics365smb-docs-pr.nb-no, business-central/ui-enter-date-ranges.md, and the older NAV page
# with the same table): L Løpende (English C), D Dag, U Uke (W), M Måned, K Kvartal (Q), Å År (Y), and UD for WD
# ("UD4: Neste 4. dag av en uke (torsdag)"); examples LU, LM, 10D, 2U, D10, UD4, LM+10D, -1Å.
# The issue (and a NAV-era table on scblog.lynge.org) give N ("nåværende") for current; BC's documentation says
# L, so L is what we show. N is accepted too when typing: it means nothing else, and whoever learnt it keeps it.
# The Danish table (L, D, U, M, K, Å, UD) is the same, as Danish and Norwegian NAV share their roots.


@dataclass(frozen=True)
class Letters:
    """A language's date formula letters: its letter for "current" and its unit letters (keyed by the English)."""

    current: str
    units: dict[str, str]  # English unit → this language's letters
    current_aliases: tuple[str, ...] = ()

    def unit(self, english: str) -> str:
        return self.units[english]


ENGLISH = Letters(current="C", units={unit: unit for unit in UNITS})
LETTERS = {
    "en": ENGLISH,
    "nb": Letters(
        current="L", units={"WD": "UD", "D": "D", "W": "U", "M": "M", "Q": "K", "Y": "Å"}, current_aliases=("N",)
    ),
}


def language_of(language: str | None = None) -> str:
    """The date formula language for a Django language code (the active one when None): "nb" or "en"."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    return "nb" if code.startswith(("nb", "no")) else "en"


def _unit_lookup(language: str) -> dict[str, str]:
    """Typed unit letters → English unit: the English letters always, and the language's own."""
    lookup = {unit: unit for unit in UNITS}
    lookup.update({letters: unit for unit, letters in LETTERS[language].units.items()})
    return lookup


def _current_letters(language: str) -> set[str]:
    letters = LETTERS[language]
    return {"C", letters.current, *letters.current_aliases}


def _strip_brackets(text: str, original: str) -> str:
    if text.startswith("<"):
        if not text.endswith(">"):
            raise _error(
                _('Date formula "%(formula)s" opens "<" but does not end with ">".') % {"formula": original},
                original,
                "<",
            )
        text = text[1:-1]
    elif text.endswith(">"):
        raise _error(
            _('Date formula "%(formula)s" ends with ">" but does not start with "<".') % {"formula": original},
            original,
            ">",
        )
    if "<" in text or ">" in text:
        raise _error(
            _('Date formula "%(formula)s" may use "<" and ">" only around the whole formula.') % {"formula": original},
            original,
            "<>",
        )
    return text


_ALLOWED = {"en": re.compile(r"[0-9A-Z+\-]"), "nb": re.compile(r"[0-9A-ZÅ+\-]")}
_TERM = re.compile(r"([0-9]*)([A-ZÅ]*)([0-9]*)")


def parse(formula: str, language: str | None = None) -> DateFormula:
    """Parse `formula` (any case, optional <…>, spaces ignored) into terms; raise DateFormulaError if invalid.

    English letters are always understood; `language` (default: the active one) adds its own (nb: 1U, LM, 1Å).
    """
    return _parse(formula, language_of(language))


@lru_cache(maxsize=1024)
def _parse(formula: str, language: str) -> DateFormula:
    if formula is None:
        formula = ""
    original = str(formula).strip()
    if split := re.search(r"\d\s+\d", original):
        raise _error(
            _('Date formula "%(formula)s" has a space inside the number "%(part)s".')
            % {"formula": original, "part": split.group(0)},
            original,
            split.group(0),
        )
    inner = _strip_brackets(re.sub(r"\s+", "", original), original)
    for char in inner:
        if len(char.upper()) != 1 or not _ALLOWED[language].fullmatch(char.upper()):
            raise _error(
                _(
                    'Date formula "%(formula)s" contains "%(char)s", which is not allowed. '
                    "Use numbers, + and - and the letters D, WD, W, M, Q, Y and C."
                )
                % {"formula": original, "char": char},
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
                    _('Date formula "%(formula)s" has two signs in a row at "%(part)s".')
                    % {"formula": original, "part": text[start:]},
                    original,
                    text[start:],
                )
            if pos == len(text):
                raise _error(
                    _('Date formula "%(formula)s" ends with "%(sign)s"; a term such as 1D must follow it.')
                    % {"formula": original, "sign": text[start]},
                    original,
                    text[start],
                )
        elif terms:
            chunk = _next_chunk(text, pos)
            raise _error(_needs_sign(chunk, original), original, chunk)
        term, pos = _parse_term(text, pos, original, sign, language)
        terms.append(term)
    return DateFormula(tuple(terms))


def _needs_sign(chunk: str, original: str) -> str:
    return _('"%(part)s" in date formula "%(formula)s" needs a + or - sign before it.') % {
        "part": chunk,
        "formula": original,
    }


def _next_chunk(text: str, pos: int) -> str:
    match = re.match(r"[0-9]*[A-ZÅ]*[0-9]*", text[pos:])
    return match.group(0) if match and match.group(0) else text[pos]


def _parse_term(text: str, pos: int, original: str, sign: int, language: str) -> tuple[Term, int]:
    match = _TERM.match(text[pos:])
    assert match is not None  # the pattern matches the empty string
    leading, letters, trailing = match.groups()
    part = match.group(0)
    end = pos + len(part)
    shown = LETTERS[language]
    params = {"part": part, "formula": original}
    if not part:
        raise _error(
            _('Date formula "%(formula)s" has "%(part)s" where a term such as 1D was expected.')
            % {"formula": original, "part": text[pos]},
            original,
            text[pos],
        )
    if not letters:
        raise _error(
            _('"%(part)s" in date formula "%(formula)s" has no unit. Add D, WD, W, M, Q or Y (for example %(part)sD).')
            % params,
            original,
            part,
        )
    units = _unit_lookup(language)
    currents = _current_letters(language)
    if letters in currents:
        raise _error(
            _('"%(part)s" in date formula "%(formula)s": C must be followed by a unit (CD, CW, CM, CQ or CY).')
            % params,
            original,
            part,
        )
    current = letters[0] in currents and letters[1:] in units
    unit = units.get(letters[1:] if current else letters)
    if unit is None:
        raise _error(
            _(
                '"%(letters)s" in date formula "%(formula)s" is not a unit. '
                "Use D, WD, W, M, Q or Y, or C with one of them."
            )
            % {"letters": letters, "formula": original},
            original,
            letters,
        )
    if current:
        if leading or trailing:
            raise _error(
                _('"%(part)s" in date formula "%(formula)s": %(current)s takes no number.')
                % {**params, "current": shown.current + shown.unit(unit)},
                original,
                part,
            )
        if unit == "WD":
            raise _error(
                _('"%(letters)s" in date formula "%(formula)s" is not supported; use %(week)s for the week.')
                % {"letters": letters, "formula": original, "week": shown.current + shown.unit("W")},
                original,
                part,
            )
        return Term(sign, "current", unit), end
    if leading and trailing:
        following = re.match(r"[A-ZÅ]+", text[end:])
        if following:
            chunk = trailing + following.group(0)
            raise _error(_needs_sign(chunk, original), original, chunk)
        raise _error(
            _('"%(part)s" in date formula "%(formula)s" has a number on both sides of the unit.') % params,
            original,
            part,
        )
    if not leading and not trailing:
        example = f"1{shown.unit(unit)}" if unit != "WD" else f"{shown.unit(unit)}1"
        raise _error(
            _('"%(part)s" in date formula "%(formula)s" needs a number (for example %(example)s).')
            % {**params, "example": example},
            original,
            part,
        )
    number_text = leading or trailing
    if int(number_text) > MAX_NUMBER:
        raise _error(
            _('"%(part)s" in date formula "%(formula)s": the number must be at most %(max)s.')
            % {**params, "max": MAX_NUMBER},
            original,
            part,
        )
    if len(number_text) > 4:
        raise _error(
            _('"%(part)s" in date formula "%(formula)s": the number has more than 4 digits.') % params, original, part
        )
    number = int(number_text)
    if leading:
        if unit == "WD":
            raise _error(
                _(
                    '"%(part)s" in date formula "%(formula)s" is not supported: WD takes the weekday after it '
                    "(WD1 = Monday … WD7 = Sunday)."
                )
                % params,
                original,
                part,
            )
        return Term(sign, "amount", unit, number), end
    if unit == "WD":
        if not 1 <= number <= 7:
            raise _error(
                _('"%(part)s" in date formula "%(formula)s": the weekday must be 1 (Monday) to 7 (Sunday).') % params,
                original,
                part,
            )
        return Term(sign, "position", unit, number), end
    if unit == "D":
        if not 1 <= number <= 31:
            raise _error(
                _('"%(part)s" in date formula "%(formula)s": the day must be 1 to 31.') % params, original, part
            )
        return Term(sign, "position", unit, number), end
    raise _error(
        _(
            '"%(part)s" in date formula "%(formula)s" is not supported: write the number before the unit '
            "(%(number)s%(unit)s). Only D and WD take a number after the unit (D10, WD2)."
        )
        % {**params, "number": number, "unit": shown.unit(unit)},
        original,
        part,
    )


def normalize(formula: str | None, language: str | None = None) -> str:
    """Return the formula's neutral normal form (English letters, upper case, no brackets or spaces).

    Raise DateFormulaError if invalid. The letters of `language` (default: the active one) are understood too.
    """
    return str(parse(formula or "", language))


def display(formula: str | None, language: str | None = None) -> str:
    """A stored (neutral) formula in the letters of `language` (default: the active one): CM+1W → LM+1U in nb.

    Text that is no valid formula is returned as it is, so a list never fails on a bad row.
    """
    if not formula:
        return ""
    try:
        parsed = _parse(formula, "en")
    except DateFormulaError:
        return formula
    letters = LETTERS[language_of(language)]
    parts = []
    for index, term in enumerate(parsed.terms):
        sign = "-" if term.sign < 0 else ("+" if index else "")
        unit = letters.unit(term.unit)
        if term.kind == "amount":
            body = f"{term.number}{unit}"
        elif term.kind == "position":
            body = f"{unit}{term.number}"
        else:
            body = f"{letters.current}{unit}"
        parts.append(f"{sign}{body}")
    return "".join(parts)


def validate_field_formula(formula: str | None, language: str | None = None) -> str:
    """Normalise a formula typed into a Date Formula field, which holds at most 20 characters."""
    normal = normalize(formula, language)
    if len(normal) > MAX_FIELD_LENGTH:
        raise DateFormulaError(
            _('Date formula "%(formula)s" is too long: a date formula can have at most %(max)s characters.')
            % {"formula": (formula or "").strip(), "max": MAX_FIELD_LENGTH},
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
        _('Date formula "%(formula)s" gives a date outside the calendar (0001-01-01 to 9999-12-31).')
        % {"formula": display(formula)},
        formula=formula,
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
    for _attempt in range(3):
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
    """'Mon 2026-11-30' (nb: 'man 30.11.2026'): the weekday matters when reading formulas, so previews show it."""
    return f"{date_format(date, 'D')} {date_format(date, 'SHORT_DATE_FORMAT')}"


def describe(formula: str, base: datetime.date, language: str | None = None) -> str:
    """A one-line preview in the user's language: '2W+1D from Mon 2026-11-30 → Tue 2026-12-15'."""
    normal = normalize(formula, language)
    result = calc_date(normal, base)
    days = {"base": format_day(base), "result": format_day(result)}
    if not normal:
        return _("(blank) from %(base)s → %(result)s") % days
    return _("%(formula)s from %(base)s → %(result)s") % {"formula": display(normal, language), **days}
