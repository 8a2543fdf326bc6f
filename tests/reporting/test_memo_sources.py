"""What the administrations wrote beside the memo editor, the basis of the figures, and the
draft's example section drawn from the narratives."""

import datetime

import pytest
from django.urls import reverse

from projects.models import Administration, ReportingYear, Submission
from projects.services.versions import year_data_changed
from reporting.memo import drafting
from reporting.memo.examples import Told, without_name
from reporting.memo.services import memo_create_draft, memo_refresh_figures
from reporting.selectors import memo_sources, year_basis, year_figures
from tests import factories as f
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

APPROVED, SUBMITTED = Submission.State.APPROVED, Submission.State.SUBMITTED


def submission(name, year, state=APPROVED, **texts):
    administration = f.AdministrationFactory(name=name)
    reporting_year = f.ReportingYearFactory(year=year, is_open=True)
    return f.SubmissionFactory(
        administration=administration, reporting_year=reporting_year, state=state, **texts
    )


@pytest.fixture
def sources_2024(db):
    """Three administrations in Swedish order Å, Ä, Ö (code points would put Ä before Å)."""
    f.ReportingYearFactory(year=2024, is_open=True)
    culture = submission(
        "Ängsförvaltningen",
        2024,
        networks="ICORN, fristadsnätverket.",
        conferences="Förvaltningen arrangerade Banned Books Week i Malmö.",
        results="Malmö stärkte sin profil som fristad.",
    )
    sports = submission(
        "Åkerförvaltningen", 2024, overview="Malmö var värd för stora idrottsevenemang."
    )
    waiting = submission(
        "Östra förvaltningen", 2024, state=SUBMITTED, networks="EUROCITIES (inte godkänd)."
    )
    f.ProjectReportFactory(
        submission=sports, name="Idrott för alla", suggested_as_example=True, results="Fler."
    )
    f.ProjectReportFactory(
        submission=sports, name="Inte föreslaget", suggested_as_example=False, results="Dolt."
    )
    f.ProjectReportFactory(
        submission=waiting, name="Väntande", suggested_as_example=True, results="Väntar."
    )
    return {"culture": culture, "sports": sports, "waiting": waiting}


def test_sources_are_the_approved_narratives_and_suggested_projects_in_swedish_order(
    sources_2024,
):
    sources = memo_sources(2024)
    assert [row.administration for row in sources.administrations] == [
        "Åkerförvaltningen",
        "Ängsförvaltningen",
    ]
    sports, culture = sources.administrations
    assert [(n.field, n.text) for n in culture.narratives] == [
        ("networks", "ICORN, fristadsnätverket."),
        ("conferences", "Förvaltningen arrangerade Banned Books Week i Malmö."),
        ("results", "Malmö stärkte sin profil som fristad."),
    ]
    assert [(p.project, p.results) for p in sports.projects] == [("Idrott för alla", "Fler.")]
    assert culture.tells_beyond_projects and not sports.tells_beyond_projects


REFERENCE = 13  # the reference data's administrations, which exist from 2020


def test_basis_counts_approved_of_the_administrations_expected_to_report(sources_2024):
    # While 2024 is open, every administration that exists in 2024 may still report:
    # one that has not started counts, one that ended in 2023 does not.
    f.AdministrationFactory(name="Ny förvaltning", valid_from_year=2020)
    f.AdministrationFactory(name="Nedlagd förvaltning", valid_from_year=2000, valid_to_year=2023)
    basis = year_basis(2024)
    assert (basis.approved, basis.expected) == (2, REFERENCE + 3 + 1)
    assert not basis.complete

    # A closed year rests on the submissions it has.
    ReportingYear.objects.filter(year=2024).update(is_open=False)
    basis = year_basis(2024)
    assert (basis.approved, basis.expected, basis.complete) == (2, 3, False)
    Submission.objects.filter(state=SUBMITTED).update(state=APPROVED)
    basis = year_basis(2024)
    assert (basis.approved, basis.expected, basis.complete) == (3, 3, True)


def build_many(count: int, year: int = 2025) -> None:
    reporting_year = f.ReportingYearFactory(year=year, is_open=True)
    for index in range(count):
        administration = f.AdministrationFactory(name=f"Förvaltning {index:02}")
        approved = f.SubmissionFactory(
            administration=administration,
            reporting_year=reporting_year,
            state=APPROVED,
            networks=f"Nätverk {index}.",
            results=f"Resultat {index}.",
        )
        for number in range(3):
            f.ProjectReportFactory(
                submission=approved,
                name=f"Projekt {index}-{number}",
                suggested_as_example=True,
                participating_administrations=[administration],
            )


@pytest.mark.parametrize("count", [1, 12])
def test_sources_take_three_queries_however_many_administrations_and_projects(
    count, django_assert_num_queries
):
    build_many(count)
    with django_assert_num_queries(3):
        sources = memo_sources(2025)
    assert len(sources.administrations) == count
    assert sum(len(row.projects) for row in sources.administrations) == 3 * count


# --- the editor ------------------------------------------------------------------------------


@pytest.fixture
def memo_2024(sources_2024, development_coordinator):
    return memo_create_draft(year=2024, user=development_coordinator)


def test_editor_shows_each_administrations_passages_with_an_insert_button(
    client, memo_2024, development_coordinator
):
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:memo_edit", args=[2024])).content.decode()
    assert page.index(">Åkerförvaltningen</h3>") < page.index(">Ängsförvaltningen</h3>")
    assert "Nätverk och medlemskap" in page
    assert "Förvaltningen arrangerade Banned Books Week i Malmö." in page
    assert "Projektet ”Idrott för alla”: resultat under året" in page
    # Only approved submissions and suggested projects.
    assert "EUROCITIES (inte godkänd)" not in page
    assert "Dolt." not in page
    # Without JavaScript the passages are plain text; the buttons appear with the script.
    assert 'data-insert-source="source-2-2" hidden' in page
    assert 'id="sources-target"' in page


def test_editor_says_on_what_the_figures_rest_while_the_year_is_in_progress(
    client, memo_2024, development_coordinator
):
    client.force_login(development_coordinator)
    page = client.get(reverse("reporting:memo_edit", args=[2024])).content.decode()
    assert f"Bygger på 2 av {REFERENCE + 3} förvaltningar, godkända." in page
    assert "Siffrorna för 2024 är preliminära" in page
    assert "skrevs när" not in page

    Submission.objects.filter(state=SUBMITTED).update(state=APPROVED)
    ReportingYear.objects.filter(year=2024).update(is_open=False)
    year_data_changed(years=[2024])  # as approving and closing do
    page = client.get(reverse("reporting:memo_edit", args=[2024])).content.decode()
    assert "Bygger på 3 av 3 förvaltningar, godkända." in page
    assert "är preliminära" not in page
    assert f"Texterna nedan skrevs när 2 av {REFERENCE + 3} förvaltningar var godkända." in page


def test_editor_speaks_english_to_those_who_chose_it(client, memo_2024, development_coordinator):
    client.force_login(development_coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("reporting:memo_edit", args=[2024])).content.decode()
    assert f"Based on 2 of {REFERENCE + 3} administrations, approved." in page
    assert "What the administrations wrote" in page
    assert "Project “Idrott för alla”: results of the year" in page
    # What the administrations wrote stays as they wrote it.
    assert "Förvaltningen arrangerade Banned Books Week i Malmö." in page


def test_editor_query_count_does_not_grow_with_administrations_or_projects(
    client, development_coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    build_many(1, year=2025)
    build_many_more = 12
    memo_create_draft(year=2025, user=development_coordinator)
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_edit", args=[2025])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        response = client.get(url)
    assert response.content.decode().count("data-insert-source=") == 2 + 3
    few = len(few.captured_queries)

    reporting_year = Submission.objects.filter(reporting_year__year=2025).first().reporting_year
    for index in range(build_many_more):
        administration = f.AdministrationFactory(name=f"Fler {index:02}")
        approved = f.SubmissionFactory(
            administration=administration,
            reporting_year=reporting_year,
            state=APPROVED,
            networks=f"Nätverk {index}.",
            results=f"Resultat {index}.",
        )
        for number in range(3):
            f.ProjectReportFactory(
                submission=approved, name=f"Fler {index}-{number}", suggested_as_example=True
            )
    year_data_changed(years=[2025])  # as the services that add them do
    client.get(url)  # what is read once per data version
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.content.decode().count("data-insert-source=") == 5 * (1 + build_many_more)


# --- comparisons from a preliminary year -----------------------------------------------------


@pytest.fixture
def two_years(db):
    return build_two_years()


def test_a_complete_year_is_compared_with_the_previous_year(two_years, development_coordinator):
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert "har ökat i antal under 2023 jämfört med 2022" in memo.projects_text
    assert "Detta kan jämföras med 2022" in memo.projects_text
    assert "Motsvarande siffror för 2022" in memo.payouts_by_administration_text
    assert memo.figures_snapshot["basis"] == {"approved": 2, "expected": 2}


def test_a_preliminary_year_is_not_compared_with_the_previous_year(
    two_years, development_coordinator
):
    # A third administration's 2023 submission is not approved yet: 2 of 3 approved.
    f.SubmissionFactory(
        administration=Administration.objects.get(name="Fritidsförvaltningen"),
        reporting_year=two_years["big_report"].submission.reporting_year,
        state=SUBMITTED,
    )
    memo = memo_create_draft(year=2023, user=development_coordinator)
    text = memo.projects_text.replace("\u00a0", " ")
    assert "Under 2023 redovisade Malmö stads förvaltningar medverkan i 2 EU-projekt" in text
    assert "jämfört med 2022" not in text
    assert "Detta kan jämföras med" not in text
    assert "Motsvarande siffror för 2022" not in memo.payouts_by_administration_text
    assert memo.figures_snapshot["basis"] == {"approved": 2, "expected": 3}
    # The basis is kept beside the figures: the figures' hash is the same as ever.
    assert not memo.figures_changed(drafting.figures_hash(year_figures(2023)))


def test_refreshing_once_every_administration_is_approved_writes_the_comparisons(
    two_years, development_coordinator
):
    waiting = f.SubmissionFactory(
        administration=Administration.objects.get(name="Fritidsförvaltningen"),
        reporting_year=two_years["big_report"].submission.reporting_year,
        state=SUBMITTED,
    )
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert "Detta kan jämföras med" not in memo.projects_text
    Submission.objects.filter(pk=waiting.pk).update(state=APPROVED)
    memo = memo_refresh_figures(memo=memo, user=development_coordinator)
    assert "Detta kan jämföras med 2022" in memo.projects_text


# --- the example section from the narratives -------------------------------------------------


def test_examples_tell_administrations_without_example_projects_from_their_narratives(
    sources_2024, development_coordinator
):
    memo = memo_create_draft(year=2024, user=development_coordinator)
    paragraphs = memo.examples_text.split("\n\n")
    assert paragraphs[0].startswith("Åkerförvaltningen leder projektet ”Idrott för alla”")
    assert paragraphs[1] == (
        # Opening with "Förvaltningen": the administration is named instead.
        "Ängsförvaltningen deltar i internationella nätverk som ICORN, fristadsnätverket. "
        "Förvaltningen arrangerade Banned Books Week i Malmö. Malmö stärkte sin profil som "
        "fristad."
    )
    assert len(paragraphs) == 2
    assert "EUROCITIES" not in memo.examples_text


def test_a_description_that_the_results_repeat_is_left_out(development_coordinator):
    reporting_year = f.ReportingYearFactory(year=2023, is_open=False)
    environment = f.AdministrationFactory(name="Miljöförvaltningen")
    f.ProjectReportFactory(
        submission=f.SubmissionFactory(
            administration=environment, reporting_year=reporting_year, state=APPROVED
        ),
        name="Rusta aktörer för en snabbare klimatomställning",
        acronym="RASK",
        description=(
            "RASK, Rusta aktörer för en snabbare klimatomställning, prövar aktiviteter riktade "
            "till Malmöbor, anställda i Malmö stad och Ung i sommar-gruppen."
        ),
        results=(
            "Miljöförvaltningen har provat olika aktiviteter riktade till Malmöbor, anställda "
            "i Malmö stad och Ung i sommar-gruppen och fått en breddad förståelse."
        ),
        suggested_as_example=True,
        start_date=datetime.date(2021, 9, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    memo = memo_create_draft(year=2023, user=development_coordinator)
    text = memo.examples_text
    assert text.count("Ung i sommar-gruppen") == 1
    assert text.count("Rusta aktörer för en snabbare klimatomställning") == 1
    assert "fått en breddad förståelse" in text


def test_a_description_that_opens_with_the_projects_name_opens_with_projektet():
    assert (
        without_name("ACCESS visar hur bilar laddas.", "ACCESS – laddning", "ACCESS")
        == "Projektet visar hur bilar laddas."
    )
    assert (
        without_name("Breddad rekrytering rustar Malmöbor.", "Breddad rekrytering", "B")
        == "Projektet rustar Malmöbor."
    )
    # An acronym is matched as written: "Spegla Malmö" is not the acronym SPEGLA.
    assert (
        without_name("Spegla Malmö syftar till mångfald.", "Kompetens", "SPEGLA")
        == "Spegla Malmö syftar till mångfald."
    )


def test_the_same_paragraph_is_never_written_twice():
    told = Told()
    assert told.keep(["Malmö var värd för idrottsevenemang från hela Europa."])
    assert not told.keep(["Malmö var värd för idrottsevenemang från hela Europa i år."])
    assert told.keep(["Kulturförvaltningen arrangerade Banned Books Week."])


def test_sources_list_each_example_with_its_own_words_by_name(sources_2024):
    """Projects created out of order, with acronym, description and results of their own; an
    approved administration that wrote nothing and suggested nothing is not listed."""
    sports = sources_2024["sports"]
    f.ProjectReportFactory(
        submission=sports,
        name="Simskola för nyanlända",
        acronym="SIM",
        description="  Simundervisning för barn och vuxna.  ",
        results="200 lärde sig simma.",
        suggested_as_example=True,
    )
    f.ProjectReportFactory(
        submission=sports,
        name="Aktiv hela livet",
        acronym="AKTIV",
        description="",
        results=" Fler äldre rör sig. ",
        suggested_as_example=True,
    )
    submission("Tysta förvaltningen", 2024)
    sources = memo_sources(2024)
    assert [row.administration for row in sources.administrations] == [
        "Åkerförvaltningen",
        "Ängsförvaltningen",
    ]
    listed = sources.administrations[0].projects
    assert [(p.project, p.acronym, p.description, p.results) for p in listed] == [
        ("Aktiv hela livet", "AKTIV", "", "Fler äldre rör sig."),
        ("Idrott för alla", listed[1].acronym, listed[1].description, "Fler."),
        (
            "Simskola för nyanlända",
            "SIM",
            "Simundervisning för barn och vuxna.",
            "200 lärde sig simma.",
        ),
    ]


def test_the_basis_is_the_years_own(db):
    """A closed year counts its own submissions, even while a later year is open and an
    administration has a submission only in an earlier year."""
    f.ReportingYearFactory(year=2023, is_open=False)
    f.ReportingYearFactory(year=2024, is_open=True)
    submission("Kulturförvaltningen", 2023)
    submission("Fritidsförvaltningen", 2022)
    basis = year_basis(2023)
    assert (basis.year, basis.approved, basis.expected, basis.complete) == (2023, 1, 1, True)
