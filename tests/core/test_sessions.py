"""Sessions and accounts: password change, idle timeout, no-store, no server name, lockout per user and address."""

import http.client
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.security import client_ip
from tests.core.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "secret-pass-123"  # UserFactory's


def log_in(client: Client, username: str, password: str = PASSWORD, address: str = "127.0.0.1", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


# Password change


@pytest.mark.django_db
def test_a_user_without_a_role_changes_their_password_from_the_navigation(client):
    UserFactory(username="mia")
    log_in(client, "mia")
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("password_change")}"' in home

    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-pass-456", "new_password2": "a-new-pass-456"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert "Password Changed" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 200  # still logged in here

    client.post(reverse("logout"))
    assert log_in(client, "mia").status_code == 200  # the old password is wrong now
    assert log_in(client, "mia", "a-new-pass-456")["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_a_wrong_old_password_changes_nothing(client):
    user = UserFactory(username="mia")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-new-pass-456", "new_password2": "a-new-pass-456"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_password_change_ends_the_users_other_sessions(client):
    UserFactory(username="mia")
    elsewhere = Client()
    log_in(client, "mia")
    log_in(elsewhere, "mia")
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-new-pass-456", "new_password2": "a-new-pass-456"},
    )
    assert client.get(reverse("core:home")).status_code == 200
    assert elsewhere.get(reverse("core:home"))["Location"].startswith(reverse("login"))


# Idle session timeout


@pytest.mark.parametrize(("environment", "seconds"), [({}, 8 * 60 * 60), ({"SESSION_IDLE_TIMEOUT": "600"}, 600)])
def test_the_idle_timeout_is_eight_hours_unless_configured(environment, seconds):
    env = {key: value for key, value in os.environ.items() if key != "SESSION_IDLE_TIMEOUT"} | environment
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == [str(seconds)]


@pytest.mark.django_db
def test_requests_within_a_minute_do_not_write_the_session(client):
    user = UserFactory(username="quiet")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("password_change"))
        client.get(reverse("password_change_done"))
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert writes == []


@pytest.mark.django_db
def test_each_request_restarts_the_idle_time_and_an_idle_session_is_sent_to_login(client, monkeypatch):
    UserFactory(username="mia")
    log_in(client, "mia")
    start = timezone.now()
    idle_limit = timedelta(seconds=settings.SESSION_COOKIE_AGE)

    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    # Working a full day, with pauses just under the limit: still logged in.
    at(start + idle_limit - timedelta(minutes=1))
    assert client.get(reverse("core:home")).status_code == 200
    at(start + 2 * idle_limit - timedelta(minutes=2))
    assert client.get(reverse("core:home")).status_code == 200
    # Then idle for a minute longer than the limit: back to the login page, and logged in again from there.
    at(start + 3 * idle_limit - timedelta(minutes=1))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


# Cache-Control: no-store


@pytest.mark.django_db
def test_pages_for_a_logged_in_user_are_not_stored_and_name_no_server(client):
    client.force_login(UserFactory(username="mia"))
    for url in [reverse("core:home"), reverse("password_change"), "/no-such-page/"]:
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert not response.has_header("Server")


@pytest.mark.django_db
def test_anonymous_answers_and_static_files_keep_their_own_cache_headers(client):
    assert not client.get(reverse("core:home")).has_header("Cache-Control")  # the redirect to login
    with override_settings(WHITENOISE_USE_FINDERS=True):  # serve from static/ without collectstatic
        client = Client()  # a new client loads WhiteNoise with that setting
        client.force_login(UserFactory(username="mia"))
        static = client.get(f"{settings.STATIC_URL}css/app.css")
    assert static.status_code == 200
    assert static.has_header("Last-Modified")  # WhiteNoise's answer
    assert "no-store" not in static.get("Cache-Control", "")


# The server's name


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_with_our_config_sends_no_server_header():
    pytest.importorskip("gunicorn")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    command = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", reverse("login"))
                break
            except ConnectionRefusedError:
                assert server.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        response = response_of(connection)
        assert response.status == 200
        assert response.getheader("Server") is None
        assert "gunicorn" not in str(response.headers).lower()
    finally:
        server.terminate()
        server.wait(timeout=30)


def response_of(connection: http.client.HTTPConnection) -> http.client.HTTPResponse:
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


# Lockout per user name and address


@pytest.mark.django_db
def test_five_failures_lock_the_user_name_from_that_address_only():
    UserFactory(username="ada")
    attacker, ada = Client(), Client()
    for attempt in range(1, 5):
        assert log_in(attacker, "ada", f"wrong{attempt}", "10.0.0.1").status_code == 200
    response = log_in(attacker, "ada", "wrong5", "10.0.0.1")
    assert response.status_code == 429
    assert "locked for logins from this address" in response.content.decode()
    assert log_in(attacker, "ada", PASSWORD, "10.0.0.1").status_code == 429  # even the right password

    response = log_in(ada, "ada", PASSWORD, "10.0.0.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_locked_and_a_forged_one_does_not_help():
    UserFactory(username="ada")
    attacker = Client()
    for attempt in range(1, 6):
        # The attacker writes a new address of their own each time; the proxy appends the real one.
        forwarded = f"203.0.113.{attempt}, 10.0.0.1"
        response = log_in(attacker, "ada", f"wrong{attempt}", "192.168.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 429

    response = log_in(Client(), "ada", PASSWORD, "192.168.1.1", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert response["Location"] == reverse("core:home")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "10.0.0.9", "192.168.1.1"),  # no proxy: X-Forwarded-For is the client's own writing
        (1, "10.0.0.9, 10.0.0.1", "10.0.0.1"),
        (2, "10.0.0.9, 10.0.0.1, 172.16.0.1", "10.0.0.1"),
        (2, "10.0.0.1", "192.168.1.1"),  # fewer entries than proxies: misconfigured, use the peer
        (1, "not-an-address", "192.168.1.1"),
        (1, "", "192.168.1.1"),
    ],
)
def test_client_ip_trusts_only_what_the_proxies_appended(proxies, forwarded, address):
    request = RequestFactory().get("/", REMOTE_ADDR="192.168.1.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == address
