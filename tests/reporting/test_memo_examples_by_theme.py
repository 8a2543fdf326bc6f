"""The memo's examples grouped by theme (the council goal): the projects of one goal are told
together, naming the administrations that worked on it and what each project achieved."""

import pytest

from projects.models import Submission
from reporting.memo.services import memo_create_draft
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def climate_2024(db):
    """Three example projects under "Klimat och miljö" from two administrations, and one under
    another goal."""
    reporting_year = f.ReportingYearFactory(year=2024, is_open=False)
    climate = f.CouncilGoalFactory(name="Klimat och miljö", valid_from_year=2020)
    school = f.CouncilGoalFactory(name="Skola och lärande", valid_from_year=2020)
    environment, streets = (
        f.SubmissionFactory(
            administration=f.AdministrationFactory(name=name),
            reporting_year=reporting_year,
            state=Submission.State.APPROVED,
        )
        for name in ("Miljöförvaltningen", "Fastighets- och gatukontoret")
    )
    for submission, name, goal, results in (
        (environment, "Klimatsmarta skolgårdar", climate, "Tre skolgårdar gjordes om."),
        (environment, "Grön stad", climate, "Tusen träd planterades i fem stadsdelar."),
        (streets, "Cirkulärt byggande", climate, "Två broar byggdes av återbrukat stål."),
        (streets, "Läxhjälp för alla", school, "Fler elever klarade proven."),
    ):
        f.ProjectReportFactory(
            submission=submission,
            name=name,
            acronym="",
            council_goal=goal,
            results=results,
            description="",
            suggested_as_example=True,
        )


def test_three_projects_of_one_goal_from_two_administrations_make_one_paragraph(
    climate_2024, development_coordinator
):
    memo = memo_create_draft(year=2024, user=development_coordinator)
    paragraphs = memo.examples_text.split("\n\n")
    climate = [p for p in paragraphs if "Klimat och miljö" in p]
    assert len(climate) == 1
    [paragraph] = climate
    assert paragraph.startswith("Inom kommunfullmäktigemålet ”Klimat och miljö” arbetade ")
    for name in ("Klimatsmarta skolgårdar", "Grön stad", "Cirkulärt byggande"):
        assert f"”{name}”" in paragraph
        # No other paragraph tells the project again.
        assert sum(f"”{name}”" in p for p in paragraphs) == 1
    assert "fastighets- och gatukontoret och miljöförvaltningen tillsammans i tre EU-projekt" in (
        paragraph.replace("Fastighets-", "fastighets-")
    )
    # What each achieved, once.
    for result in (
        "Tre skolgårdar gjordes om.",
        "Tusen träd planterades i fem stadsdelar.",
        "Två broar byggdes av återbrukat stål.",
    ):
        assert memo.examples_text.count(result) == 1
        assert result in paragraph
    # A goal with one example keeps its own paragraph.
    [school] = [p for p in paragraphs if "Läxhjälp för alla" in p]
    assert school.startswith("Fastighets- och gatukontoret ")
    assert "Fler elever klarade proven." in school


def test_a_companys_name_keeps_its_capitals_inside_an_example_sentence():
    from projects.organisation import OrganisationFacts
    from reporting.memo.examples import example_paragraph
    from reporting.memo.wording_catalogue import Wording
    from reporting.selectors import ExampleProject

    facts = OrganisationFacts(name="Malmö stad", name_genitive="Malmö stads")
    example = ExampleProject(
        project="Scen utan gränser",
        acronym="",
        administration="Malmö Stadsteater AB",
        programme="Kreativa Europa",
        programme_short_name="Kreativa Europa",
        role="owner",
        description="",
        results="",
        participating_administrations=("Malmö Stadsteater AB", "Kulturförvaltningen"),
    )

    paragraph = example_paragraph(example, wording=Wording.build(None, facts, 2024))

    assert "I projektet samverkar Malmö Stadsteater AB med kulturförvaltningen." in paragraph
    assert "malmö" not in paragraph
