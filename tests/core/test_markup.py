"""core.markup writes what Django's format_html and conditional_escape write."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from core.markup import escaped, markup

VALUES = [
    'A & "quoted" <b>',
    "O'Brien",
    mark_safe("<i>safe</i>"),
    gettext_lazy("Yes"),
    3,
    Decimal("1234.50"),
    datetime.date(2026, 12, 31),
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("language", ["en", "nb"])
def test_escaped_is_conditional_escape(value, language):
    with override(language):
        assert escaped(value) == conditional_escape(value)


def test_markup_is_format_html():
    template = '<a href="{}" title="{title}">{}</a>'
    for value in VALUES:
        ours = markup(template, value, value, title=value)
        assert ours == format_html(template, value, value, title=value)
        assert isinstance(ours, SafeString)


def test_escaped_text_is_not_escaped_again():
    once = escaped("<b>")
    assert escaped(once) == conditional_escape(conditional_escape("<b>")) == "&lt;b&gt;"
    assert markup("<td>{}</td>", once) == "<td>&lt;b&gt;</td>"
