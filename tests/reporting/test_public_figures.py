"""The open figures of published years: off by default, nothing of an unpublished year."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import ReportingYear, Submission
from projects.services.review import reporting_year_reopen, submission_approve, submission_reopen
from reporting.memo.services import memo_create_draft, memo_figures, memo_refresh_figures
from reporting.models import Memo, PublishedMemo
from tests import factories as f
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

PERSONAL = "Bodil Olsson"


KEEP_SNAPSHOT = object()


def publish(memo: Memo, user, *, figures=KEEP_SNAPSHOT) -> PublishedMemo:
    """A published version without rendering the PDF (the open figures never read it), keeping
    the memo's figures as memo_publish does, or ``figures``."""
    return f.PublishedMemoFactory(
        memo=memo,
        case_number=memo.case_number,
        published_by=user,
        published_by_name=PERSONAL,
        figures=(
            Memo.objects.values_list("figures_snapshot", flat=True).get(pk=memo.pk)
            if figures is KEEP_SNAPSHOT
            else figures
        ),
    )


def drafted_memo(year: int, *, title: str) -> Memo:
    """A memo whose figures snapshot (of nothing much) was drafted before it is published."""
    return f.MemoFactory(
        year=year,
        title=title,
        figures_snapshot={"year": year, "preliminary": False},
        figures_drafted_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def published_2023(development_coordinator):
    """2022 and 2023 approved; only 2023 has a published memo (2022 has a draft only)."""
    world = build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    memo.title = "Redovisning av internationellt arbete 2023"
    memo.case_number = "STK-2023-1702"
    memo.reference_name = PERSONAL
    memo.save()
    memo_create_draft(year=2022, user=development_coordinator)
    publish(memo, development_coordinator)
    return world


@pytest.fixture
def public_on(settings):
    settings.PUBLIC_FIGURES = True


URL_NAMES = ("open_data:year", "open_data:year_json", "open_data:year_csv")


def urls(year):
    return [reverse(name, kwargs={"year": year}) for name in URL_NAMES]


def test_everything_is_404_when_the_setting_is_off(client, published_2023):
    for url in [reverse("open_data:index"), reverse("open_data:index_json"), *urls(2023)]:
        assert client.get(url).status_code == 404, url


def test_published_year_is_open_without_signing_in(client, published_2023, public_on):
    response = client.get(reverse("open_data:year", kwargs={"year": 2023}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "EU-projekt i Malmö stad 2023" in page
    assert "12\xa0345\xa0678" in page and "Kulturförvaltningen" in page
    assert "STK-2023-1702" in page
    # The strict policy stays on the open pages.
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_nothing_of_a_year_without_a_published_memo(client, published_2023, public_on):
    # 2022 has data and a draft memo; 2021 has nothing at all.
    for year in (2022, 2021):
        for url in urls(year):
            assert client.get(url).status_code == 404, url
    index = client.get(reverse("open_data:index")).content.decode()
    assert "/oppna-data/2023/" in index and "/oppna-data/2022/" not in index
    listed = client.get(reverse("open_data:index_json")).json()
    assert [entry["year"] for entry in listed["years"]] == [2023]
    # Nor anything of 2022 inside 2023's figures (the memo's comparison with last year).
    data = client.get(reverse("open_data:year_json", kwargs={"year": 2023})).json()
    text = json.dumps(data, ensure_ascii=False)
    assert "2022" not in text and "1000000" not in text


def test_json_follows_the_documented_schema(client, published_2023, public_on):
    data = client.get(reverse("open_data:year_json", kwargs={"year": 2023})).json()
    assert set(data) == {
        "schema_version",
        "year",
        "basis",
        "memo",
        "status",
        "projects",
        "projects_by_administration",
        "payouts_total_sek",
        "payouts_by_administration",
        "payouts_by_council_goal",
        "payouts_by_programme",
        "budget_range",
        "cofinancing_by_fund_family",
    }
    assert data["basis"] == "published_memo"
    assert data["status"] == {
        "state": "published",
        "final": True,
        "administrations_reported": 2,
        "administrations_total": 2,
    }
    assert data["memo"] == {
        "year": 2023,
        "title": "Redovisning av internationellt arbete 2023",
        "case_number": "STK-2023-1702",
        "version": 1,
        "published_at": data["memo"]["published_at"],
    }
    assert data["projects"]["total"] == 2
    assert data["payouts_total_sek"] == "12705678.00"
    assert data["budget_range"] == {
        "min": {"amount_sek": "60000.00", "programme": "Erasmus+"},
        "max": {"amount_sek": "2000000.00", "programme": "Europeiska socialfonden (ESF/ESF+)"},
    }
    assert data["payouts_by_programme"] == [
        {
            "programme": "Europeiska socialfonden (ESF/ESF+)",
            "short_name": "ESF",
            "amount_sek": "12345678.00",
        },
        {"programme": "Erasmus+", "short_name": "Erasmus+", "amount_sek": "360000.00"},
    ]
    text = json.dumps(data, ensure_ascii=False)
    # No one's name, no project list, nothing preliminary.
    assert PERSONAL not in text and "Klimatsmart stad" not in text
    assert "preliminary" not in text and "project_list" not in text


def test_figures_are_those_the_memo_was_published_with(
    client, published_2023, public_on, development_coordinator, django_assert_num_queries
):
    url = reverse("open_data:year_json", kwargs={"year": 2023})
    # Data changed after publishing: the open figures stay as published.
    f.PayoutFactory(report=published_2023["small_report"], amount_sek=Decimal("40000.00"))
    assert client.get(url).json()["payouts_total_sek"] == "12705678.00"
    # The memo redrafted from the new figures after publishing: they were never published, so
    # open data still shows the version's own figures.
    memo_refresh_figures(memo=Memo.objects.get(year=2023), user=development_coordinator)
    # The version and the year's status; the page and the CSV's file name also name the
    # organisation (one query).
    for address, count in zip(urls(2023), [3, 2, 3], strict=True):
        with django_assert_num_queries(count):
            assert client.get(address).status_code == 200, address
    assert client.get(url).json()["payouts_total_sek"] == "12705678.00"
    assert [
        entry["version"] for entry in client.get(reverse("open_data:index_json")).json()["years"]
    ] == [1]
    # Publishing again opens the figures of the new version.
    publish(Memo.objects.get(year=2023), development_coordinator)
    data = client.get(url).json()
    assert (data["basis"], data["memo"]["version"]) == ("published_memo", 2)
    assert data["payouts_total_sek"] == "12745678.00"
    assert [
        entry["version"] for entry in client.get(reverse("open_data:index_json")).json()["years"]
    ] == [2]


def test_after_publishing_changed_texts_and_data_approved_again_leave_the_published_figures(
    client, published_2023, public_on, development_coordinator
):
    """Reopened, paid once more and approved again, with the memo's texts edited, but not
    published: the open figures are the published version's, on every address; only the
    year's status says that it is open again."""
    page, data, rows = urls(2023)

    def shown() -> tuple:
        figures = client.get(data).json()
        return (
            client.get(page).context["figures"] | {"status": None},
            figures | {"status": None},
            client.get(rows).content,
            figures["status"]["state"],
        )

    before = shown()
    memo = Memo.objects.get(year=2023)
    memo.summary = "En ny sammanfattning efter publiceringen."
    memo.save()
    year = ReportingYear.objects.get(year=2023)
    reporting_year_reopen(reporting_year=year, user=development_coordinator, reason="Rättelse")
    submission = published_2023["small_report"].submission
    submission_reopen(
        submission=submission,
        user=development_coordinator,
        reason="En utbetalning saknas.",
        version=submission.version,
    )
    f.PayoutFactory(report=published_2023["small_report"], amount_sek=Decimal("40000.00"))
    # Sent in again by the administration (what sending in checks is tested with the entry).
    Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    submission.refresh_from_db()
    submission_approve(
        submission=submission, user=development_coordinator, version=submission.version
    )
    assert memo_figures(2023).payouts_total_sek == Decimal("12745678.00")
    after = shown()
    assert after[:3] == before[:3]
    assert (before[3], after[3]) == ("published", "open")
    assert client.get(data).json()["payouts_total_sek"] == "12705678.00"


def test_csv_has_a_header_and_one_number_per_row(client, published_2023, public_on):
    response = client.get(reverse("open_data:year_csv", kwargs={"year": 2023}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The machine-readable style of docs/open-data.md: commas, no byte-order mark, codes.
    assert response.content.startswith(b"year,table,name,measure,value\r\n")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert list(rows[0]) == ["year", "table", "name", "measure", "value"]
    by_administration = {
        row["name"]: Decimal(row["value"])
        for row in rows
        if row["table"] == "payouts_by_administration"
    }
    assert by_administration == {
        "Miljöförvaltningen": Decimal("12345678.00"),
        "Kulturförvaltningen": Decimal("360000.00"),
    }
    total = next(row for row in rows if row["table"] == "payouts")
    assert Decimal(total["value"]) == sum(by_administration.values())
    assert {row["year"] for row in rows} == {"2023"}


def test_open_page_in_english(client, published_2023, public_on):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("open_data:year", kwargs={"year": 2023})).content.decode()
    assert "EU projects in Malmö stad 2023" in page


def test_query_count_is_constant(
    client, public_on, development_coordinator, django_assert_num_queries
):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    publish(memo, development_coordinator)
    year_url = reverse("open_data:year", kwargs={"year": 2023})
    index_url = reverse("open_data:index")
    # The published figures, the year's status, the organisation's name.
    with django_assert_num_queries(3):
        client.get(year_url)
    with django_assert_num_queries(2):  # the published years, the organisation's name
        client.get(index_url)
    # Many more projects and published years.
    submission = f.SubmissionFactory(
        administration=f.AdministrationFactory(name="Stadskontoret"),
        reporting_year=f.ReportingYearFactory(year=2023),
        state="approved",
    )
    for _ in range(30):
        f.PayoutFactory(report=f.ProjectReportFactory(submission=submission))
    memo_refresh_figures(memo=memo, user=development_coordinator)
    publish(memo, development_coordinator)
    for year in range(2015, 2022):
        other = drafted_memo(year, title=f"Redovisning {year}")
        publish(other, development_coordinator)
    with django_assert_num_queries(3):
        response = client.get(year_url)
    assert response.context["figures"]["projects"]["total"] == 32
    with django_assert_num_queries(2):
        response = client.get(index_url)
    assert len(response.context["years"]) == 8


def test_a_signed_in_reader_sees_the_open_page_too(client, coordinator, published_2023, public_on):
    client.force_login(coordinator)
    response = client.get(reverse("open_data:year", kwargs={"year": 2023}))
    assert response.status_code == 200
    assert response.context["figures"]["year"] == 2023


def test_a_signed_in_user_without_a_role_reads_the_open_figures_too(
    client, published_2023, public_on
):
    # The open pages are open to everyone; an account still waiting for a role is no exception,
    # while every other page keeps saying it has no permission yet.
    user = f.UserFactory(role="", administration=None)
    client.force_login(user)
    assert client.get(reverse("open_data:year", kwargs={"year": 2023})).status_code == 200
    assert client.get(reverse("projects:home")).status_code == 403


def test_csv_rows_of_every_table_in_long_format():
    """One row per number, each table named, its key in the third column."""
    from reporting.selectors.public import public_figures_rows

    figures = {
        "year": 2023,
        "projects": {"total": 3, "owner": 1},
        "projects_by_administration": [
            {"administration": "Kulturförvaltningen", "total": 2, "owner": 1, "partner": 1},
            {"administration": "Miljöförvaltningen", "total": 1, "owner": 0, "partner": 1},
        ],
        "payouts_total_sek": "150.00",
        "payouts_by_administration": [
            {"administration": "Miljöförvaltningen", "amount_sek": "150.00"}
        ],
        "payouts_by_council_goal": [{"goal": "Inget mål angivet", "amount_sek": "150.00"}],
        "payouts_by_programme": [{"programme": "Interreg", "amount_sek": "150.00"}],
        "budget_range": {
            "min": {"programme": "Erasmus+", "amount_sek": "60000.00"},
            "max": None,
        },
        "cofinancing_by_fund_family": [
            {"fund_family": "structural", "min_rate": "50.00", "max_rate": "60.00"}
        ],
    }
    assert public_figures_rows(figures) == [
        (2023, "projects", "", "total", 3),
        (2023, "projects", "", "owner", 1),
        (2023, "projects_by_administration", "Kulturförvaltningen", "total", 2),
        (2023, "projects_by_administration", "Kulturförvaltningen", "owner", 1),
        (2023, "projects_by_administration", "Kulturförvaltningen", "partner", 1),
        (2023, "projects_by_administration", "Miljöförvaltningen", "total", 1),
        (2023, "projects_by_administration", "Miljöförvaltningen", "owner", 0),
        (2023, "projects_by_administration", "Miljöförvaltningen", "partner", 1),
        (2023, "payouts", "", "total_sek", "150.00"),
        (2023, "payouts_by_administration", "Miljöförvaltningen", "amount_sek", "150.00"),
        (2023, "payouts_by_council_goal", "Inget mål angivet", "amount_sek", "150.00"),
        (2023, "payouts_by_programme", "Interreg", "amount_sek", "150.00"),
        (2023, "budget_range", "Erasmus+", "min_sek", "60000.00"),
        (2023, "cofinancing_by_fund_family", "structural", "min_rate", "50.00"),
        (2023, "cofinancing_by_fund_family", "structural", "max_rate", "60.00"),
    ]


def test_open_figures_keep_the_memos_swedish_labels(
    client, published_2023, public_on, settings, development_coordinator
):
    """The figures are the memo's, in Swedish, whatever the visitor's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = client.get(reverse("open_data:year_json", kwargs={"year": 2023})).json()
    families = [row["label"] for row in data["cofinancing_by_fund_family"]]
    assert families and all(label in SWEDISH_FAMILIES for label in families)
    # A latest version that keeps no figures shows nothing (nothing is computed instead).
    kept_none = publish(Memo.objects.get(year=2023), development_coordinator, figures=None)
    assert kept_none.version == 2
    assert client.get(reverse("open_data:year_json", kwargs={"year": 2023})).status_code == 404


SWEDISH_FAMILIES = {
    "Social- och regionalfonderna",
    "Interreg och territoriellt samarbete",
    "Forskning och innovation",
    "Utbildning, ungdom och idrott",
    "Övriga EU-program",
}


def test_index_lists_years_newest_first_each_with_its_latest_version(
    client, public_on, development_coordinator
):
    # The older year has more versions: neither the version nor the year alone orders them.
    for year, versions in ((2022, 3), (2023, 2)):
        memo = drafted_memo(year, title=f"Redovisning av internationellt arbete {year}")
        for _ in range(versions):
            publish(memo, development_coordinator)
    listed = client.get(reverse("open_data:index_json")).json()["years"]
    assert [(entry["year"], entry["version"]) for entry in listed] == [(2023, 2), (2022, 3)]


def test_the_figures_shown_are_the_versions_own_not_the_memos(
    client, published_2023, public_on, development_coordinator
):
    """The memo's snapshot changing after publishing changes nothing; a version keeping one
    administration's part only, or another year's figures, shows nothing."""
    url = reverse("open_data:year_json", kwargs={"year": 2023})
    memo = Memo.objects.get(year=2023)
    published = client.get(url).json()["payouts_total_sek"]
    memo.figures_snapshot = {**memo.figures_snapshot, "payouts_total_sek": "1.00"}
    memo.save()
    assert client.get(url).json()["payouts_total_sek"] == published != "1.00"
    part = {**memo.figures_snapshot, "administration": "Kulturförvaltningen"}
    publish(memo, development_coordinator, figures=part)
    assert client.get(url).status_code == 404
    publish(
        memo, development_coordinator, figures={**part, "administration": None} | {"year": 2022}
    )
    assert client.get(url).status_code == 404
    publish(memo, development_coordinator)
    data = client.get(url).json()
    assert (data["memo"]["version"], data["payouts_total_sek"]) == (4, "1.00")


def test_a_year_without_budgets_has_no_budget_range(
    client, published_2023, public_on, development_coordinator
):
    memo = Memo.objects.get(year=2023)
    memo.figures_snapshot = {**memo.figures_snapshot, "budget_range": {"min": None, "max": None}}
    memo.save()
    publish(memo, development_coordinator)
    url = reverse("open_data:year_json", kwargs={"year": 2023})
    assert client.get(url).json()["budget_range"] == {"min": None, "max": None}
    rows = list(csv.reader(io.StringIO(client.get(urls(2023)[2]).content.decode())))
    assert [row for row in rows if row[1] == "budget_range"] == []
