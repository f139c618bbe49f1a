"""HTML written in Python for the hot paths (list cells, <select> options): what format_html and conditional_escape
write, without their lazy-string wrapper, which costs a third of a 50-row list's cell rendering.

`escaped(value)` is conditional_escape: a value with __html__ (SafeString, a safe lazy string) is taken as it is,
anything else is str()'d and escaped with html.escape, as Django's escape does. `markup(template, ...)` is
format_html: every argument escaped that way, the result marked safe. tests/core/test_markup.py compares both with
Django's.
"""

from __future__ import annotations

import html

from django.utils.safestring import SafeString


def escaped(value) -> SafeString:
    return value.__html__() if hasattr(value, "__html__") else SafeString(html.escape(str(value)))


def markup(template: str, *args, **kwargs) -> SafeString:
    return SafeString(
        template.format(*(escaped(arg) for arg in args), **{name: escaped(arg) for name, arg in kwargs.items()})
    )
