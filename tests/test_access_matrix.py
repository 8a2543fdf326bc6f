"""The access matrix: every URL of the application, for every role, GET and POST.

Every URL pattern is taken from the resolver, filled in with administration A's objects and
requested by each role below. The answer must be the one in ``MATRIX``; a URL that is not in
the table fails the test, so a new page cannot ship without someone deciding who may use it.
On top of the table, the rules of docs/roles.md are checked for every cell (``rule_violation``),
so the table cannot quietly allow what the rules forbid.

Answers: ``200`` a page or file; ``302`` a redirect (not to sign-in); ``login`` a redirect to
the sign-in page; ``403`` refused; ``no-role`` the "no permission yet" page (403); ``404`` not
found (another administration's object, or nothing there); ``405`` wrong method.
"""

# The matrix is a table, one row per URL: it is read across, so its lines are long.
# ruff: noqa: E501

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projects.middleware import RoleRequiredMiddleware
from projects.models import (
    OrganisationLogo,
    ProjectEnding,
    ProjectReport,
    SingleSignOnIdentity,
    Submission,
    User,
)
from reporting.memo.files import memo_rows_file
from reporting.memo.services import memo_figures
from reporting.models import ExportFile, PublishedMemo
from tests import factories
from tests.oidc import TENANT, oidc_enabled

ROLES = ("anonymous", "coordinator_a", "coordinator_b", "development", "official", "no_role")

# Namespaces not walked: Django's admin decides itself whom it lets in (staff only, see
# tests/projects/test_no_role.py), and its hundreds of generated URLs are not our rules.
SKIPPED_NAMESPACES = {"admin"}

# fmt: off
# One row per URL name; one "GET/POST" cell per role, in the order of ROLES.
#
#                                           anonymous      coordinator A  coordinator B  development    official       no role
MATRIX = {
    # Signing in and out, the password, the language: open to everyone, with a role or not.
    "login":                               ("200/200",     "302/302",     "302/302",     "302/302",     "302/302",     "302/302"),
    "logout":                              ("405/login",   "405/login",   "405/login",   "405/login",   "405/login",   "405/login"),
    "session_keepalive":                   ("login/login", "405/200",     "405/200",     "405/200",     "405/200",     "no-role/no-role"),
    "password_change":                     ("login/login", "200/200",     "200/200",     "200/200",     "200/200",     "200/200"),
    "password_change_done":                ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "200/405"),
    "set_language":                        ("302/302",     "302/302",     "302/302",     "302/302",     "302/302",     "302/302"),
    # Single sign-on (OIDC_ENABLED; switched on for these tests): open to everyone like the above.
    "oidc_authentication_init":            ("302/405",     "302/405",     "302/405",     "302/405",     "302/405",     "302/405"),
    "oidc_authentication_callback":        ("login/405",   "login/405",   "login/405",   "login/405",   "login/405",   "login/405"),
    "oidc_logout":                         ("405/login",   "405/login",   "405/login",   "405/login",   "405/login",   "405/login"),
    # Start page and the coordinator's entry (A's open-year draft; B gets 404 for it).
    "projects:home":                       ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "projects:my_submission":              ("login/login", "302/405",     "302/405",     "302/405",     "302/405",     "no-role/no-role"),
    "projects:submission_detail":          ("login/login", "200/405",     "404/405",     "200/405",     "200/405",     "no-role/no-role"),
    "projects:project_create":             ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_from_source":        ("login/login", "200/405",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_update":             ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_remove":             ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_restore":            ("login/login", "405/302",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_ending":             ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:project_ending_undo":        ("login/login", "405/302",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:copy_forward":               ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:narrative":                  ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:submission_submit":          ("login/login", "200/200",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:excel_upload":               ("login/login", "200/400",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:excel_template":             ("login/login", "200/405",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    "projects:excel_preview":              ("login/login", "302/302",     "404/404",     "403/403",     "403/403",     "no-role/no-role"),
    # The yearly round: officials read, the development coordinator acts.
    "projects:year_list":                  ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    "projects:year_open":                  ("login/login", "403/403",     "403/403",     "200/200",     "403/403",     "no-role/no-role"),
    "projects:overview_current":           ("login/login", "403/403",     "403/403",     "302/405",     "302/405",     "no-role/no-role"),
    "projects:overview":                   ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    "projects:year_close":                 ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "projects:year_reopen":                ("login/login", "403/403",     "403/403",     "200/200",     "403/403",     "no-role/no-role"),
    "projects:year_delete":                ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "projects:reminders_send":             ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "projects:submission_return":          ("405/login",   "405/403",     "405/404",     "405/302",     "405/403",     "no-role/no-role"),
    "projects:submission_approve":         ("405/login",   "405/403",     "405/404",     "405/302",     "405/403",     "no-role/no-role"),
    "projects:submission_reopen":          ("405/login",   "405/403",     "405/404",     "405/302",     "405/403",     "no-role/no-role"),
    "projects:submission_comment":         ("405/login",   "405/403",     "405/404",     "405/302",     "405/403",     "no-role/no-role"),
    # Sign-ins: the development coordinator only.
    "projects:login_events":               ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "projects:lockouts":                   ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "projects:organisation":               ("login/login", "403/403",     "403/403",     "200/200",     "403/403",     "no-role/no-role"),
    "projects:eu_imports":                 ("login/login", "403/403",     "403/403",     "200/400",     "403/403",     "no-role/no-role"),
    "projects:organisation_logo":          ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    # The site's colours: a stylesheet every page links, the sign-in page too.
    "projects:organisation_stylesheet":    ("200/405",     "200/405",     "200/405",     "200/405",     "200/405",     "200/405"),
    "projects:users":                      ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "projects:user_role":                  ("login/login", "403/403",     "403/403",     "200/400",     "403/403",     "no-role/no-role"),
    "projects:lockout_release":            ("login/login", "403/403",     "403/403",     "405/302",     "403/403",     "no-role/no-role"),
    "projects:sso_link_confirm":           ("login/login", "403/403",     "403/403",     "405/302",     "403/403",     "no-role/no-role"),
    # Figures: a coordinator sees their own administration's part (so B never sees A's rows).
    "reporting:figures_index":             ("login/login", "302/405",     "302/405",     "302/405",     "302/405",     "no-role/no-role"),
    "reporting:figures":                   ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:figures_json":              ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    # The rows behind a figure (the whole city's, narrowed to a coordinator's own administration).
    # The workbook: a GET never asks for it (302 to its status page until someone has).
    "reporting:figure_rows":               ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:figure_rows_csv":           ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:figure_rows_xlsx":          ("login/login", "302/405",     "302/405",     "302/405",     "302/405",     "no-role/no-role"),
    # The rows' workbook as the worker makes it: its status page (POST: ask for it) and box.
    "reporting:figure_rows_xlsx_status":   ("login/login", "200/302",     "200/302",     "200/302",     "200/302",     "no-role/no-role"),
    "reporting:figure_rows_xlsx_progress": ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    # The council memo: everyone with a role reads the published versions; the development
    # coordinator alone drafts, edits and publishes.
    "reporting:memo_index":                ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:memo_year":                 ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:memo_create":               ("login/login", "403/403",     "403/403",     "405/302",     "403/403",     "no-role/no-role"),
    "reporting:memo_edit":                 ("login/login", "403/403",     "403/403",     "200/400",     "403/403",     "no-role/no-role"),
    "reporting:memo_preview":              ("login/login", "403/403",     "403/403",     "405/200",     "403/403",     "no-role/no-role"),
    "reporting:memo_refresh":              ("login/login", "403/403",     "403/403",     "405/302",     "403/403",     "no-role/no-role"),
    "reporting:memo_refresh_wording":      ("login/login", "403/403",     "403/403",     "405/302",     "403/403",     "no-role/no-role"),
    "reporting:memo_wording":              ("login/login", "403/403",     "403/403",     "200/400",     "403/403",     "no-role/no-role"),
    "reporting:memo_pdf":                  ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "reporting:memo_docx":                 ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "reporting:memo_pdf_status":           ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "reporting:memo_docx_status":          ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "reporting:memo_render_progress":      ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "reporting:memo_publish":              ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "reporting:published_memo_download":   ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    # 302: this version's Word file cannot be written again (back to the year with a message).
    "reporting:published_memo_docx":       ("login/login", "302/405",     "302/405",     "302/405",     "302/405",     "no-role/no-role"),
    # The rows behind the figures, stored with the version: read like its PDF.
    "reporting:published_memo_rows":       ("login/login", "200/405",     "200/405",     "200/405",     "200/405",     "no-role/no-role"),
    # A version's archival package: the development coordinator alone, made by the worker on
    # request (POST); 404 to download until one is made.
    "reporting:archive_package":           ("login/login", "403/403",     "403/403",     "200/302",     "403/403",     "no-role/no-role"),
    "reporting:archive_package_progress":  ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "reporting:archive_package_download":  ("login/login", "403/403",     "403/403",     "404/405",     "403/403",     "no-role/no-role"),
    # Excel and CSV exports: the development coordinator and officials. The workbook as the
    # rows' above: 302 to its status page until asked for there (POST).
    "reporting:export_index":              ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:export_workbook":           ("login/login", "403/403",     "403/403",     "302/405",     "302/405",     "no-role/no-role"),
    "reporting:export_workbook_status":    ("login/login", "403/403",     "403/403",     "200/302",     "200/302",     "no-role/no-role"),
    "reporting:export_workbook_progress":  ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:export_csv":                ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    # The long view: the development coordinator and officials; historical totals are the
    # development coordinator's (404: no total is entered for the year in the URL).
    "reporting:trend":                     ("login/login", "403/403",     "403/403",     "200/405",     "200/405",     "no-role/no-role"),
    "reporting:historical_list":           ("login/login", "403/403",     "403/403",     "200/405",     "403/403",     "no-role/no-role"),
    "reporting:historical_create":         ("login/login", "403/403",     "403/403",     "200/200",     "403/403",     "no-role/no-role"),
    "reporting:historical_update":         ("login/login", "403/403",     "403/403",     "404/404",     "403/403",     "no-role/no-role"),
    "reporting:historical_delete":         ("login/login", "403/403",     "403/403",     "404/404",     "403/403",     "no-role/no-role"),
    # The open figures: 404 for everyone while PUBLIC_FIGURES is off (the default); with it on,
    # tests/reporting/test_public_figures.py checks them without signing in.
    "open_data:index":                     ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:index_json":                ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:year":                      ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:year_json":                 ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:year_csv":                  ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:catalogue":                 ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
    "open_data:catalogue_turtle":          ("404/404",     "404/404",     "404/404",     "404/404",     "404/404",     "404/404"),
}
# fmt: on


@pytest.fixture(autouse=True)
def single_sign_on_on():
    """The /oidc/ URLs exist only with OIDC_ENABLED on; they are walked with it on, so their
    rows above are checked like every other. With it off (the default) they do not exist."""
    with oidc_enabled():
        yield


# --- Walking the resolver -----------------------------------------------------------------


def url_names(resolver=None, namespace: str = "") -> list[tuple[str, list[str]]]:
    """Every named URL pattern as (qualified name, its parameter names), depth first."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in SKIPPED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            found.extend(url_names(pattern, prefix))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Unnamed URL pattern {pattern.pattern}: give it a name."
            found.append((f"{namespace}{pattern.name}", list(pattern.pattern.converters)))
    return found


def test_every_url_is_in_the_matrix():
    missing = sorted(name for name, _params in url_names() if name not in MATRIX)
    assert not missing, (
        "These URLs are not in the access matrix; add them to MATRIX in "
        f"tests/test_access_matrix.py: {', '.join(missing)}"
    )
    gone = sorted(set(MATRIX) - {name for name, _params in url_names()})
    assert not gone, f"These rows of MATRIX have no URL any more; remove them: {gone}"
    for name, cells in MATRIX.items():
        assert len(cells) == len(ROLES), f"{name}: one cell per role in ROLES"


# --- The data, built once -----------------------------------------------------------------

OPEN_YEAR, CLOSED_YEAR = 2024, 2023


# The draft's title is the development coordinator's until it is published.
DRAFT_TITLE = "Utkast-rubrik-hemlig"


def secret_project(short_code: str, year: int) -> str:
    """A project name only its own administration (and the City Office and officials) may read."""
    return f"Projekt-{short_code}-{year}-hemligt"


def build_world() -> dict:
    """A closed year and an open one; administrations A and B each with a submission, a
    project report and a payout in both; the closed year's memo with a published version."""
    a = factories.AdministrationFactory(name="Förvaltning A", short_code="FA")
    b = factories.AdministrationFactory(name="Förvaltning B", short_code="FB")
    closed = factories.ReportingYearFactory(year=CLOSED_YEAR, is_open=False)
    opened = factories.ReportingYearFactory(year=OPEN_YEAR, is_open=True)
    world = {}
    for administration in (a, b):
        factories.PayoutFactory(
            report__name=secret_project(administration.short_code, CLOSED_YEAR),
            report__submission=factories.SubmissionFactory(
                administration=administration,
                reporting_year=closed,
                state=Submission.State.APPROVED,
            ),
        )
        payout = factories.PayoutFactory(
            report__name=secret_project(administration.short_code, OPEN_YEAR),
            report__submission=factories.SubmissionFactory(
                administration=administration, reporting_year=opened
            ),
        )
        world[administration.short_code] = payout
    development = factories.DevelopmentCoordinatorFactory(email="utveckling@malmo.se")
    memo = factories.MemoFactory(year=CLOSED_YEAR, title=DRAFT_TITLE)
    published = factories.PublishedMemoFactory.build(
        memo=memo,
        title="Redovisning av internationellt arbete 2023",
        published_by=development,
        published_by_name="Utvecklingssamordnaren",
        published_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
    )
    # The real workbook of the year's rows (both administrations'): a coordinator's download
    # is cut out of it.
    published.rows = memo_rows_file(memo, memo_figures(CLOSED_YEAR), published=published)
    published.rows_sha256 = PublishedMemo.checksum(published.rows)
    published.save()
    report_a = world["FA"].report
    # A's project of the closed year still runs in the open year: it may be marked as ended
    # early; another was marked already.
    last_year_a = ProjectReport.objects.get(name=secret_project("FA", CLOSED_YEAR))
    ending = ProjectEnding.objects.create(
        submission=report_a.submission,
        project=factories.ProjectFactory(administration=a),
        name="Avslutat-FA",
        planned_end_date=datetime.date(OPEN_YEAR + 1, 6, 30),
        ended_on=datetime.date(CLOSED_YEAR, 10, 1),
    )
    no_role = User.objects.create_user(email="ny@malmo.se", password="x", administration=a)
    # A single sign-on with the no-role account's address, waiting for the development coordinator.
    waiting_link = SingleSignOnIdentity.objects.create(
        user=no_role, tenant_id=TENANT, object_id="0b7f2a44-1c9e-4d1b-9a51-3f0e8c6d2a10"
    )
    logo = OrganisationLogo.objects.create(
        sha256="ab" * 32, content_type="image/svg+xml", data=b"<svg/>"
    )
    return {
        "users": {
            "anonymous": None,
            "coordinator_a": factories.CoordinatorFactory(email="a@malmo.se", administration=a),
            "coordinator_b": factories.CoordinatorFactory(email="b@malmo.se", administration=b),
            "development": development,
            "official": factories.OfficialFactory(email="tjansteperson@malmo.se"),
            "no_role": no_role,
        },
        # Parameter values for the URL patterns: administration A's objects.
        "kwargs": {
            "pk": report_a.submission_id,
            "report_pk": report_a.pk,
            "last_year_pk": last_year_a.pk,
            "ending_pk": ending.pk,
            "year": CLOSED_YEAR,
            "version": published.version,
            "user_pk": no_role.pk,
            "identity_pk": waiting_link.pk,
            "figure": "projekt",
            "sha256": logo.sha256,
        },
    }


# --- Requests and answers -----------------------------------------------------------------


def answer(response) -> str:
    """The response as one of the matrix's words."""
    status = response.status_code
    if status in (301, 302, 303):
        return "login" if response.url.startswith(reverse("login")) else "302"
    if status == 403 and "projects/no_role.html" in [t.name for t in response.templates or []]:
        return "no-role"
    return str(status)


def request(user, method: str, url: str):
    """One request, rolled back afterwards, so no answer depends on an earlier request.

    ``export_files_asked``: how many Excel files the request asked the worker for."""
    client = Client()
    with transaction.atomic():
        if user is not None:
            client.force_login(user)
        before = ExportFile.objects.count()
        response = getattr(client, method)(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        response.export_files_asked = ExportFile.objects.count() - before
        transaction.set_rollback(True)
    return response


# The URLs that an account without a role still reaches (the middleware's list).
OPEN_TO_EVERYONE = RoleRequiredMiddleware.OPEN_URL_NAMES


def shown_text(response) -> str:
    if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith(
        ("text/", "application/json")
    ):
        return ""
    return response.content.decode()


def rule_violation(name: str, params: list[str], role: str, method: str, response) -> str | None:
    """Which rule of docs/roles.md the answer breaks, if any (independent of MATRIX)."""
    got = answer(response)
    text = shown_text(response)
    if role in {"anonymous", "coordinator_b", "no_role"} and "Projekt-FA-" in text:
        return "administration A's projects are shown to someone outside A"
    if role == "coordinator_a" and "Projekt-FB-" in text:
        return "administration B's projects are shown to A's coordinator"
    if role != "development" and DRAFT_TITLE in text:
        return "only the development coordinator sees the memo draft"
    short_name = name.rpartition(":")[2]
    anonymous_may_use = {"login", "logout", "set_language", "organisation_stylesheet"} | {
        "oidc_authentication_init",
        "oidc_authentication_callback",
        "oidc_logout",
    }
    # The open figures answer anonymous visitors themselves (404 while switched off).
    if name.startswith("open_data:"):
        anonymous_may_use.add(short_name)
    if role == "anonymous" and short_name not in anonymous_may_use and got not in {"login", "405"}:
        return "anonymous visitors are sent to the sign-in page"
    # The open figures are open to everyone, accounts still waiting for a role included.
    open_pages = OPEN_TO_EVERYONE | ({short_name} if name.startswith("open_data:") else set())
    if role == "no_role" and short_name not in open_pages and got != "no-role":
        return "an account without a role sees only the no-permission page"
    object_params = {"pk", "report_pk", "last_year_pk", "ending_pk"} & set(params)
    if role == "coordinator_b" and object_params and got not in {"404", "405"}:
        return "another administration's object answers 404"
    # Keeping one's own session alive, or asking for an Excel file of the data there is,
    # changes no data.
    changes_no_data = {"session_keepalive", "export_workbook_status", "figure_rows_xlsx_status"}
    changes_data = method == "post" and short_name not in OPEN_TO_EVERYONE | changes_no_data
    if role == "official" and changes_data and got not in {"403", "404", "405"}:
        return "officials change nothing"
    if method == "get" and response.export_files_asked:
        return "a GET never asks the worker for a file (a POST does)"
    return None


@pytest.mark.django_db
def test_access_matrix():
    world = build_world()
    # The content checks below would pass vacuously if the marked texts were never shown.
    own = reverse("projects:submission_detail", kwargs={"pk": world["kwargs"]["pk"]})
    assert "Projekt-FA-2024" in shown_text(request(world["users"]["coordinator_a"], "get", own))
    index = reverse("reporting:memo_index")
    assert DRAFT_TITLE in shown_text(request(world["users"]["development"], "get", index))
    problems, actual = [], {}
    for name, params in url_names():
        if name not in MATRIX:
            continue  # test_every_url_is_in_the_matrix reports it
        url = reverse(name, kwargs={param: world["kwargs"][param] for param in params})
        row = []
        for role, expected_cell in zip(ROLES, MATRIX[name], strict=True):
            responses = [request(world["users"][role], method, url) for method in ("get", "post")]
            got = [answer(response) for response in responses]
            row.append("/".join(got))
            for method, expected, result, response in zip(
                ("get", "post"), expected_cell.split("/"), got, responses, strict=True
            ):
                if result != expected:
                    problems.append(
                        f"{name} {method.upper()} as {role}: expected {expected}, got {result}"
                    )
                if broken := rule_violation(name, params, role, method, response):
                    problems.append(f"{name} {method.upper()} as {role}: {result} breaks: {broken}")
        actual[name] = row
    if problems:
        table = "\n".join(
            f"    {name!r:28}({', '.join(repr(cell) for cell in row)}),"
            for name, row in actual.items()
        )
        pytest.fail("\n".join(problems) + "\n\nActual answers:\n" + table)


@pytest.mark.django_db
def test_a_report_is_only_reached_through_its_own_submission_and_a_closed_year_is_locked():
    """Beyond the matrix's ids: mixed ids and last year's submission refuse every change."""
    world = build_world()
    users = world["users"]
    open_a = world["kwargs"]["pk"]
    report_b = ProjectReport.objects.get(name=secret_project("FB", OPEN_YEAR))
    closed_a = Submission.objects.get(
        administration__short_code="FA", reporting_year__year=CLOSED_YEAR
    )
    closed_report_a = closed_a.project_reports.get()
    for name in ("projects:project_update", "projects:project_remove"):
        for report in (report_b, closed_report_a):
            url = reverse(name, kwargs={"pk": open_a, "report_pk": report.pk})
            for method in ("get", "post"):
                assert answer(request(users["coordinator_a"], method, url)) == "404", (name, report)
    # The coordinator is sent back to the (closed) submission with a message; nothing changes.
    for name in ("project_create", "copy_forward", "narrative", "submission_submit"):
        url = reverse(f"projects:{name}", kwargs={"pk": closed_a.pk})
        assert answer(request(users["coordinator_a"], "post", url)) == "302", name
    for name in ("excel_upload", "excel_template", "excel_preview"):
        url = reverse(f"projects:{name}", kwargs={"pk": closed_a.pk})
        assert answer(request(users["coordinator_a"], "post", url)) == "403", name
    for name in (
        "submission_return",
        "submission_approve",
        "submission_reopen",
        "submission_comment",
    ):
        url = reverse(f"projects:{name}", kwargs={"pk": closed_a.pk})
        assert answer(request(users["development"], "post", url)) == "403", name
    assert closed_a.project_reports.count() == 1
