import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

from malmo_intl.settings import secret_key_weakness

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
        ("abcde" * 11, "repeats a pattern"),
    ],
)
def test_production_settings_refuse_a_weak_or_placeholder_secret_key(key, reason):
    result = run_django_setup({"DEBUG": "0", "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is not fit for production" in result.stderr
    assert reason in result.stderr


def test_testing_does_not_skip_the_secret_key_check():
    old_test_key = "test-only-secret-key-not-for-production-0123456789"
    for key in (old_test_key, "abcde" * 11):
        result = run_django_setup({"DEBUG": "0", "TESTING": "1", "SECRET_KEY": key})
        assert result.returncode != 0
        assert "SECRET_KEY is not fit for production" in result.stderr


def test_the_test_configuration_key_passes_the_same_check():
    assert secret_key_weakness(os.environ["SECRET_KEY"]) is None


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("0123456789" * 5, "repeats a pattern"),
        ("4d82feac-ab62-86cd-3672-d6ae12b80aed" * 2, "repeats a pattern"),
        ("qwertyuiopasdfghjklzxcvbnm" * 2, "repeats a pattern"),
        ("Zq8vL3nR0tXw2bYk9pJd4sHc7mFg1eA" + "-" * 20, "repeats a pattern"),
        (string.ascii_letters + string.digits, "runs of neighbouring characters"),
        (string.ascii_uppercase[::-1] + string.ascii_lowercase[::-1], "runs of neighbouring"),
        # Five or six letters in random order: no pattern, but too few bits (109 and 123).
        ("iemaaqaiqaqeaammaeaqmaqaeqaqqmaeaqeimeqaqiqeaqqeia", "about 109 bits"),
        ("mieqamaeieuemmmaemmqiemqiumiumeeaeeeueamqeiiaemqiq", "about 123 bits"),
    ],
)
def test_a_patterned_or_low_entropy_secret_key_is_refused(key, reason):
    assert reason in secret_key_weakness(key)


@pytest.mark.parametrize(
    "make_key",
    [
        lambda: secrets.token_urlsafe(50),
        lambda: secrets.token_hex(25),  # 50 characters of 16 kinds
        lambda: secrets.token_hex(64),
        get_random_secret_key,  # what django-admin startproject writes
        lambda: "".join(secrets.choice(string.digits) for _ in range(50)),
    ],
    ids=["token_urlsafe", "hex-50", "hex-128", "django", "digits-50"],
)
def test_random_secret_keys_of_every_common_kind_are_accepted(make_key):
    refused = [
        (key, why) for key in (make_key() for _ in range(500)) if (why := secret_key_weakness(key))
    ]
    assert refused == []


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
