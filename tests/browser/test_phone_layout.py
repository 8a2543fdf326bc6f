"""A 375 px wide phone: no page scrolls sideways; form controls can be seen (3:1 borders)."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from projects.demo.malmo import DEMO_PASSWORD
from tests.browser.conftest import ARTIFACTS, AXE_TAGS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 375, "height": 812}
LONG_NAME = "Gymnasie- och vuxenutbildningsförvaltningen"


@pytest.fixture
def demo_data():
    """The demo, with the 2023 memo published once so the year page lists a version."""
    from projects.models import User
    from reporting.memo.files import memo_publish
    from reporting.models import Memo
    from tests.reporting.memo_helpers import make_publishable

    call_command("load_demo", stdout=StringIO())
    author = User.objects.get(email="utvecklingssamordnare@malmo.se")
    memo = make_publishable(Memo.objects.get(year=2023))
    memo_publish(memo=memo, user=author)


def sign_in(page, email: str) -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/")


def long_name_submissions() -> list[str]:
    from projects.models import Submission

    submissions = Submission.objects.filter(administration__name=LONG_NAME)
    return [s.get_absolute_url() for s in submissions.order_by("-reporting_year__year")[:2]]


def open_submission_pages() -> list[str]:
    """The coordinator's pages of the open year's submission, the long name in each heading."""
    from projects.models import Submission

    submission = Submission.objects.get(
        administration__name=LONG_NAME, reporting_year__is_open=True
    )
    base = submission.get_absolute_url()
    report = submission.project_reports.order_by("pk").first()
    pages = [base, f"{base}projekt/nytt/", f"{base}berattelse/", f"{base}skicka-in/"]
    pages += [f"{base}kopiera/", f"{base}excel/"]
    if report:
        pages.append(f"{base}projekt/{report.pk}/")
    return pages


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


ROLE_PAGES = {
    "utvecklingssamordnare@malmo.se": ["memo", "export", "submissions"],
    "handlaggare@malmo.se": ["memo", "export", "submissions"],
    "samordnare.gyf@malmo.se": ["memo", "own"],
}


def axe_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{page.url}: {violation['id']} {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("email", list(ROLE_PAGES))
def test_pages_fit_a_375_px_phone_for_each_role(page, demo_data, email):
    sign_in(page, email)
    page.set_viewport_size(PHONE)
    urls = []
    for kind in ROLE_PAGES[email]:
        urls += {
            "memo": ["/rapport/tjansteskrivelser/2023/"],
            "export": ["/rapport/export/"],
            "submissions": long_name_submissions(),
            "own": open_submission_pages(),
        }[kind]
    too_wide, problems = {}, []
    role = email.split("@")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        width = page_width(page)
        if width > PHONE["width"]:
            too_wide[url] = width
        if url == "/rapport/export/":
            # The export table fits whole: the downloads need no sideways scrolling either.
            region = page.locator(".table-responsive")
            assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), url
        slug = url.strip("/").replace("/", "-") or "start"
        page.screenshot(path=str(ARTIFACTS / f"phone-{role}-{slug}.png"), full_page=True)
        problems += axe_problems(page)
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"
    assert not problems, "\n".join(problems)


def test_memo_versions_put_the_pdf_first_and_the_checksum_in_details(page, demo_data):
    sign_in(page, "utvecklingssamordnare@malmo.se")
    page.set_viewport_size(PHONE)
    page.goto("/rapport/tjansteskrivelser/2023/")
    pdf_link = page.get_by_role("link", name="PDF, version 1", exact=False).first
    box = pdf_link.bounding_box()
    # The download link is on screen without scrolling sideways.
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    checksum = page.locator("details.checksum-details").first
    assert checksum.is_visible()
    assert not page.locator("code.checksum").first.is_visible()
    checksum.locator("summary").click()
    assert page.locator("code.checksum").first.is_visible()
    assert page_width(page) <= PHONE["width"]


def test_long_administration_name_wraps_in_the_heading(page, demo_data):
    sign_in(page, "samordnare.gyf@malmo.se")
    page.set_viewport_size(PHONE)
    page.goto(open_submission_pages()[0])
    heading = page.get_by_role("heading", level=1)
    assert LONG_NAME in heading.inner_text()
    styles = heading.evaluate(
        "h => [getComputedStyle(h).hyphens, getComputedStyle(h).overflowWrap,"
        " h.closest('[lang]').lang]"
    )
    assert styles == ["auto", "break-word", "sv"]
    assert heading.bounding_box()["width"] <= PHONE["width"]


CONTRAST_SCRIPT = """
() => {
  const channel = value => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const luminance = color => {
    const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const white = 1;
  const selector = 'input[type="text"], input[type="search"], input[type="email"],'
    + ' input[type="password"], input:not([type]), input[type="date"], textarea, select,'
    + ' input[type="checkbox"], input[type="radio"]';
  return [...document.querySelectorAll(selector)]
    .filter(element => element.offsetParent !== null)
    .map(element => {
      const style = getComputedStyle(element);
      const border = luminance(style.borderTopColor);
      return {
        control: element.type || element.tagName.toLowerCase(),
        name: element.name,
        color: style.borderTopColor,
        ratio: (Math.max(white, border) + 0.05) / (Math.min(white, border) + 0.05),
      };
    });
}
"""


def test_form_control_borders_have_3_to_1_contrast_against_white(page, demo_data, axe_check):
    from projects.models import Submission

    sign_in(page, "samordnare.gyf@malmo.se")
    submission = Submission.objects.get(
        administration__name=LONG_NAME, reporting_year__is_open=True
    )
    controls = []
    for url in [
        f"{submission.get_absolute_url()}projekt/nytt/",
        f"{submission.get_absolute_url()}berattelse/",
        f"{submission.get_absolute_url()}kopiera/",
    ]:
        page.goto(url)
        controls += page.evaluate(CONTRAST_SCRIPT)
    kinds = {control["control"] for control in controls}
    assert {"text", "checkbox", "radio", "select-one", "textarea"} <= kinds, kinds
    low = [control for control in controls if control["ratio"] < 3]
    assert not low, low


def test_the_decision_path_rows_keep_remove_on_one_line_on_a_phone(page, demo_data):
    sign_in(page, "utvecklingssamordnare@malmo.se")
    page.set_viewport_size(PHONE)
    page.goto("/organisation/")
    remove = page.get_by_label("Ta bort rad 1")
    expect(remove).to_be_visible()
    label = page.locator(f'label[for="{remove.get_attribute("id")}"]')
    box, name = label.bounding_box(), page.get_by_label("Instans rad 1").bounding_box()
    # One line of text, not "Ta" above "bort"; the name of the body gets the whole width.
    assert box["height"] < 2 * 20
    assert name["width"] > PHONE["width"] / 2
    assert page_width(page) <= PHONE["width"]
