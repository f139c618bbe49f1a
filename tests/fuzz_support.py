"""The fuzz test's harness: hostile values, a parser for the forms a page renders, and a request runner.

The runner answers every request inside a savepoint, so a request that fails half-way (a 500 that left
PostgreSQL's transaction aborted) is rolled back and the next request starts clean.
"""

from __future__ import annotations

import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.db import connection, transaction
from django.http import Http404
from django.urls import Resolver404, resolve

LONG = "x" * 100_000
INVALID_CHOICE = "does-not-exist"
# The hostile values of issue 10. Values that take the same path through a form are sent as one: a text that
# is at once right-to-left, outside the Basic Multilingual Plane, a format string with a bare %, SQL and markup.
EVIL_TEXT = "\u202eRTL😀\u202c %s %(x)s % ' OR 1=1 --<script>alert(1)</script>"
HOSTILE = (
    "a\x00b",
    "10000000000000000000",
    "-99999999999999999999",
    "1e30",
    "-1",
    "0001-01-01",
    "9999-12-31",
    LONG,
    EVIL_TEXT,
    "NaN",
    "",
)
# A field's kind narrows the values worth sending: a number box gets the numbers and one text no number
# survives, a date the ends of the calendar, a list the invalid choice and the lookups. Text, hidden fields
# and query parameters get them all.
NUMBER_VALUES = ("a\x00b", "10000000000000000000", "-99999999999999999999", "1e30", "-1", "NaN", "%😀", "")
DATE_VALUES = ("a\x00b", "0001-01-01", "9999-12-31", "10000000000000000000", "")
PICKED_VALUES = (INVALID_CHOICE, "a\x00b", "10000000000000000000", "-1", "")
SWITCH_VALUES = (INVALID_CHOICE, "a\x00b", "")
VALUES_BY_KIND = {
    "number": NUMBER_VALUES,
    "date": DATE_VALUES,
    "datetime-local": DATE_VALUES,
    "week": DATE_VALUES,
    "month": DATE_VALUES,
    "select": PICKED_VALUES,
    "checkbox": SWITCH_VALUES,
    "radio": SWITCH_VALUES,
    "submit": SWITCH_VALUES,
}
NOT_FUZZED = {"csrfmiddlewaretoken"}
ROOT = Path(__file__).resolve().parent.parent


def values_for(kind: str) -> tuple[str, ...]:
    return VALUES_BY_KIND.get(kind, HOSTILE)


def shown(value: str) -> str:
    """A hostile value as a failure message shows it: the long string by its recipe."""
    return "'x' * 100_000" if value == LONG else repr(value)


# --- forms on a page ----------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # the input's type, "select" or "textarea"
    initial: list[str] = field(default_factory=list)  # the values a browser would submit untouched


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def initial_data(self) -> dict[str, list[str]]:
        return {name: list(f.initial) for name, f in self.fields.items() if f.initial}


class FormParser(HTMLParser):
    """Collect every <form>: method, action, and the names, kinds and initial values of its fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None
        self._select_first: str | None = None
        self._option: dict | None = None
        self._textarea: FormField | None = None
        self._text: list[str] = []
        self._submitted = False

    def _add(self, name: str, kind: str, value: str | None) -> FormField:
        entry = self._form.fields.setdefault(name, FormField(name, kind))
        if value is not None:
            entry.initial.append(value)
        return entry

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = Form((attrs.get("method") or "get").lower(), attrs.get("action", ""))
            self._submitted = False
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                self._add(name, kind, attrs.get("value", "on") if "checked" in attrs else None)
            elif kind in {"submit", "image"}:
                # A browser sends the clicked button; the first one stands for it.
                self._add(name, "submit", None if self._submitted else attrs.get("value", ""))
                self._submitted = True
            elif kind not in {"file", "reset"}:
                self._add(name, kind, attrs.get("value", ""))
        elif tag == "button" and name and attrs.get("type", "submit").lower() == "submit":
            self._add(name, "submit", None if self._submitted else attrs.get("value", ""))
            self._submitted = True
        elif tag == "select" and name:
            self._select = self._add(name, "select", None)
            self._select.multiple = "multiple" in attrs
            self._select_first = None
            self._select_chosen = False
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = self._add(name, "textarea", None)
            self._text = []

    def handle_data(self, data):
        if self._option is not None or self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                self._select.initial.append(value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and not self._select.multiple and self._select_first is not None:
                self._select.initial.append(self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.initial.append("".join(self._text).removeprefix("\n"))
            self._textarea = None


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except (Resolver404, Http404):
        return None


def forms_by_view(html: str, page_url: str) -> dict[tuple[str, str], list[Form]]:
    """The page's forms keyed by (method, name of the view they submit to)."""
    parser = FormParser()
    parser.feed(html)
    found: dict[tuple[str, str], list[Form]] = defaultdict(list)
    for form in parser.forms:
        target = view_name(form.action or page_url)
        if target:
            found[form.method, target].append(form)
    return found


def merged_fields(forms: list[Form]) -> dict[str, FormField]:
    fields: dict[str, FormField] = {}
    for form in forms:
        for name, entry in form.fields.items():
            if name not in NOT_FUZZED:
                fields.setdefault(name, entry)
    return fields


# --- the database's state ----------------------------------------------------------------------


def fingerprint_sql(app_labels: list[str]) -> str:
    """One statement for test_role_matrix.db_fingerprint's figures: rows, and the highest version where kept."""
    parts = []
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        has_version = any(f.name == "version" for f in model._meta.concrete_fields)
        version = f"MAX({connection.ops.quote_name('version')})" if has_version else "NULL"
        parts.append(
            f"SELECT '{model._meta.label}', COUNT(*), CAST({version} AS BIGINT), {int(has_version)} FROM {table}"  # noqa: S608 - test code: table names come from the models, no input
        )
    return " UNION ALL ".join(parts)


def fast_fingerprint(sql: str) -> dict[str, tuple]:
    """The same figures as db_fingerprint in one round trip (it runs after every refused form)."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {
            label: (rows, version) if has_version else (rows,)
            for label, rows, version, has_version in cursor.fetchall()
        }


# --- requests -----------------------------------------------------------------------------------


def query_pairs(query: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = defaultdict(list)
    for key, value in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        pairs[key].append(value)
    return dict(pairs)


def with_query(url: str, data: dict[str, list[str]]) -> str:
    return f"{url}?{urlencode(data, doseq=True)}" if data else url


def exception_line(response) -> str:
    """The exception a 500 carried, with the last line of our own code it passed through."""
    if not getattr(response, "exc_info", None):
        return "500 without an exception"
    _type, exc, tb = response.exc_info
    ours = [
        frame
        for frame in traceback.extract_tb(tb)
        if frame.filename.startswith(str(ROOT)) and "/.venv/" not in frame.filename
    ]
    where = f" at {Path(ours[-1].filename).relative_to(ROOT)}:{ours[-1].lineno}" if ours else ""
    message = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {message}{where}"


def answer(client, method: str, url: str, data: dict | None = None):
    """Send one request in a savepoint; roll it back when the answer is a 500."""
    savepoint = transaction.savepoint_create()
    response = client.get(url) if method == "GET" else client.post(url, data or {})
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
        transaction.set_rollback(False)
    else:
        transaction.savepoint_commit(savepoint)
    return response


@dataclass
class Findings:
    """Failures grouped by where and why, so one bug reads as one line with its values."""

    requests: int = 0
    errors: dict[tuple, dict] = field(default_factory=dict)

    def add(self, method: str, route: str, role: str, name: str, value: str, problem: str) -> None:
        entry = self.errors.setdefault((method, route, name, problem), {"values": [], "roles": set()})
        if shown(value) not in entry["values"]:
            entry["values"].append(shown(value))
        entry["roles"].add(role)

    def report(self) -> str:
        lines = [f"{len(self.errors)} problems in {self.requests} requests:"]
        for (method, route, name, problem), entry in sorted(self.errors.items()):
            roles = ", ".join(sorted(entry["roles"]))
            lines.append(f"  {method} {route} [{name}] as {roles}: {problem}; values: {', '.join(entry['values'])}")
        return "\n".join(lines)
