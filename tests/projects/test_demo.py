from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"projects", "reporting"}
    }


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == first
    assert first["projects.User"] >= 3


def test_load_demo_prints_a_login_per_role():
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "Utvecklingssamordnare" in text
    assert "Förvaltningssamordnare, Miljöförvaltningen" in text
    assert "Tjänsteperson" in text
