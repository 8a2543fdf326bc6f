"""An approved year never changes: year-scoped facts, locks in every service, no lost updates."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from projects import selectors, services
from projects.excel import layout
from projects.excel.importer import plan_import
from projects.excel.template import submission_template
from projects.models import Payout, ProjectReport, Submission
from reporting.selectors import year_figures
from tests import factories as f
from tests.projects.entry_helpers import project_post_data, update_url
from tests.projects.excel_helpers import confirm_import

ESF = "Europeiska socialfonden"
ERASMUS = "Erasmus+"
INTERREG = "Interreg Öresund-Kattegatt-Skagerrak"


def summary(year: int) -> str:
    out = io.StringIO()
    call_command("report_summary", year=year, stdout=out)
    return out.getvalue()


@pytest.fixture
def culture(db):
    return f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")


@pytest.fixture
def leisure(db):
    return f.AdministrationFactory(name="Fritidsförvaltningen", short_code="FRI")


@pytest.fixture
def programmes(db):
    return {
        name: f.FundingProgrammeFactory(
            name=name, cofinancing_min=Decimal("0"), cofinancing_max=Decimal("100")
        )
        for name in (ESF, ERASMUS, INTERREG)
    }


@pytest.fixture
def approved_2023(administration, culture, leisure, goal, programmes, development_coordinator):
    """2023 approved and closed: Miljöförvaltningen owns A (with Kulturförvaltningen) and is
    partner in B; Kulturförvaltningen owns C. Then 2024 is opened and A and B carried forward."""
    year = f.ReportingYearFactory(year=2023, council_goals=[goal])
    submission = f.SubmissionFactory(
        administration=administration, reporting_year=year, state=Submission.State.APPROVED
    )
    a = f.ProjectReportFactory(
        submission=submission,
        name="Gröna skolgårdar",
        acronym="GRÖN",
        programme=programmes[ESF],
        role=ProjectReport.Role.OWNER,
        council_goal=goal,
        start_date=datetime.date(2022, 3, 1),
        end_date=datetime.date(2025, 6, 30),
        total_budget_sek=Decimal("4000000.00"),
        own_budget_sek=Decimal("2000000.00"),
        eu_cofinancing_rate=Decimal("60.00"),
        participating_administrations=[culture],
    )
    b = f.ProjectReportFactory(
        submission=submission,
        name="Blå städer",
        acronym="BLÅ",
        programme=programmes[ERASMUS],
        role=ProjectReport.Role.PARTNER,
        lead_organisation="Lunds universitet",
        council_goal=goal,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        total_budget_sek=Decimal("900000.00"),
        own_budget_sek=Decimal("300000.00"),
        eu_cofinancing_rate=Decimal("80.00"),
    )
    f.PayoutFactory(report=a, payment_date=datetime.date(2023, 4, 1), amount_sek=Decimal("500.10"))
    f.PayoutFactory(report=b, payment_date=datetime.date(2023, 9, 1), amount_sek=Decimal("700.20"))
    other = f.SubmissionFactory(
        administration=culture, reporting_year=year, state=Submission.State.APPROVED
    )
    f.ProjectReportFactory(
        submission=other, name="Fria ord", programme=programmes[INTERREG], council_goal=goal
    )
    services.reporting_year_close(reporting_year=year, user=development_coordinator)
    services.reporting_year_open(
        year=2024,
        deadline=datetime.date(2025, 2, 28),
        council_goals=[goal],
        user=development_coordinator,
    )
    draft = Submission.objects.get(administration=administration, reporting_year__year=2024)
    candidates = selectors.copy_forward_candidates(draft)
    assert set(candidates) == {a, b}
    services.projects_copy_forward(submission=draft, reports=candidates, by=None)
    return {"submission": submission, "draft": draft, "a": a, "b": b}


def test_copy_forward_starts_from_last_years_facts_without_payouts_or_results(approved_2023):
    a_2024 = approved_2023["draft"].project_reports.get(project=approved_2023["a"].project)
    assert a_2024.pk != approved_2023["a"].pk
    assert (a_2024.name, a_2024.role, a_2024.total_budget_sek) == (
        "Gröna skolgårdar",
        ProjectReport.Role.OWNER,
        Decimal("4000000.00"),
    )
    assert [adm.name for adm in a_2024.participating_administrations.all()] == [
        "Kulturförvaltningen"
    ]
    assert a_2024.results == "" and not a_2024.payouts.exists()


def test_editing_every_fact_in_2024_by_form_and_excel_leaves_approved_2023_unchanged(
    client, coordinator, development_coordinator, approved_2023, leisure, goal, programmes
):
    before = summary(2023)
    assert '"owner": 1' in before and '"partner": 1' in before
    draft = approved_2023["draft"]
    a_2024 = draft.project_reports.get(project=approved_2023["a"].project)
    b_2024 = draft.project_reports.get(project=approved_2023["b"].project)

    # Every fact of A by the form: role flipped, name, programme, period, budgets, participants.
    client.force_login(coordinator)
    response = client.post(
        update_url(a_2024),
        project_post_data(
            programmes[INTERREG],
            goal,
            version=a_2024.version,
            name="Omdöpta skolgårdar",
            acronym="OMD",
            role="partner",
            lead_organisation="Region Skåne",
            participating_administrations=[leisure.pk],
            partner_locations="Danmark (Köpenhamn)",
            start_date="2024-01-01",
            end_date="2027-12-31",
            total_budget_sek="10",
            own_budget_sek="1",
            eu_cofinancing_rate="12,5",
            description="Ny beskrivning",
            website="https://example.org",
            confirm_warnings="on",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors

    # Every fact of B by the Excel template.
    workbook = _template_workbook(draft)
    sheet = workbook[layout.SHEET_PROJECTS]
    row = _row_of(sheet, layout.project_key(b_2024.project_id))
    for key, value in {
        "name": "Omdöpta städer",
        "acronym": "OMS",
        "programme": ESF,
        "role": "Projektägare",
        "lead_organisation": "",
        "start_date": datetime.date(2023, 6, 1),
        "end_date": datetime.date(2028, 1, 31),
        "total_budget_sek": 5,
        "own_budget_sek": 1,
        "eu_cofinancing_rate": 10,
        "participating_1": leisure.name,
        "council_goal": goal.name,
    }.items():
        sheet.cell(row=row, column=_column(key), value=value)
    _import_through_pages(client, draft, _save(workbook))

    b_2024.refresh_from_db()
    assert (b_2024.name, b_2024.role, b_2024.total_budget_sek) == (
        "Omdöpta städer",
        ProjectReport.Role.OWNER,
        Decimal("5.00"),
    )
    assert summary(2023) == before

    # The approved submission's page still shows 2023's facts.
    client.force_login(development_coordinator)
    page = client.get(approved_2023["submission"].get_absolute_url()).content.decode()
    assert "Gröna skolgårdar" in page and "Blå städer" in page
    assert "Omdöpta" not in page

    # 2024's preliminary figures show the new facts.
    figures = year_figures(2024, preliminary=True, administration=draft.administration)
    assert (figures.projects_owner, figures.projects_partner) == (1, 1)
    assert {row.name for row in figures.projects} == {"Omdöpta skolgårdar", "Omdöpta städer"}
    assert figures.budget_range.min.amount_sek == Decimal("5.00")


def _template_workbook(submission):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(submission_template(submission)))


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _column(key: str) -> int:
    return [column.key for column in layout.PROJECT_COLUMNS].index(key) + 1


def _row_of(sheet, key: str) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=_column("key")).value == key:
            return row
    raise AssertionError(f"{key} is not in the template")


def _upload(client, submission, data: bytes):
    """Upload a file and open its preview, as the coordinator does; returns the preview."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "mall.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client.post(reverse("projects:excel_upload", args=[submission.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response.url)


def _confirm(client, submission, preview):
    return client.post(
        reverse("projects:excel_preview", args=[submission.pk]),
        {
            "t": preview.context["token"],
            "confirm_warnings": "on",
        },
    )


def _import_through_pages(client, submission, data: bytes) -> None:
    preview = _upload(client, submission, data)
    assert not preview.context["plan"].has_errors, preview.context["plan"].errors
    response = _confirm(client, submission, preview)
    assert response.status_code == 302
    assert response.url == submission.get_absolute_url()


def test_import_confirm_refuses_when_a_project_changed_after_the_preview(
    client, administration, goal, programmes
):
    """A previews a file that changes Q; B then saves P's budget; A's confirm changes nothing."""
    coordinator_a = f.CoordinatorFactory(email="a@malmo.se", administration=administration)
    coordinator_b = f.CoordinatorFactory(email="b@malmo.se", administration=administration)
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    draft = f.SubmissionFactory(administration=administration, reporting_year=year)
    p = f.ProjectReportFactory(
        submission=draft, name="Projekt P", programme=programmes[ESF], council_goal=goal
    )
    q = f.ProjectReportFactory(
        submission=draft, name="Projekt Q", programme=programmes[ESF], council_goal=goal
    )
    workbook = _template_workbook(draft)
    sheet = workbook[layout.SHEET_PROJECTS]
    sheet.cell(row=_row_of(sheet, layout.project_key(q.project_id)), column=_column("results"))
    sheet.cell(
        row=_row_of(sheet, layout.project_key(q.project_id)), column=_column("results")
    ).value = "Från filen"

    client.force_login(coordinator_a)
    preview = _upload(client, draft, _save(workbook))
    plan = preview.context["plan"]
    assert [row.values["name"] for row in plan.reports_changed] == ["Projekt Q"]
    assert not plan.projects_changed

    services.project_report_save(
        submission=draft,
        report=p,
        values={"total_budget_sek": Decimal("2500000.00")},
        version=p.version,
        by=coordinator_b,
    )

    client.force_login(coordinator_a)
    response = _confirm(client, draft, preview)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Sedan du förhandsgranskade filen har någon annan ändrat" in page
    assert "Projekt P (ändrat)" in page
    p.refresh_from_db()
    q.refresh_from_db()
    assert p.total_budget_sek == Decimal("2500000.00")
    assert q.results == "Resultat under året."


def test_import_service_refuses_a_project_added_since_the_preview(administration, goal):
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    draft = f.SubmissionFactory(administration=administration, reporting_year=year)
    f.ProjectReportFactory(submission=draft, name="Projekt P", council_goal=goal)
    data = submission_template(draft)
    plan = plan_import(submission=draft, data=data)
    f.ProjectReportFactory(submission=draft, name="Sent tillagt", council_goal=goal)
    with pytest.raises(ValidationError, match="Sent tillagt \\(tillagt\\)"):
        confirm_import(draft, data, plan=plan)
    assert draft.project_reports.filter(name="Sent tillagt").exists()


def test_submit_without_the_version_shown_is_refused(client, coordinator, administration, goal):
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    draft = f.SubmissionFactory(
        administration=administration,
        reporting_year=year,
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga"),
    )
    f.ProjectReportFactory(submission=draft, council_goal=goal)
    client.force_login(coordinator)
    url = reverse("projects:submission_submit", args=[draft.pk])
    response = client.post(url, {"confirm_warnings": "on"})
    assert response.status_code == 200
    assert "Sidan är inaktuell" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == Submission.State.DRAFT

    with pytest.raises(ValidationError, match="ändrat"):
        services.submission_submit(
            submission=draft, by=coordinator, confirm_warnings=True, version=draft.version + 1
        )
    services.submission_submit(
        submission=draft, by=coordinator, confirm_warnings=True, version=draft.version
    )
    draft.refresh_from_db()
    assert draft.state == Submission.State.SUBMITTED


# --- Every writing service refuses approved or closed data ------------------------------------


@pytest.fixture(params=["approved", "closed"])
def locked(request, administration, goal, development_coordinator):
    """A submission that nobody may change: approved in an open year, or a draft of a closed
    year; with one project report and one payout, and last year's report to carry forward."""
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    state = Submission.State.APPROVED if request.param == "approved" else Submission.State.DRAFT
    submission = f.SubmissionFactory(
        administration=administration,
        reporting_year=year,
        state=state,
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga"),
    )
    report = f.ProjectReportFactory(submission=submission, name="Låst projekt", council_goal=goal)
    f.PayoutFactory(report=report)
    last_year = f.SubmissionFactory(
        administration=administration,
        reporting_year=f.ReportingYearFactory(year=2023, is_open=False),
        state=Submission.State.APPROVED,
    )
    f.ProjectReportFactory(submission=last_year, name="Förra årets projekt")
    if request.param == "closed":
        services.reporting_year_close(reporting_year=year, user=development_coordinator)
    submission.refresh_from_db()
    return submission


def _state(submission) -> tuple:
    """Everything a service could change, to compare before and after."""
    reports = list(
        ProjectReport.objects.filter(submission=submission).values_list(
            "pk", "name", "total_budget_sek", "version", "results"
        )
    )
    payouts = list(
        Payout.objects.filter(report__submission=submission).values_list("pk", "amount_sek")
    )
    fresh = Submission.objects.get(pk=submission.pk)
    return (reports, payouts, fresh.state, fresh.version, fresh.overview)


WRITES = {
    "project_report_save (change)": lambda s, user: services.project_report_save(
        submission=s,
        report=s.project_reports.get(),
        values={"name": "Ändrat"},
        version=s.project_reports.get().version,
        by=user,
    ),
    "project_report_save (new)": lambda s, user: services.project_report_save(
        submission=s,
        report=None,
        values={
            "name": "Nytt",
            "programme": s.project_reports.get().programme,
            "role": ProjectReport.Role.OWNER,
            "start_date": datetime.date(2024, 1, 1),
            "end_date": datetime.date(2024, 12, 31),
            "total_budget_sek": Decimal("10"),
            "own_budget_sek": Decimal("5"),
            "eu_cofinancing_rate": Decimal("50"),
        },
        version=None,
        by=user,
    ),
    "project_report_save (payout)": lambda s, user: services.project_report_save(
        submission=s,
        report=s.project_reports.get(),
        values={},
        payouts=[
            {
                "id": None,
                "delete": False,
                "payment_date": datetime.date(2024, 5, 5),
                "amount_sek": Decimal("1.00"),
            }
        ],
        version=s.project_reports.get().version,
        by=user,
    ),
    "project_report_remove": lambda s, user: services.project_report_remove(
        report=s.project_reports.get(), version=s.project_reports.get().version, by=user
    ),
    "projects_copy_forward": lambda s, user: services.projects_copy_forward(
        submission=s,
        reports=ProjectReport.objects.filter(name="Förra årets projekt"),
        by=user,
    ),
    "submission_narrative_update": lambda s, user: services.submission_narrative_update(
        submission=s, values={"overview": "Nytt"}, version=s.version, by=user
    ),
    "submission_submit": lambda s, user: services.submission_submit(
        submission=s, by=user, confirm_warnings=True, version=s.version
    ),
    "submission_import_workbook": lambda s, user: _import_directly(s),
    "submission_approve": lambda s, user: services.submission_approve(
        submission=s, user=user, version=s.version
    ),
    "submission_return": lambda s, user: services.submission_return(
        submission=s, user=user, comment="Komplettera", version=s.version
    ),
}


def _import_directly(submission):
    return services.submission_import_workbook(
        submission=submission, data=b"not read", checksum="x", by=None
    )


@pytest.mark.parametrize("write", list(WRITES))
def test_every_writing_service_refuses_locked_data(
    write, locked, coordinator, development_coordinator
):
    user = development_coordinator if write.startswith("submission_a") else coordinator
    before = _state(locked)
    with pytest.raises(ValidationError) as refused:
        WRITES[write](locked, user)
    assert (
        refused.value.code == "locked"
        or "stängt" in str(refused.value)
        or ("godkänd" in str(refused.value).lower())
    )
    assert _state(locked) == before


def test_reopen_is_refused_in_a_closed_year_and_records_who_and_why_in_an_open_one(
    administration, goal, development_coordinator
):
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    submitted = f.SubmissionFactory(
        administration=administration, reporting_year=year, state=Submission.State.SUBMITTED
    )
    approved = services.submission_approve(
        submission=submitted, user=development_coordinator, version=submitted.version
    )
    assert approved.approved_by == development_coordinator
    services.reporting_year_close(reporting_year=year, user=development_coordinator)
    year.refresh_from_db()
    assert (year.is_open, year.closed_by) == (False, development_coordinator)
    with pytest.raises(ValidationError, match="stängt"):
        services.submission_reopen(
            submission=approved,
            user=development_coordinator,
            reason="Fel",
            version=approved.version,
        )
    services.reporting_year_reopen(
        reporting_year=year, user=development_coordinator, reason="Ett belopp är fel"
    )
    reopened = services.submission_reopen(
        submission=approved,
        user=development_coordinator,
        reason="Fel belopp",
        version=approved.version,
    )
    assert reopened.state == Submission.State.RETURNED
    reopened.refresh_from_db()
    assert (reopened.approved_at, reopened.approved_by) == (None, None)
    assert reopened.state_changed_by == development_coordinator
    note = reopened.comments.get(kind="reopened")
    assert (note.author, note.text) == (development_coordinator, "Fel belopp")
    assert reopened.history.first().history_user == development_coordinator


def test_admin_cannot_change_or_delete_locked_reports_or_payouts(client, locked):
    admin = f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)
    client.force_login(admin)
    report = locked.project_reports.get()
    payout = report.payouts.get()
    for name, obj in (("projectreport", report), ("payout", payout), ("submission", locked)):
        change = reverse(f"admin:projects_{name}_change", args=[obj.pk])
        response = client.post(change, {"name": "Via admin"})
        assert response.status_code == 403, name
        delete = reverse(f"admin:projects_{name}_delete", args=[obj.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403, name
    changelist = reverse("admin:projects_projectreport_changelist")
    client.post(
        changelist, {"action": "delete_selected", "_selected_action": [report.pk], "post": "yes"}
    )
    assert ProjectReport.objects.filter(pk=report.pk).exists()
    report.refresh_from_db()
    assert report.name == "Låst projekt"


# --- One rule for participants -------------------------------------------------------------


def test_reporting_administration_cannot_be_its_own_participant(administration, culture, goal):
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    draft = f.SubmissionFactory(administration=administration, reporting_year=year)
    report = f.ProjectReportFactory(submission=draft, council_goal=goal)
    with pytest.raises(ValidationError) as refused:
        services.project_report_save(
            submission=draft,
            report=report,
            values={},
            participating_administrations=[culture, administration],
            version=report.version,
            by=None,
        )
    assert "participating_administrations" in refused.value.message_dict
    assert "Miljöförvaltningen rapporterar projektet" in str(refused.value)
    report.refresh_from_db()
    assert not report.participating_administrations.exists()


def post_to_admin(client, administration, goal, **changes):
    """A 2024 draft report, posted back through the admin as a superuser with ``changes``."""
    from django.forms.models import model_to_dict

    admin = f.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)
    year = f.ReportingYearFactory(year=2024, council_goals=[goal])
    draft = f.SubmissionFactory(administration=administration, reporting_year=year)
    report = f.ProjectReportFactory(submission=draft, council_goal=goal)
    client.force_login(admin)
    data = {
        key: value
        for key, value in model_to_dict(report).items()
        if value is not None and key != "participating_administrations"
    }
    data.update({"payouts-TOTAL_FORMS": "0", "payouts-INITIAL_FORMS": "0", **changes})
    url = reverse("admin:projects_projectreport_change", args=[report.pk])
    return report, client.post(url, data)


def test_admin_refuses_the_reporting_administration_as_participant(
    client, administration, culture, goal
):
    report, response = post_to_admin(
        client,
        administration,
        goal,
        participating_administrations=[administration.pk, culture.pk],
    )
    assert response.status_code == 200
    assert "Miljöförvaltningen rapporterar projektet" in response.content.decode()
    assert not report.participating_administrations.exists()


def test_admin_gives_a_website_without_scheme_https(client, administration, culture, goal):
    report, response = post_to_admin(
        client,
        administration,
        goal,
        participating_administrations=[culture.pk],
        website="interreg-baltic.eu/projekt",
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.website == "https://interreg-baltic.eu/projekt"
