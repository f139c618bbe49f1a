"""A record's URL by its one key (No., Code or id): what reverse() writes, built by concatenation on the hot paths.

A 50-row list links every row to its card, and some rows to a second card (a task's list row and its phone card, a
person's company): reverse() matches the URLconf afresh each time, a tenth of a list's Python time. `record_url`
reverses a URL name once per script prefix with a marker value and then puts each key between the two halves.

Only keys that every converter writes unchanged and accepts take that path: letters, digits, "-" and "_" where the
pattern takes the marker "Zq7" (`code`, `str`, `slug`), digits where it takes only digits (`int`). Any other key
("/", "~", spaces, letters outside ASCII, an empty key) goes through reverse() as before, with its escaping and its
NoReverseMatch. tests/core/test_record_urls.py compares both over every URL name with one argument.
"""

from __future__ import annotations

import re
from functools import cache

from django.urls import NoReverseMatch, get_script_prefix, reverse

PLAIN = re.compile(r"[A-Za-z0-9_-]+")
DIGITS = re.compile(r"[0-9]+")
DIGIT_MARKER = "7306915842"
WORD_MARKER = "Zq7Zq7"


@cache
def _halves(url_name: str, kwarg: str | None, script_prefix: str) -> tuple[str, str, re.Pattern] | None:
    """The URL before and after the key, and the keys that may go between them; None: always reverse()."""
    for marker, keys in ((WORD_MARKER, PLAIN), (DIGIT_MARKER, DIGITS)):
        try:
            url = _reverse(url_name, kwarg, marker)
        except NoReverseMatch:
            continue
        if url.count(marker) == 1:
            before, after = url.split(marker)
            return before, after, keys
        return None
    return None


def _reverse(url_name: str, kwarg: str | None, value: object) -> str:
    return reverse(url_name, kwargs={kwarg: value}) if kwarg else reverse(url_name, args=[value])


def record_url(url_name: str, kwarg: str | None, value: object) -> str:
    """reverse(url_name, kwargs={kwarg: value}) (with kwarg None: args=[value]), faster for the usual keys."""
    key = str(value)
    halves = _halves(url_name, kwarg, get_script_prefix())
    if halves is not None and halves[2].fullmatch(key):
        return f"{halves[0]}{key}{halves[1]}"
    return _reverse(url_name, kwarg, value)
