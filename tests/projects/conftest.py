"""Fixtures shared by the tests of `projects`."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files (Excel imports) go to the test's own folder, never the real media root."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
