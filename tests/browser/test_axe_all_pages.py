"""Every page each role reaches from the navigation and the lists passes axe, in sv and en.

The test signs in as a demo user, follows the links it finds page by page (same site, GET only)
and runs axe on each HTML page. Downloads (PDF, Word, Excel, CSV, JSON), the admin and the
sign-out are left out. A handful of pages per URL pattern is enough: the same template with
other rows adds nothing but time.
"""

from collections import defaultdict, deque
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from projects.demo.malmo import DEMO_PASSWORD
from projects.models import User
from tests import factories
from tests.browser.conftest import AXE_TAGS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOWNLOADS_AND_ACTIONS = {
    "export_workbook",
    "export_csv",
    "memo_pdf",
    "memo_docx",
    "published_memo_download",
    "published_memo_docx",
    "excel_template",
    "figures_json",
    "logout",
    "set_language",
}
# WCAG 2.1 A/AA and axe's best practices (unique landmark labels among them).
AXE_RULE_TAGS = [*AXE_TAGS, "best-practice"]
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".json")
PAGES_PER_PATTERN = 2
MAX_PAGES = 120

ROLES = {
    "development_coordinator": "utvecklingssamordnare@malmo.se",
    "official": "handlaggare@malmo.se",
    "coordinator": "samordnare.gyf@malmo.se",
    "coordinator_culture": "samordnare.kultur@malmo.se",
}


def page_pattern(path: str) -> str | None:
    """The URL name a path resolves to, or None for what the crawl leaves out."""
    if path.startswith("/admin/") or path.startswith("/static/") or path.startswith("/media/"):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in DOWNLOADS_AND_ACTIONS:
        return None
    return match.url_name


def same_site_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_with_axe(page, base: str, start: list[str]) -> tuple[list[str], list[str]]:
    """Visit ``start`` and the pages reachable from it; return (visited, axe problems)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    queue = deque(start)
    seen = set(start)
    per_pattern = defaultdict(int)
    visited, problems = [], []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        pattern = page_pattern(urlsplit(url).path)
        if pattern is None or per_pattern[pattern] >= PAGES_PER_PATTERN:
            continue
        if urlsplit(url).path.endswith(DOWNLOAD_SUFFIXES):
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file, not a page
            raise
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        per_pattern[pattern] += 1
        visited.append(url)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_RULE_TAGS}})
        for violation in results.response["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            problems.append(f"{url}: {violation['id']} ({len(violation['nodes'])}) {targets}")
        for link in same_site_links(page, base):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, problems


def start_pages(email: str) -> list[str]:
    """The start page, then what a form rather than a link leads to: the figures of every year,
    and for a coordinator each of their administration's submissions and project forms."""
    from projects.models import ProjectReport, ReportingYear, Submission, User
    from reporting.models import PublishedMemo

    user = User.objects.get(email=email)
    pages = ["/"]
    for year in ReportingYear.objects.order_by("-year").values_list("year", flat=True):
        pages += [f"/rapport/nyckeltal/{year}/", f"/rapport/nyckeltal/{year}/?preliminar=1"]
    if user.role == User.Role.DEVELOPMENT_COORDINATOR:
        # A published version's archival package, which the memo's versions link to.
        for published in PublishedMemo.objects.order_by("-year", "-version")[:1]:
            pages.append(
                reverse("reporting:archive_package", args=[published.year, published.version])
            )
    if user.administration and user.role == User.Role.COORDINATOR:
        for submission in Submission.objects.filter(administration=user.administration):
            pages.append(submission.get_absolute_url())
        reports = ProjectReport.objects.filter(submission__administration=user.administration)
        for report in reports.order_by("-submission__reporting_year__year")[:2]:
            pages.append(f"/inrapportering/{report.submission_id}/projekt/{report.pk}/")
    return pages


@pytest.fixture
def demo_data():
    from reporting.models import Memo

    call_command("load_demo", stdout=StringIO())
    # A published version of the demo's memo (a stand-in PDF): the pages of a version, its
    # archival package's among them, are crawled too.
    memo = Memo.objects.order_by("-year").first()
    factories.PublishedMemoFactory(
        memo=memo,
        published_by=User.objects.get(email=ROLES["development_coordinator"]),
        case_number="STK-2024-1",
    )


# Every page in both languages on a desktop screen, and in Swedish on a phone (375 px wide,
# where tables scroll and the menu folds away).
SCREENS = [("sv", 1280), ("en", 1280), ("sv", 375)]


@pytest.mark.parametrize(("language", "width"), SCREENS)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_reachable_page_has_no_axe_violations(
    page, live_server, demo_data, role, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(ROLES[role])
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )

    visited, problems = crawl_with_axe(page, live_server.url, start_pages(ROLES[role]))

    assert page.locator("html").get_attribute("lang") == language
    # The crawl reached the lists and the pages behind them, not only the start page.
    assert len(visited) >= 8, visited
    assert not problems, "\n".join(problems)


def test_unconfirmed_submit_warning_is_readable_on_the_yellow_box(page, axe_check):
    """The error under the unticked warning checkbox was red on yellow (4.1:1): now 4.5:1 or
    more, and axe finds nothing on the page."""
    import datetime

    from projects.models import Submission
    from tests import factories
    from tests.factories import TEST_PASSWORD

    administration = factories.AdministrationFactory(name="Grundskoleförvaltningen")
    coordinator = factories.CoordinatorFactory(email="gsf@malmo.se", administration=administration)
    last_year = factories.ReportingYearFactory(year=2023)
    this_year = factories.ReportingYearFactory(year=2024, deadline=datetime.date(2099, 2, 28))
    last = factories.SubmissionFactory(administration=administration, reporting_year=last_year)
    factories.ProjectReportFactory(
        submission=last, name="Skolgårdar", end_date=datetime.date(2025, 6, 30)
    )
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=this_year
    )
    factories.PayoutFactory(report__submission=submission, report__name="Nytt i år")
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    )
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(coordinator.email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")

    page.goto(submission.get_absolute_url() + "skicka-in/")
    page.get_by_role("button", name="Skicka in till").click()
    page.wait_for_load_state()
    texts = page.locator(
        "#warnings p, #warnings label, #warnings li a, #warnings .invalid-feedback"
    )
    assert "Bekräfta att du har kontrollerat varningarna" in page.locator("#warnings").inner_text()
    ratios = texts.evaluate_all(
        """elements => elements.map(element => {
          const channel = v => { const c = v / 255;
            return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
          const lum = color => { const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3)
            .map(Number); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
          const box = getComputedStyle(document.querySelector('#warnings')).backgroundColor;
          const text = lum(getComputedStyle(element).color), back = lum(box);
          return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
        })"""
    )
    assert len(ratios) >= 3
    ratio = min(ratios)
    assert ratio >= 4.5, ratio
    axe_check(page, "submit-unconfirmed-warning")
