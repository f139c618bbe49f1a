import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.core.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


@pytest.mark.django_db
def test_login_with_right_password_reaches_home(client):
    UserFactory(username="mia")
    response = client.post(reverse("login"), {"username": "mia", "password": "secret-pass-123"}, follow=True)
    assert response.status_code == 200
    assert response.context["user"].username == "mia"


@pytest.mark.django_db
def test_fifth_wrong_password_locks_the_username(client):
    UserFactory(username="mia")
    for attempt in range(1, 5):
        response = client.post(reverse("login"), {"username": "mia", "password": f"wrong{attempt}"})
        assert response.status_code == 200, f"attempt {attempt} should only say the password is wrong"
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post(reverse("login"), {"username": "mia", "password": "wrong5"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "mia", "password": "secret-pass-123"})
    assert response.status_code == 429


@pytest.mark.django_db
def test_logout_is_a_post(client):
    client.force_login(UserFactory(username="mia"))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


@pytest.mark.django_db
def test_pages_carry_a_csp_with_a_script_nonce(client):
    client.force_login(UserFactory(username="mia"))
    response = client.get(reverse("core:home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    html = response.content.decode()
    assert "htmx" in html
    assert "<script>" not in html  # every script is a nonce'd external file


def test_production_settings_pass_the_deploy_check():
    # The browser fixture allows async-unsafe DB access in this process; production must not inherit that.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "campaigns.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_keeps_postgresql_connections_between_requests():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "y" * 60,
        "DATABASE_URL": "postgres://campaigns@db:5432/campaign_desk",
    }
    env.pop("CONN_MAX_AGE", None)
    script = (
        "from django.conf import settings as s; d = s.DATABASES; "
        "print(d['default']['CONN_MAX_AGE'], d['default']['CONN_HEALTH_CHECKS'], d['progress']['CONN_MAX_AGE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["60", "True", "60"], result.stderr
    shorter = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**env, "CONN_MAX_AGE": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shorter.stdout.split() == ["0", "True", "0"], shorter.stderr


def test_production_settings_refuse_a_missing_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
