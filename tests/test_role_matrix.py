"""Every URL is in the role matrix; anonymous users go to login; each role gets exactly what the matrix says."""

import functools
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.db.models import Count, Max
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import Route
from tests.fuzz_support import fast_fingerprint, fingerprint_sql

APPS = [
    "core",
    "contacts",
    "salespeople",
    "campaigns",
    "interactions",
    "segments",
    "tasks",
    "pricing",
    "opportunities",
    "search",
]
# URLs outside the matrix on purpose: authentication itself and Django's admin (staff only, its own checks).
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"login", "logout"}


def collect_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for app in APPS:
        if find_spec(f"tests.{app}.access") is None:
            continue
        for route in import_module(f"tests.{app}.access").ROUTES:
            assert route.name not in routes, f"{route.name} is listed twice"
            routes[route.name] = route
    return routes


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            names |= url_names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names - EXEMPT_NAMES


ROUTES = collect_routes()


def test_every_url_is_in_the_role_matrix():
    missing = sorted(url_names() - set(ROUTES))
    assert not missing, f"Add these URLs to tests/<app>/access.py: {missing}"
    stale = sorted(set(ROUTES) - url_names())
    assert not stale, f"The matrix lists URLs that no longer exist: {stale}"


@pytest.fixture(autouse=True)
def _no_template_context_copies(monkeypatch):
    """Nothing here reads response.context: skip the test client's copy of every rendered template's context."""
    import django.test.client

    monkeypatch.setattr(django.test.client, "store_rendered_templates", lambda *args, **kwargs: None)


@functools.cache
def _fingerprint_sql() -> str:
    return fingerprint_sql(APPS)


def db_fingerprint() -> dict[str, tuple]:
    """Row counts of every table of ours, and the highest version where rows carry one; a GET changes none.

    One UNION ALL statement (it runs twice per GET of every route and role); orm_fingerprint says the same.
    """
    return fast_fingerprint(_fingerprint_sql())


def orm_fingerprint() -> dict[str, tuple]:
    """db_fingerprint through the ORM, one aggregate per model: the reference the fast one is checked against."""
    fingerprint = {}
    for model in apps.get_models():
        if model._meta.app_label not in APPS:
            continue
        rows = model._base_manager.all()
        has_version = any(field.name == "version" for field in model._meta.concrete_fields)
        figures = rows.aggregate(rows=Count("pk"), **({"version": Max("version")} if has_version else {}))
        fingerprint[model._meta.label] = tuple(figures.values())
    return fingerprint


def test_the_one_statement_fingerprint_agrees_with_the_orm(personas, series):
    from tests.campaigns.factories import CampaignFactory

    CampaignFactory()
    assert db_fingerprint() == orm_fingerprint()
    assert db_fingerprint()["campaigns.Campaign"][0] == 1


@pytest.mark.parametrize("route", ROUTES.values(), ids=list(ROUTES))
def test_anonymous_user_is_sent_to_login(route, client, personas):
    url = reverse(route.name, kwargs=route.kwargs(personas[None]))
    response = client.get(url) if route.get else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("route", ROUTES.values(), ids=list(ROUTES))
def test_each_role_gets_exactly_what_the_matrix_allows(route, client, personas):
    for role, user in personas.items():
        client.force_login(user)
        url = reverse(route.name, kwargs=route.kwargs(user))
        if route.get:
            before = db_fingerprint()
            response = client.get(url + route.query)
            expected = "allowed" if role in route.get else "denied"
            assert (response.status_code in {200, 302}) == (expected == "allowed"), (
                f"GET {url} as {role}: {response.status_code}, expected {expected}"
            )
            if expected == "denied":
                assert response.status_code == 403, f"GET {url} as {role}: {response.status_code}"
            assert db_fingerprint() == before, f"GET {url} as {role} changed data"
        else:
            assert client.get(url).status_code in {403, 405}, f"GET {url} as {role} should not be served"
        response = client.post(url, {})
        if role in route.post:
            # Allowed: an empty form is answered (errors, a question, or done), never refused.
            assert response.status_code not in {403, 405}, f"POST {url} as {role}: {response.status_code}"
        else:
            assert response.status_code in ({403} if route.post else {403, 405}), (
                f"POST {url} as {role}: {response.status_code}"
            )
        client.logout()


@pytest.mark.parametrize("route", [r for r in ROUTES.values() if r.post], ids=[n for n, r in ROUTES.items() if r.post])
def test_post_without_csrf_token_is_refused(route, personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = personas[sorted(r for r in route.post if r)[0]] if any(route.post) else personas[None]
    client.force_login(user)
    response = client.post(reverse(route.name, kwargs=route.kwargs(user)), {})
    assert response.status_code == 403
