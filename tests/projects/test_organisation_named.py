"""Another organisation runs the installation: the labels, the Excel template and the e-mails
name it, taken from its data, and nothing of Malmö is left in them."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects import emails
from projects.excel import layout
from projects.excel.reader import plan_import
from projects.excel.template import submission_template
from projects.models import Organisation, Submission, SubmissionComment
from tests import factories
from tests.projects.entry_helpers import create_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def exempelstad(db):
    organisation = Organisation.objects.get()
    organisation.name, organisation.name_genitive = "Exempelstads kommun", ""
    organisation.office_name = "Kommunledningskontoret"
    organisation.colour_primary = "#5a2d82"
    organisation.email_from = "eu-redovisning@exempelstad.se"
    organisation.save()
    return organisation


@pytest.fixture
def submission(exempelstad):
    administration = factories.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    return factories.SubmissionFactory(administration=administration)


@pytest.fixture
def coordinator(submission):
    return factories.CoordinatorFactory(
        email="samordnare@exempelstad.se",
        administration=submission.administration,
    )


def test_the_entry_form_names_the_organisation(client, coordinator, submission):
    client.force_login(coordinator)
    html = client.get(create_url(submission)).content.decode()
    assert "Exempelstads kommuns roll" in html
    assert "Exempelstads kommuns del av budgeten (kr)" in html
    assert "Fylls i när Exempelstads kommun är projektpartner" in html
    # The page's title and header too.
    assert "– Exempelstads kommun</title>" in html
    assert "Malmö" not in html


def test_the_entry_form_names_it_in_english_too(client, coordinator, submission):
    client.force_login(coordinator)
    html = client.get(create_url(submission), headers={"accept-language": "en"}).content
    html = html.decode()
    assert "Exempelstads kommun\u2019s role" in html
    assert "Malmö" not in html


def all_cells(workbook) -> str:
    return " ".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_the_excel_template_names_the_organisation_and_reads_back(submission):
    data = submission_template(submission)
    workbook = load_workbook(io.BytesIO(data))
    headings = [cell.value for cell in workbook[layout.SHEET_PROJECTS][1]]
    assert "Exempelstads kommuns roll" in headings
    assert "Exempelstads kommuns del av budgeten (kr)" in headings
    assert "Malmö" not in all_cells(workbook)
    # The import reads the headings the template wrote.
    assert plan_import(submission=submission, data=data).issues == []


@pytest.fixture
def reviewed(submission, coordinator):
    submission.state = Submission.State.APPROVED
    submission.save()
    return submission


def test_emails_come_from_the_organisation_and_sign_with_it(
    reviewed, coordinator, mailoutbox, settings
):
    settings.SITE_URL = "https://redovisning.exempelstad.se"
    comment = factories.SubmissionCommentFactory(
        submission=reviewed,
        kind=SubmissionComment.Kind.RETURNED,
        text="Komplettera.",
        author=factories.DevelopmentCoordinatorFactory(email="granskare@exempelstad.se"),
    )
    emails.submission_approved(submission=reviewed)
    emails.submission_returned(submission=reviewed, comment=comment)
    emails.reminder(
        submission=reviewed, recipients=[coordinator], progress="Utkast", deadline_passed=False
    )
    emails.submission_submitted(submission=reviewed)
    assert len(mailoutbox) == 4
    for message in mailoutbox:
        assert message.from_email == "eu-redovisning@exempelstad.se"
        assert "Exempelstads kommun" in message.body
        assert "Malmö" not in message.subject + message.body
        assert "Stadskontoret" not in message.body
    assert "Kommunledningskontoret har godkänt" in mailoutbox[0].body


def test_without_the_organisation_s_sender_the_installation_s_default_is_used(
    reviewed, coordinator, mailoutbox, settings
):
    Organisation.objects.update(email_from="")
    settings.DEFAULT_FROM_EMAIL = "redovisning@example.org"
    emails.submission_approved(submission=reviewed)
    assert [message.from_email for message in mailoutbox] == ["redovisning@example.org"]


def test_a_closed_year_s_letterhead_stays_as_it_closed(exempelstad, development_coordinator):
    from projects.selectors import organisation_letterhead
    from projects.services import reporting_year_close

    closed = factories.ReportingYearFactory(year=2023)
    factories.ReportingYearFactory(year=2024)
    reporting_year_close(reporting_year=closed, user=development_coordinator)
    Organisation.objects.update(name="Nya kommunen", name_genitive="", office_name="KLK")

    assert organisation_letterhead(2023).name == "Exempelstads kommun"
    assert organisation_letterhead(2023).colour_primary == "#5a2d82"
    assert organisation_letterhead(2024).name == "Nya kommunen"
    assert organisation_letterhead(2024).name_genitive == "Nya kommunens"
    assert organisation_letterhead().office_name == "KLK"


def test_the_pages_name_the_organisations_own_office_not_stadskontoret(
    client, coordinator, submission
):
    development = factories.DevelopmentCoordinatorFactory(email="utveckling@exempelstad.se")
    client.force_login(coordinator)
    narrative = client.get(reverse("projects:narrative", args=[submission.pk])).content.decode()
    assert "Texterna används när kommunledningskontoret sammanställer redovisningen." in narrative
    figures = client.get(
        reverse("reporting:figures", args=[submission.reporting_year.year]), follow=True
    ).content.decode()
    assert "Kommunledningskontoret sammanställer siffrorna för hela Exempelstads kommun." in (
        figures
    )
    client.force_login(development)
    home = client.get(reverse("projects:home")).content.decode()
    assert "Du är utvecklingssamordnare på kommunledningskontoret:" in home
    exports = client.get(reverse("reporting:export_index"), follow=True).content.decode()
    assert "bara inrapporteringar som kommunledningskontoret har godkänt" in exports
    client.force_login(coordinator)
    form = client.get(create_url(submission)).content.decode()
    assert "Kommunledningskontoret väljer exempel till redovisningen" in form
    for html in (narrative, figures, home, exports):
        assert "tadskontor" not in html
