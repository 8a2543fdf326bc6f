"""The memo's wording as data: the catalogue's defaults, the wording a memo keeps, the
organisation's decision path and document type in the draft, and the editing page."""

import datetime

import pytest
from django.urls import reverse

from projects.models import DecisionStep, Organisation, ReportingYear
from projects.services import reporting_year_close
from reporting.memo import wording_catalogue
from reporting.memo.pdf import memo_sections
from reporting.memo.services import (
    memo_create_draft,
    memo_refresh_figures,
    memo_refresh_wording,
    memo_wording_save,
)
from reporting.memo.wording import check_template
from reporting.memo.wording_catalogue import CATALOGUE, ENTRIES, GROUPS, LABELS, defaults
from reporting.models import Memo, MemoWording
from tests.reporting.memo_helpers import build_two_years

URL = reverse("reporting:memo_wording")
NB = "\u00a0"


def headings(memo):
    return {section.key: section.heading for section in memo_sections(memo)}


def test_every_default_uses_only_the_placeholders_its_text_can_fill():
    for entry in CATALOGUE:
        check_template(entry.default, entry.allowed)
    assert len(ENTRIES) == len(CATALOGUE)


def test_the_default_wording_file_and_the_labels_name_the_same_templates(tmp_path, monkeypatch):
    assert [entry.key for entry in CATALOGUE] == list(LABELS)
    assert {entry.group for entry in CATALOGUE} == set(GROUPS)
    assert ENTRIES["decision_basis"].own == ("sammanträde",)
    assert ENTRIES["proposed_decision"].multiline and not ENTRIES["title"].multiline
    # A template in the file without a label (or a label without a template) is refused at
    # start-up, by name, rather than shown without a label or left without a default.
    extra = tmp_path / "wording.toml"
    extra.write_bytes(
        wording_catalogue.DEFAULT_WORDING.read_bytes()
        + b'\n[unlabelled]\ngroup = "texts"\ntext = "x"\n'
    )
    monkeypatch.setattr(wording_catalogue, "DEFAULT_WORDING", extra)
    with pytest.raises(ValueError, match="unlabelled"):
        wording_catalogue._catalogue()


def test_the_defaults_name_no_city_but_through_placeholders_in_the_figure_sentences():
    figure_groups = {"headings", "projects", "payouts", "examples"}
    for entry in CATALOGUE:
        if entry.group in figure_groups:
            assert "Malmö" not in entry.default, entry.key


@pytest.mark.django_db
def test_a_draft_follows_the_organisations_decision_path_and_document_type(
    development_coordinator,
):
    build_two_years()
    organisation = Organisation.objects.get()
    organisation.document_type = Organisation.DocumentType.TJANSTEUTLATANDE
    organisation.name, organisation.name_genitive = "Exempelstad", ""
    organisation.office_name = "Kommunledningskontoret"
    organisation.save()
    organisation.decision_steps.all().delete()
    DecisionStep.objects.create(
        organisation=organisation, position=1, body="Kommunstyrelsen", abbreviation="KS"
    )
    DecisionStep.objects.create(
        organisation=organisation, position=2, body="Kommunfullmäktige", abbreviation="KF"
    )

    memo = memo_create_draft(year=2023, user=development_coordinator)

    assert [step.body for step in memo.steps.all()] == ["Kommunstyrelsen", "Kommunfullmäktige"]
    assert memo.decision_basis == (
        "- G-Tjänsteutlåtande KS Redovisning av internationellt arbete 2023"
    )
    assert memo.proposed_decision.startswith("Kommunstyrelsen föreslår kommunfullmäktige besluta")
    assert "Under 2023 redovisade Exempelstads förvaltningar medverkan i 2 EU-projekt" in (
        memo.projects_text.replace(NB, " ")
    )
    assert headings(memo)["assessment"] == "Kommunledningskontorets bedömning"
    assert "Malmö" not in memo.summary + memo.matter + memo.projects_text


@pytest.mark.django_db
def test_the_malmo_draft_has_the_2023_decision_path(development_coordinator):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert [step.body for step in memo.steps.all()] == [
        "Kommunstyrelsens arbetsutskott",
        "Kommunstyrelsen",
        "Kommunfullmäktige",
    ]
    assert memo.decision_basis == (
        "- G-Tjänsteskrivelse KSAU Redovisning av internationellt arbete 2023"
    )
    assert headings(memo)["assessment"] == "Stadskontorets bedömning"
    assert memo.wording == defaults()


def changed_wording(user):
    memo_wording_save(
        templates={
            "heading_assessment": "Vår bedömning",
            "payouts_total": "År {år} kom {utbetalt} i EU-medel.",
            "assessment": "Vi föreslår att redovisningen läggs till handlingarna.",
        },
        user=user,
    )


@pytest.mark.django_db
def test_a_closed_years_memo_keeps_the_wording_it_was_drafted_with(development_coordinator):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    before = memo.payouts_by_administration_text
    changed_wording(development_coordinator)

    memo = memo_refresh_figures(memo=memo, user=development_coordinator)

    assert memo.payouts_by_administration_text == before
    assert headings(memo)["assessment"] == "Stadskontorets bedömning"
    with pytest.raises(Exception) as refused:
        memo_refresh_wording(memo=memo, user=development_coordinator)
    assert refused.value.code == "year_closed"
    memo.refresh_from_db()
    assert memo.payouts_by_administration_text == before
    assert memo.wording == defaults()


@pytest.mark.django_db
def test_an_open_years_memo_takes_the_new_wording_only_when_asked(development_coordinator):
    build_two_years()
    ReportingYear.objects.filter(year=2023).update(is_open=True)
    memo = memo_create_draft(year=2023, user=development_coordinator)
    Memo.objects.filter(pk=memo.pk).update(summary="Egen sammanfattning.")
    changed_wording(development_coordinator)
    memo = memo_refresh_figures(memo=memo, user=development_coordinator)
    assert headings(memo)["assessment"] == "Stadskontorets bedömning"

    memo = memo_refresh_wording(memo=memo, user=development_coordinator)

    assert headings(memo)["assessment"] == "Vår bedömning"
    assert memo.payouts_by_administration_text.replace(NB, " ").startswith(
        "År 2023 kom cirka 13 miljoner kronor i EU-medel."
    )
    # Untouched since the draft: follows the wording; edited by hand: kept.
    assert memo.assessment == "Vi föreslår att redovisningen läggs till handlingarna."
    assert memo.summary == "Egen sammanfattning."


@pytest.mark.django_db
def test_a_new_draft_is_written_in_the_saved_wording(development_coordinator):
    build_two_years()
    changed_wording(development_coordinator)
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert memo.assessment == "Vi föreslår att redovisningen läggs till handlingarna."
    assert headings(memo)["assessment"] == "Vår bedömning"
    assert MemoWording.history.count() == 1


@pytest.mark.django_db
def test_the_page_lists_each_templates_placeholders_with_this_years_values(
    client, development_coordinator
):
    build_two_years()
    client.force_login(development_coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    rows = {row["field"].name: row for group in response.context["groups"] for row in group["rows"]}
    values = {p["name"]: p["value"] for p in rows["projects_count"]["placeholders"]}
    assert values["{antal_projekt}"] == "2"
    assert values["{organisationens}"] == "Malmö stads"
    assert values["{år}"] == "2023"
    content = response.content.decode()
    assert "Under 2023 redovisade Malmö stads förvaltningar medverkan i 2" in content.replace(
        NB, " "
    )


@pytest.mark.django_db
def test_an_unknown_placeholder_is_refused_at_its_field_and_nothing_is_saved(
    client, development_coordinator
):
    build_two_years()
    client.force_login(development_coordinator)
    data = {**defaults(), "projects_count": "Under {år} deltog {stad} i {antal_projekt} projekt."}

    response = client.post(URL, data)

    assert response.status_code == 400
    form = response.context["form"]
    assert [error.code for error in form.errors.as_data()["projects_count"]] == [
        "unknown_placeholder"
    ]
    content = response.content.decode()
    assert 'href="#id_projects_count"' in content  # the error summary links to the field
    assert 'id="id_projects_count-error"' in content
    assert "{stad}" in content
    # The preview still shows the whole text, with the saved sentence for the field in error.
    assert "Under 2023 redovisade Malmö stads förvaltningar" in content.replace(NB, " ")
    assert not MemoWording.objects.exists()


@pytest.mark.django_db
def test_the_preview_shows_the_fields_without_saving_them(client, development_coordinator):
    build_two_years()
    client.force_login(development_coordinator)
    data = {**defaults(), "heading_matter": "Ärendet för {år}", "preview": "1"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Ärendet för 2023" in response.content.decode()
    assert not MemoWording.objects.exists()


@pytest.mark.django_db
def test_saving_keeps_the_wording_with_its_history(client, development_coordinator):
    build_two_years()
    client.force_login(development_coordinator)
    data = {**defaults(), "heading_matter": "Ärendet {år}"}
    response = client.post(URL, data)
    assert response.status_code == 302
    assert MemoWording.objects.get().templates["heading_matter"] == "Ärendet {år}"
    record = MemoWording.history.get()
    assert record.history_user == development_coordinator
    page = client.get(URL)
    assert page.context["changes"][0]["user"] == development_coordinator


@pytest.mark.django_db
def test_a_template_that_no_longer_checks_falls_back_to_the_default(development_coordinator):
    build_two_years()
    MemoWording.objects.create(templates={"heading_matter": "Ärendet {okänd}"})
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert headings(memo)["matter"] == "Ärendet"


@pytest.mark.django_db
def test_a_closed_years_memo_keeps_its_organisation_after_the_organisation_changes(
    development_coordinator,
):
    build_two_years()
    year = ReportingYear.objects.get(year=2023)
    ReportingYear.objects.filter(pk=year.pk).update(is_open=True)
    year.refresh_from_db()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    reporting_year_close(reporting_year=year, user=development_coordinator)
    Organisation.objects.update(office_name="Kommunkontoret")
    memo.refresh_from_db()
    assert headings(memo)["assessment"] == "Stadskontorets bedömning"


@pytest.mark.django_db
def test_the_new_wordings_decision_basis_keeps_the_meeting_date(development_coordinator):
    build_two_years()
    ReportingYear.objects.filter(year=2023).update(is_open=True)
    memo = memo_create_draft(year=2023, user=development_coordinator)
    first = memo.steps.first()
    first.date = datetime.date(2024, 4, 22)
    first.save()
    Memo.objects.filter(pk=memo.pk).update(
        decision_basis="- G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023"
    )
    memo_wording_save(
        templates={"decision_basis": "- {dokumenttyp} {första_instans}{sammanträde} {år}"},
        user=development_coordinator,
    )

    memo = memo_refresh_wording(memo=Memo.objects.get(pk=memo.pk), user=development_coordinator)

    assert memo.decision_basis == "- Tjänsteskrivelse KSAU 240422 2023"
