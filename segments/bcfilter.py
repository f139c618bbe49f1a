"""BC filter expressions on text fields, as typed in a request page's filter: `CT0001..CT0100|CT0200`, `*bike*`.

Supported: alternatives `a|b`, ranges `a..b`, `..b`, `a..`, comparisons `<>a`, `<a`, `<=a`, `>a`, `>=a`,
wildcards `*` (any text) and `?` (one character), `''` for an empty value, and `@` in front of a term for
"ignore case". Code fields compare in upper case as BC's Code type does; text fields ignore case.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

INVALID_FILTER = _("The filter %(filter)s is not valid.")


class FilterSyntaxError(ValueError):
    """A filter expression the parser does not understand."""


def filter_q(field: str, expression: str, *, code: bool = False) -> Q:
    """Translate a BC filter expression on `field` into a Q; blank means no filter."""
    expression = (expression or "").strip()
    if not expression:
        return Q()
    result = Q()
    for alternative in expression.split("|"):
        result |= _term(field, alternative.strip(), code=code, expression=expression)
    return result


def _value(raw: str, *, code: bool) -> str:
    value = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == "'" else raw
    return value.upper() if code else value


def _term(field: str, term: str, *, code: bool, expression: str) -> Q:
    if not term:
        raise FilterSyntaxError(expression)
    ignore_case = not code
    if term.startswith("@"):
        term, ignore_case = term[1:].strip(), True
        if not term:
            raise FilterSyntaxError(expression)
    if ".." in term:
        low, _sep, high = term.partition("..")
        if ".." in high or (not low and not high):
            raise FilterSyntaxError(expression)
        q = Q()
        if low:
            q &= Q(**{f"{field}__gte": _value(low.strip(), code=code)})
        if high:
            q &= Q(**{f"{field}__lte": _value(high.strip(), code=code)})
        return q
    for operator, lookup in (("<>", None), ("<=", "lte"), (">=", "gte"), ("<", "lt"), (">", "gt")):
        if term.startswith(operator):
            value = _value(term[len(operator) :].strip(), code=code)
            if lookup is None:
                if "*" in value or "?" in value:
                    return ~_pattern(field, value, ignore_case=ignore_case)
                return ~Q(**{f"{field}__iexact" if ignore_case and value else field: value})
            return Q(**{f"{field}__{lookup}": value})
    value = _value(term, code=code)
    if "*" in value or "?" in value:
        return _pattern(field, value, ignore_case=ignore_case)
    return Q(**{f"{field}__iexact" if ignore_case and value else field: value})


def _pattern(field: str, value: str, *, ignore_case: bool) -> Q:
    """Wildcards: the simple shapes map to LIKE lookups, anything else to an anchored regular expression."""
    inner = value.strip("*")
    prefix = "i" if ignore_case else ""
    if "*" not in inner and "?" not in inner and inner:
        starts, ends = value.startswith("*"), value.endswith("*")
        if starts and ends:
            return Q(**{f"{field}__{prefix}contains": inner})
        if ends:
            return Q(**{f"{field}__{prefix}startswith": inner})
        if starts:
            return Q(**{f"{field}__{prefix}endswith": inner})
    regex = "^" + "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value) + "$"
    return Q(**{f"{field}__{prefix}regex": regex})


def validate(expression: str) -> None:
    """Raise FilterSyntaxError when the expression cannot be parsed."""
    filter_q("x", expression)
