"""Possessives built from names, the Swedish way: no extra s after s, x or z."""

import pytest
from django.template import Context, Template
from django.utils import translation

from projects.text import genitive, in_sentence, proper_words


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fritidsförvaltningen", "Fritidsförvaltningens"),
        ("Malmö stad", "Malmö stads"),
        ("Stadskontoret", "Stadskontorets"),
        ("Hans", "Hans"),
        ("Max", "Max"),
        ("Kunskapsbyrån Fritz", "Kunskapsbyrån Fritz"),
        ("MALMÖ ARENAS", "MALMÖ ARENAS"),
        ("", ""),
    ],
)
def test_swedish_genitive_adds_s_unless_the_name_ends_in_s_x_or_z(name, expected):
    assert genitive(name, language="sv") == expected


def test_english_genitive_uses_an_apostrophe():
    assert genitive("Malmö stad", language="en") == "Malmö stad\u2019s"
    assert genitive("Jonas", language="en") == "Jonas\u2019"


def test_genitive_filter_follows_the_active_language():
    template = Template("{% load wording %}{{ name|genitive }} inrapportering")
    with translation.override("sv"):
        assert template.render(Context({"name": "Kulturförvaltningen"})) == (
            "Kulturförvaltningens inrapportering"
        )
        assert template.render(Context({"name": "Hans"})) == "Hans inrapportering"
    with translation.override("en"):
        assert template.render(Context({"name": "Hans"})) == "Hans\u2019 inrapportering"


def test_make_demo_passes_its_port_to_the_links_in_e_mails():
    """``make demo PORT=8123`` runs on 8123 and builds the e-mail links from the same address."""
    import shutil
    import subprocess
    from pathlib import Path

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    root = Path(__file__).resolve().parents[2]
    commands = subprocess.run(
        ["make", "-n", "demo", "PORT=8123"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    run_line = next(line for line in commands.splitlines() if "runserver" in line)
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in run_line
    assert run_line.endswith("runserver 127.0.0.1:8123")


def test_project_counts_are_plural_aware():
    from projects.text import count_projects

    with translation.override("sv"):
        assert count_projects(1) == "1 projekt"
        assert count_projects(4) == "4 projekt"
    with translation.override("en"):
        assert count_projects(1) == "1 project"
        assert count_projects(4) == "4 projects"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_language_options_are_named_in_their_own_language(client, language):
    """The option for English reads "English" (lang="en"), never the Swedish word "Engelska"."""
    client.cookies["django_language"] = language
    html = client.get("/konto/logga-in/").content.decode()
    assert '<option value="en" lang="en">English</option>' in html.replace(" selected", "")
    assert '<option value="sv" lang="sv">Svenska</option>' in html.replace(" selected", "")
    assert "Engelska" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fritidsförvaltningen", "Du ser Fritidsförvaltningens del av årets siffror"),
        ("Malmö Live Konserthus", "Du ser Malmö Live Konserthus del av årets siffror"),
    ],
)
def test_figures_page_names_the_coordinators_administration_in_the_genitive(client, name, expected):
    from django.urls import reverse

    from tests import factories

    factories.ReportingYearFactory(year=2023, is_open=False)
    coordinator = factories.CoordinatorFactory(
        administration=factories.AdministrationFactory(name=name)
    )
    client.force_login(coordinator)
    html = client.get(reverse("reporting:figures", kwargs={"year": 2023})).content.decode()
    assert expected in html
    assert "Konserthuss" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 project has been added."), (2, "2 projects have been added.")],
)
def test_copy_forward_message_counts_projects_in_english(client, count, expected):
    import datetime

    from django.contrib.messages import get_messages
    from django.urls import reverse

    from tests import factories

    coordinator = factories.CoordinatorFactory()
    administration = coordinator.administration
    previous = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
    )
    running = [
        factories.ProjectReportFactory(
            submission=previous, name=f"Pågående {n}", end_date=datetime.date(2023, 6, 30)
        )
        for n in range(count)
    ]
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=factories.ReportingYearFactory(year=2023)
    )
    client.cookies["django_language"] = "en"
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:copy_forward", args=[submission.pk]),
        {"projects": [report.pk for report in running]},
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(expected)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Miljöförvaltningen", "miljöförvaltningen"),
        ("Arbetsmarknads- och socialförvaltningen", "arbetsmarknads- och socialförvaltningen"),
        ("Hälsa-, vård- och omsorgsförvaltningen", "hälsa-, vård- och omsorgsförvaltningen"),
        ("Kommunfullmäktige", "kommunfullmäktige"),
        ("Malmö Stadsteater AB", "Malmö Stadsteater AB"),
        ("Exempelbostäder AB", "Exempelbostäder AB"),
        ("Räddningstjänsten Syd", "Räddningstjänsten Syd"),
        ("EU-kontoret", "EU-kontoret"),
        ("ICORN", "ICORN"),
        ("Malmö stadsarkiv", "Malmö stadsarkiv"),
        ("Exempelstads hamn", "Exempelstads hamn"),
        ("", ""),
    ],
)
def test_in_a_sentence_an_ordinary_word_loses_its_capital_and_a_proper_name_keeps_it(
    name, expected
):
    proper = proper_words("Malmö stad") | proper_words("Exempelstads kommun")
    assert in_sentence(name, proper=proper) == expected
