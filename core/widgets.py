"""Widgets and filter choices every app's forms and list filters share (one encoding each)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def date_input(**attrs) -> forms.DateInput:
    """The browser's date picker; the value as ISO (YYYY-MM-DD), which <input type=date> requires."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# A yes/no list filter: django-filter's BooleanFilter reads "true"/"false"; blank is "All".
YES_NO_ALL = forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
YES_NO = [("true", _("Yes")), ("false", _("No"))]
