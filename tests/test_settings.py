import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STRONG_KEY = secrets.token_urlsafe(50)


def run_django_setup(env_overrides, code="print('started')"):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "TESTING"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "malmo_intl.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_django_setup({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_secret_key():
    result = run_django_setup({"DEBUG": "0", "SECRET_KEY": STRONG_KEY})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_settings_start_without_secret_key():
    result = run_django_setup({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("short-but-random-Zq8#", "shorter than 50 characters"),
        ("django-insecure-" + STRONG_KEY, "'insecure'"),
        ("please-change-me-" + STRONG_KEY, "'change-me'"),
        ("CHANGEME" + STRONG_KEY, "'changeme'"),
        ("my-secret-key-" + STRONG_KEY, "'secret-key'"),
        ("test-only-" + STRONG_KEY, "'test-only'"),
        ("abab" * 20, "fewer than 5 distinct characters"),
    ],
)
def test_production_settings_refuse_a_weak_or_placeholder_secret_key(key, reason):
    result = run_django_setup({"DEBUG": "0", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is not fit for production" in result.stderr
    assert reason in result.stderr


def test_the_test_configuration_may_use_its_throwaway_key():
    test_key = "test-only-secret-key-not-for-production-0123456789"
    result = run_django_setup({"DEBUG": "0", "TESTING": "1", "SECRET_KEY": test_key})
    assert result.returncode == 0, result.stderr


def test_session_lifetimes_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_AGE, settings.SESSION_MAX_AGE, "
        "settings.AXES_FAILURE_LIMIT, settings.TRUSTED_PROXY_COUNT)"
    )
    defaults = run_django_setup({"DEBUG": "0", "SECRET_KEY": STRONG_KEY}, code)
    assert defaults.stdout.split() == ["1800", "43200", "5", "0"], defaults.stderr
    configured = run_django_setup(
        {
            "DEBUG": "0",
            "SECRET_KEY": STRONG_KEY,
            "SESSION_IDLE_MINUTES": "10",
            "SESSION_MAX_HOURS": "8",
            "LOGIN_FAILURE_LIMIT": "3",
            "TRUSTED_PROXY_COUNT": "1",
        },
        code,
    )
    assert configured.stdout.split() == ["600", "28800", "3", "1"], configured.stderr


def test_a_number_setting_that_is_not_a_number_stops_the_start():
    result = run_django_setup(
        {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "SESSION_IDLE_MINUTES": "half an hour"}
    )
    assert result.returncode != 0
    assert "SESSION_IDLE_MINUTES must be a whole number" in result.stderr


def test_production_settings_refuse_single_sign_on_without_its_values():
    result = run_django_setup(
        {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "OIDC_ENABLED": "1", "OIDC_TENANT_ID": "t"}
    )
    assert result.returncode != 0
    assert (
        "OIDC_ENABLED is on but these are not set: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET."
        in result.stderr
    )


def test_production_settings_start_with_single_sign_on_configured():
    code = (
        "from django.conf import settings; from django.urls import reverse; "
        "print(settings.OIDC_OP_LOGOUT_ENDPOINT, reverse('oidc_authentication_callback'))"
    )
    env = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "OIDC_ENABLED": "1", "OIDC_TENANT_ID": "t1"}
    env |= {"OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s"}
    result = run_django_setup(env, code)
    assert result.returncode == 0, result.stderr
    assert (
        "https://login.microsoftonline.com/t1/oauth2/v2.0/logout /oidc/callback/" in result.stdout
    )


def test_settings_refuse_to_switch_off_every_way_to_sign_in():
    result = run_django_setup({"DEBUG": "1", "LOCAL_LOGIN_ENABLED": "0"})
    assert result.returncode != 0
    assert "nobody could sign in" in result.stderr
