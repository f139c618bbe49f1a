"""core.record_urls.record_url writes what reverse() writes, for every URL name that takes one argument."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse, set_script_prefix

from core.record_urls import record_url

KEYS = ["CT0001", "10000", "0", "a-b_c", "A/B", "~x", "Ærø", "A B", "50%", "", "é1", "x\x00", "-7", "1.5", "Zq7Zq7"]


def one_argument_names() -> list[tuple[str, str]]:
    """(namespaced URL name, its argument's name) for every route with exactly one argument."""
    found = set()

    def walk(resolver, namespace):
        for name, possibilities in resolver.reverse_dict.lists():
            if not isinstance(name, str):
                continue
            for _bits, _pattern, defaults, _converters in possibilities:
                params = possibilities[0][0][0][1]
                if len(params) == 1 and not defaults:
                    found.add((f"{namespace}{name}", params[0]))
        for prefix_namespace, (_prefix, sub) in resolver.namespace_dict.items():
            walk(sub, f"{namespace}{prefix_namespace}:")

    walk(get_resolver(), "")
    return sorted(found)


NAMES = one_argument_names()


def outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NoReverseMatch:
        return NoReverseMatch


def test_there_are_record_pages_to_compare():
    assert ("contacts:detail", "no") in NAMES and ("tasks:detail", "no") in NAMES
    assert any(kwarg == "pk" for _name, kwarg in NAMES)


@pytest.mark.parametrize("script_prefix", ["/", "/desk/"])
def test_record_url_writes_what_reverse_writes(script_prefix):
    set_script_prefix(script_prefix)
    try:
        for name, kwarg in NAMES:
            for key in [*KEYS, 12]:
                expected = outcome(reverse, name, kwargs={kwarg: key})
                assert outcome(record_url, name, kwarg, key) == expected, (name, key)
                assert outcome(record_url, name, None, key) == outcome(reverse, name, args=[key]), (name, key)
    finally:
        set_script_prefix("/")
