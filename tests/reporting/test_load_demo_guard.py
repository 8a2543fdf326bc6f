"""load_demo refuses a production-like setup: its users share a published password."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

COMMAND = "reporting.management.commands.load_demo"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.TESTING = False


@pytest.fixture
def loaders():
    with (
        mock.patch(f"{COMMAND}.load_demo", return_value=[]) as users,
        mock.patch(f"{COMMAND}.load_demo_memo") as memo,
    ):
        yield users, memo


def test_refuses_with_debug_off_and_says_why(production, loaders):
    with pytest.raises(CommandError) as refusal:
        call_command("load_demo", stdout=StringIO())
    message = str(refusal.value)
    assert "load_demo vägrar köra när DEBUG är av" in message
    assert "--i-know-this-is-not-production" in message
    users, memo = loaders
    users.assert_not_called()
    memo.assert_not_called()


def test_runs_with_debug_off_when_told_this_is_not_production(production, loaders):
    out = StringIO()
    call_command("load_demo", "--i-know-this-is-not-production", stdout=out)
    assert "Demodata inläst." in out.getvalue()
    loaders[0].assert_called_once()


def test_runs_with_debug_on(production, settings, loaders):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    loaders[0].assert_called_once()
