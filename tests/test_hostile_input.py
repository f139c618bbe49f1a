"""Hostile input never answers 500, and a refused form changes nothing (issue 10; `make fuzz` runs only this).

Built on the role matrix: every page a role may GET is asked again with a hostile value in each query
parameter its filter forms read (plus `page`, `o`, `export` and the route's own query); every form a role may
POST is sent with one field at a time replaced by a hostile value, the others kept as the page rendered them.
Each route is opened as its least privileged allowed role and as the Administrator; a parameter or field is
fuzzed once, by the first of them that sees it (the Administrator's extra fields are his). Where the answer
was an error (no redirect), the row counts and highest versions of every table are what they were before.
The values (tests/fuzz_support.py) are chosen per kind of field, so each request tries a different path.
"""

from __future__ import annotations

import logging
import os

import pytest
from django.conf import settings
from django.urls import reverse

from core import roles
from tests.fuzz_support import (
    Findings,
    FormField,
    answer,
    exception_line,
    fast_fingerprint,
    fingerprint_sql,
    forms_by_view,
    merged_fields,
    query_pairs,
    values_for,
    with_query,
)
from tests.test_role_matrix import APPS, ROUTES, orm_fingerprint

# CI runs the suite on PostgreSQL and on SQLite; the fuzz test, about 5 minutes of work, runs on PostgreSQL (the
# production database). `make fuzz` runs it on whichever database DATABASE_URL names, SQLite included.
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not os.environ.get("FUZZ_ON_SQLITE"),
    reason="the fuzz test runs on PostgreSQL in `make test`; `make fuzz` runs it on SQLite too",
)

# Least privileged first; None is a logged-in user without a role.
BY_PRIVILEGE = [None, roles.SALESPERSON, roles.SALES_MANAGER, roles.MARKETER, roles.ADMINISTRATOR]
LIST_PARAMETERS = ("page", "o", "export")  # read by every list with a filter form
# The apps with the most forms are fuzzed in parts (every n-th route), so the parts spread over the workers.
PARTS = {"tasks": 3, "pricing": 2, "segments": 2, "opportunities": 2}
APP_PARTS = [(app, part) for app in APPS for part in range(PARTS.get(app, 1))]


def app_routes(app: str, method: str) -> list:
    return [
        route
        for name, route in ROUTES.items()
        if name.split(":")[0] == app and (route.get if method == "GET" else route.post)
    ]


def fuzz_roles(allowed: frozenset) -> list:
    """The least privileged role allowed, and the Administrator when allowed too."""
    ordered = [role for role in BY_PRIVILEGE if role in allowed]
    return list(dict.fromkeys([ordered[0], *([roles.ADMINISTRATOR] if roles.ADMINISTRATOR in allowed else [])]))


def role_name(role) -> str:
    return role or "no role"


@pytest.fixture
def fuzz_client(client, monkeypatch):
    """A client that answers exceptions as 500s, with Django's error log quiet (it would print every traceback).

    It keeps no copy of every template context it renders (nothing here reads response.context): that copying
    is a third of the time of a request with a large form.
    """
    import django.test.client

    monkeypatch.setattr(django.test.client, "store_rendered_templates", lambda *args, **kwargs: None)
    client.raise_request_exception = False
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield client
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def page_forms(response, url: str) -> dict:
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return {}
    return forms_by_view(response.content.decode(), url)


@pytest.mark.parametrize("app", APPS)
def test_hostile_query_parameters_never_answer_500(app, fuzz_client, personas, series):
    client, findings = fuzz_client, Findings()
    for route in app_routes(app, "GET"):
        done: set[str] = set()
        for role in fuzz_roles(route.get):
            user = personas[role]
            client.force_login(user)
            url = reverse(route.name, kwargs=route.kwargs(user))
            base = query_pairs(route.query)
            response = answer(client, "GET", url + route.query)
            findings.requests += 1
            if response.status_code >= 500:
                findings.add("GET", route.name, role_name(role), "(page)", "", exception_line(response))
                continue
            filters = merged_fields(page_forms(response, url).get(("get", route.name), []))
            parameters = {name: FormField(name, "text") for name in (*base, *(LIST_PARAMETERS if filters else ()))}
            parameters |= filters
            for name, parameter in parameters.items():
                if name in done:
                    continue
                done.add(name)
                for value in values_for(parameter.kind):
                    response = answer(client, "GET", with_query(url, {**base, name: [value]}))
                    findings.requests += 1
                    if response.status_code >= 500:
                        findings.add("GET", route.name, role_name(role), name, value, exception_line(response))
    print(f"{app}: {findings.requests} GET requests")
    assert not findings.errors, findings.report()


def discover_post_fields(client, route, url: str, role, catalogue: dict) -> tuple[dict, dict]:
    """The fields of the forms that post to the route: on its own page, on the app's pages, on its answer to {}."""
    forms = list(catalogue.get(("post", route.name), []))
    if role in route.get:
        forms += page_forms(answer(client, "GET", url + route.query), url).get(("post", route.name), [])
    fields = merged_fields(forms)
    initial = {}
    for form in forms:
        for name, values in form.initial_data().items():
            initial.setdefault(name, values)
    return fields, initial


def app_catalogue(client, app: str, personas) -> dict:
    """The forms on every page of the app, as the Administrator sees them, by the view they post to."""
    catalogue: dict = {}
    admin = personas[roles.ADMINISTRATOR]
    client.force_login(admin)
    for route in app_routes(app, "GET"):
        if roles.ADMINISTRATOR not in route.get:
            continue
        url = reverse(route.name, kwargs=route.kwargs(admin))
        response = answer(client, "GET", url + route.query)
        for key, forms in page_forms(response, url).items():
            catalogue.setdefault(key, []).extend(forms)
    return catalogue


def changed_tables(before: dict, after: dict) -> str:
    changes = [f"{label} {before.get(label)} -> {row}" for label, row in after.items() if row != before.get(label)]
    return ", ".join(changes)


def is_redirect(response) -> bool:
    return response.status_code in {301, 302, 303} or "HX-Redirect" in response or "HX-Location" in response


@pytest.mark.parametrize(("app", "part"), APP_PARTS, ids=[f"{app}-{part}" for app, part in APP_PARTS])
def test_hostile_form_fields_never_answer_500_and_refusals_change_nothing(app, part, fuzz_client, personas, series):
    client, findings = fuzz_client, Findings()
    catalogue = app_catalogue(client, app, personas)
    sql = fingerprint_sql(APPS)
    assert fast_fingerprint(sql) == orm_fingerprint()
    for route in app_routes(app, "POST")[part :: PARTS.get(app, 1)]:
        done: set[str] = set()
        for role in fuzz_roles(route.post):
            user = personas[role]
            client.force_login(user)
            url = reverse(route.name, kwargs=route.kwargs(user)) + route.query
            fields, initial = discover_post_fields(client, route, url, role, catalogue)
            # The empty form first: it is how confirmations show their question (and its hidden fields).
            response = answer(client, "POST", url, {})
            findings.requests += 1
            if response.status_code >= 500:
                findings.add("POST", route.name, role_name(role), "(empty form)", "", exception_line(response))
            for name, entry in merged_fields(page_forms(response, url).get(("post", route.name), [])).items():
                fields.setdefault(name, entry)
                initial.setdefault(name, entry.initial)
            if is_redirect(response):
                url = reverse(route.name, kwargs=route.kwargs(user)) + route.query
            before = fast_fingerprint(sql)
            for name, entry in fields.items():
                if name in done:
                    continue
                done.add(name)
                for value in values_for(entry.kind):
                    data = {key: values for key, values in initial.items() if values} | {name: [value]}
                    response = answer(client, "POST", url, data)
                    findings.requests += 1
                    if response.status_code >= 500:
                        findings.add("POST", route.name, role_name(role), name, value, exception_line(response))
                        continue
                    if is_redirect(response):
                        # Done: the record may be gone or renamed, and its version moved on; start from a fresh one.
                        url = reverse(route.name, kwargs=route.kwargs(user)) + route.query
                        fields_now, initial_now = discover_post_fields(client, route, url, role, catalogue)
                        initial |= {key: values for key, values in initial_now.items() if key in fields_now}
                        before = fast_fingerprint(sql)
                        continue
                    after = fast_fingerprint(sql)
                    if after != before:
                        changed = changed_tables(before, after)
                        problem = f"answered {response.status_code} without redirect, yet changed {changed}"
                        findings.add("POST", route.name, role_name(role), name, value, problem)
                        before = after
    print(f"{app} part {part}: {findings.requests} POST requests")
    assert not findings.errors, findings.report()
