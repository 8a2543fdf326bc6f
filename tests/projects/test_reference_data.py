import pytest

from projects.models import Administration, CouncilGoal, FundingProgramme
from projects.reference_data import ADMINISTRATIONS, PROGRAMMES, ensure_reference_data_for_models

pytestmark = pytest.mark.django_db


def test_migration_loads_malmos_administrations_goals_and_programmes():
    names = set(Administration.objects.values_list("name", flat=True))
    assert {"Stadskontoret", "Miljöförvaltningen", "Serviceförvaltningen"} <= names
    assert Administration.objects.get(is_city_office=True).name == "Stadskontoret"
    assert list(CouncilGoal.objects.valid_in(2023).values_list("name", flat=True)) == [
        "Utbildning och arbete",
        "Stadsutveckling och klimat",
        "Trygghet och delaktighet",
        "En god organisation",
    ]
    esf = FundingProgramme.objects.get(short_name="ESF")
    assert (esf.cofinancing_min, esf.cofinancing_max) == (40, 60)
    assert FundingProgramme.objects.filter(name="Annat EU-program").exists()


def test_reference_data_is_idempotent():
    ensure_reference_data_for_models()
    ensure_reference_data_for_models()
    assert Administration.objects.count() == len(ADMINISTRATIONS)
    assert FundingProgramme.objects.count() == len(PROGRAMMES)
    assert CouncilGoal.objects.count() == 4
