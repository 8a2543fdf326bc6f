"""The organisation as data: its checks, its facts, and a closed year keeping them."""

import pytest
from django.core.exceptions import ValidationError

from projects.models import DecisionStep, Organisation, ReportingYear
from projects.organisation import (
    UNNAMED,
    OrganisationFacts,
    case_number_regex,
    contrast_ratio,
    validate_case_number_pattern,
    validate_letterhead_colour,
    validate_organisation_number,
    validate_pic,
    validate_vat_number,
)
from projects.selectors import organisation_facts
from projects.services import reporting_year_close, reporting_year_reopen


def error_code(check, value):
    with pytest.raises(ValidationError) as caught:
        check(value)
    return caught.value.code


def test_organisation_number_needs_its_shape_and_check_digit():
    validate_organisation_number("212000-1124")  # Malmö stad
    validate_organisation_number("232100-0016")  # Uppsala kommun
    assert error_code(validate_organisation_number, "2120001124") == "organisation_number_format"
    assert error_code(validate_organisation_number, "212000-1125") == "organisation_number_check"


def test_vat_number_and_pic_have_their_shapes():
    validate_vat_number("SE212000112401")
    validate_vat_number("")
    assert error_code(validate_vat_number, "SE2120001124") == "vat_number_format"
    validate_pic("999999999")
    assert error_code(validate_pic, "99999999") == "pic_format"


def test_letterhead_colour_must_read_on_white():
    validate_letterhead_colour("#0a3c78")
    assert round(contrast_ratio("#767676"), 2) == 4.54  # the lightest grey that passes AA
    validate_letterhead_colour("#767676")
    assert error_code(validate_letterhead_colour, "#777777") == "colour_contrast"
    assert error_code(validate_letterhead_colour, "0a3c78") == "colour_format"


def test_case_number_pattern_knows_its_placeholders():
    validate_case_number_pattern("STK-{år}-{nummer}")
    validate_case_number_pattern("KS {nummer}/{år}")
    assert error_code(validate_case_number_pattern, "STK-{year}-{nummer}") == (
        "case_pattern_placeholder"
    )
    assert error_code(validate_case_number_pattern, "STK-{år}") == "case_pattern_number"
    regex = case_number_regex("STK-{år}-{nummer}")
    assert regex.match("STK-2023-1702")
    assert not regex.match("KS-2023-1702")
    assert not regex.match("STK-23-1702")


@pytest.mark.django_db
def test_an_installation_with_data_starts_as_malmo_stad():
    organisation = Organisation.objects.get()
    facts = organisation_facts()
    assert facts.name == organisation.name == "Malmö stad"
    assert facts.name_genitive == "Malmö stads"
    assert facts.office_name_genitive == "Stadskontorets"
    assert [step.abbreviation for step in facts.decision_steps] == ["KSAU", "KS", "KF"]
    assert facts.case_number_matches("STK-2023-1702")


@pytest.mark.django_db
def test_genitive_is_formed_from_the_name_unless_given():
    organisation = Organisation.objects.get()
    organisation.name, organisation.name_genitive = "Lunds kommun", ""
    organisation.save()
    assert organisation_facts().name_genitive == "Lunds kommuns"
    organisation.name_genitive = "Lunds kommuns (egen form)"
    organisation.save()
    assert organisation_facts().name_genitive == "Lunds kommuns (egen form)"


@pytest.mark.django_db
def test_only_one_organisation_per_installation():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Andra kommunen", office_name="KLK")


@pytest.mark.django_db
def test_a_closed_year_keeps_the_organisation_as_it_closed(development_coordinator):
    year = ReportingYear.objects.create(year=2023, is_open=True)
    open_year = ReportingYear.objects.create(year=2024, is_open=True)
    reporting_year_close(reporting_year=year, user=development_coordinator)

    organisation = Organisation.objects.get()
    organisation.name, organisation.name_genitive = "Exempelstads kommun", ""
    organisation.office_name = "Kommunledningskontoret"
    organisation.save()
    organisation.decision_steps.all().delete()
    DecisionStep.objects.create(
        organisation=organisation, position=1, body="Kommunstyrelsen", abbreviation="KS"
    )

    year.refresh_from_db()
    kept = organisation_facts(year)
    assert kept.name == "Malmö stad"
    assert kept.office_name == "Stadskontoret"
    assert [step.abbreviation for step in kept.decision_steps] == ["KSAU", "KS", "KF"]
    # An open year follows the organisation as it is now.
    now = organisation_facts(open_year)
    assert now.name == "Exempelstads kommun"
    assert [step.abbreviation for step in now.decision_steps] == ["KS"]

    reporting_year_reopen(reporting_year=year, user=development_coordinator, reason="Rättelse")
    year.refresh_from_db()
    assert year.organisation_snapshot is None
    assert organisation_facts(year).name == "Exempelstads kommun"


@pytest.mark.django_db
def test_without_an_organisation_the_words_are_neutral():
    Organisation.objects.all().delete()
    assert organisation_facts() == UNNAMED
    assert "Malmö" not in str(UNNAMED.as_dict())


def test_facts_survive_their_own_round_trip():
    facts = OrganisationFacts(name="A kommun", name_genitive="A kommuns", office_name="KLK")
    assert OrganisationFacts.from_dict(facts.as_dict()) == facts
    # A snapshot written by an older version (a field fewer, one unknown) still reads.
    data = facts.as_dict()
    data.pop("pic")
    data["retired_field"] = "x"
    assert OrganisationFacts.from_dict(data).pic == ""


@pytest.mark.django_db
def test_a_year_closed_by_someone_using_english_keeps_the_swedish_document_type(
    development_coordinator,
):
    from django.utils import translation

    Organisation.objects.update(document_type="tjansteutlatande")
    year = ReportingYear.objects.create(year=2023, is_open=True)
    with translation.override("en"):
        reporting_year_close(reporting_year=year, user=development_coordinator)
        assert organisation_facts().document_type_label == "Tjänsteutlåtande"
    year.refresh_from_db()
    assert organisation_facts(year).document_type_label == "Tjänsteutlåtande"
