"""The Excel exports off the request: the worker (django-tasks, database queue) makes the year's
workbook and the rows behind a figure; the pages say "Filen skapas…" and then give the link.

A file is asked for with a POST only (the button on the rows page, the export page and the
status page): a GET never queues anything. A file is kept per exact input (year, preliminary,
figure and slice, the viewer's part of the data, language) and per state of the year's data: a
change after a download gives a new file. Each user has a few files waiting at most, and made
files are removed after a set age. Tests with the ``database_tasks`` fixture run the worker's own
code (``manage.py db_worker``); the others let the immediate backend make the file inside the
request."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.http import urlencode
from openpyxl import load_workbook

from projects.models import Payout, ProjectReport, Submission
from projects.selectors import year_data_version
from projects.services import submission_approve
from projects.services.versions import year_data_changed
from reporting.exports import rows as exports_rows
from reporting.exports import workbook as exports
from reporting.exports.requests import export_file_request
from reporting.exports.services import (
    export_files_cleanup,
    figure_rows_input,
    year_workbook_input,
)
from reporting.models import ExportFile
from reporting.selectors import FIGURES, RowSlice, figure_rows
from tests import factories
from tests.messages import message_codes
from tests.reporting.test_figure_rows import build_world
from tests.reporting.test_memo_tasks import run_worker, tasks_queued

pytestmark = pytest.mark.django_db

WORKBOOK = "/rapport/export/2023/excel/"
WORKBOOK_STATUS = "/rapport/export/2023/excel/status/"
WORKBOOK_PROGRESS = "/rapport/export/2023/excel/filstatus/"
ROWS = "/rapport/nyckeltal/2023/rader/utbetalt.xlsx"
ROWS_STATUS = "/rapport/nyckeltal/2023/rader/utbetalt/excel/"
ROWS_PROGRESS = "/rapport/nyckeltal/2023/rader/utbetalt/excel/filstatus/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(db):
    """Alfa and Beta approved in 2023, Gamma submitted (see test_figure_rows.py)."""
    return build_world()


def cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, by sheet name."""
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return next(iter(cells(response.content).values()))


def amounts(response) -> list:
    """The rows workbook's amounts (the column "Belopp (kr)"), the total row last."""
    return [row[8] for row in sheet_rows(response)[2:]]


def fetch(client, status_url: str):
    """Ask for a file as its button does (a POST to its status page) and follow the answer: the
    file when it is made (at once, by the immediate backend), else the status page."""
    return client.post(status_url, follow=True)


# --- Made by the worker, while the page says so ----------------------------------------------


def test_the_year_workbook_is_made_by_the_worker_while_the_page_says_so(
    official_client, world, database_tasks
):
    client = official_client
    # Following the address before the file is asked for: the status page, with the button.
    response = client.get(WORKBOOK)
    assert response.status_code == 302 and response["Location"] == WORKBOOK_STATUS
    page = client.get(WORKBOOK_STATUS).content.decode()
    assert f'<form method="post" action="{WORKBOOK_STATUS}">' in page
    assert "Skapa Excel-filen" in page and "Filen skapas…" not in page
    assert tasks_queued() == 0
    response = client.post(WORKBOOK_STATUS)
    assert response.status_code == 302 and response["Location"] == WORKBOOK_STATUS
    assert tasks_queued() == 1
    page = client.get(WORKBOOK_STATUS).content.decode()
    assert "<h1>Årets uppgifter 2023 i Excel, godkända</h1>" in page
    assert "Filen skapas…" in page and "Skapa Excel-filen" not in page
    # A polite live region the script polls; without the script, a link to look again.
    assert f'aria-live="polite" data-progress-url="{WORKBOOK_PROGRESS}"' in page
    assert f'<a href="{WORKBOOK_STATUS}">Uppdatera sidan</a>' in page
    assert "js/memo-render.js" in page
    box = client.get(WORKBOOK_PROGRESS)
    assert box["Cache-Control"] == "no-store"
    assert 'data-render-state="pending"' in box.content.decode()

    run_worker()

    box = client.get(WORKBOOK_PROGRESS).content.decode()
    assert 'data-render-state="done"' in box and "Filen är klar." in box
    assert f'href="{WORKBOOK}">Ladda ner Excel-filen</a>' in box
    download = client.get(WORKBOOK)
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert 'filename="internationellt-arbete-2023.xlsx"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert cells(download.content)["Projekt"][1][1] == "ALF-projekt-0"
    assert tasks_queued() == 1


def test_the_rows_workbook_is_made_by_the_worker_with_its_slice_in_every_address(
    client, development_coordinator, world, database_tasks
):
    client.force_login(development_coordinator)
    query = "?forvaltning=ALF&preliminar=1"
    response = client.post(ROWS_STATUS + query)
    assert response.status_code == 302 and response["Location"] == ROWS_STATUS + query
    page = client.get(ROWS_STATUS + query).content.decode()
    assert "Raderna i Excel: Utbetalda EU-medel 2023 – Alfaförvaltningen" in page
    assert "Filen skapas…" in page
    assert f'data-progress-url="{ROWS_PROGRESS}{query.replace("&", "&amp;")}"' in page
    assert 'href="/rapport/nyckeltal/2023/rader/utbetalt/?forvaltning=ALF&amp;preliminar=1"' in page
    run_worker()
    box = client.get(ROWS_PROGRESS + query).content.decode()
    assert f'href="{ROWS}{query.replace("&", "&amp;")}"' in box
    download = client.get(ROWS + query)
    assert 'filename="rader-2023-utbetalt-alf-preliminar.xlsx"' in download["Content-Disposition"]
    assert amounts(download) == [1000.25, 2000.50, 1000.25, 2000.50, 6001.50]


def test_the_rows_page_asks_for_the_workbook_with_a_button_of_its_slice(
    client, development_coordinator, world
):
    # The answer may be the page saying the file is being made: the button posts, then follows.
    client.force_login(development_coordinator)
    page = client.get("/rapport/nyckeltal/2023/rader/utbetalt/?program=Erasmus%2B").content
    page = page.decode()
    assert f'<form method="post" action="{ROWS_STATUS}?program=Erasmus%2B">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'href="/rapport/nyckeltal/2023/rader/utbetalt.csv?program=Erasmus%2B" download>' in page
    assert f'href="{ROWS}' not in page


def test_the_export_page_asks_for_the_year_workbook_with_buttons(official_client, world):
    page = official_client.get("/rapport/export/").content.decode()
    assert f'<form method="post" action="{WORKBOOK_STATUS}">' in page
    assert f'<form method="post" action="{WORKBOOK_STATUS}?preliminar=1">' in page
    assert f'href="{WORKBOOK}' not in page


def test_the_worker_makes_the_same_year_workbook_as_the_synchronous_function(
    official_client, world, database_tasks
):
    for query in ("", "?preliminar=1"):
        official_client.post(WORKBOOK_STATUS + query)
        run_worker()
        made = official_client.get(WORKBOOK + query)
        export = exports.year_export_data(2023, preliminary=bool(query))
        assert cells(made.content) == cells(exports.year_workbook(export))
    assert len(cells(made.content)["Projekt"]) > len(cells(made.content)["Per mål"])
    # Preliminary: Gamma's submitted projects too.
    assert "GAM-projekt-0" in {row[1] for row in cells(made.content)["Projekt"]}


def test_the_worker_makes_the_same_rows_workbook_as_the_synchronous_function(
    client, development_coordinator, world, database_tasks
):
    client.force_login(development_coordinator)
    client.post(ROWS_STATUS + "?utan_mal=1")
    run_worker()
    made = client.get(ROWS + "?utan_mal=1")
    rows = figure_rows(2023, "utbetalt", row_slice=RowSlice(no_goal=True))
    title = exports_rows.rows_title(2023, "utbetalt", row_slice=rows.row_slice, administration="")
    assert title == "Utbetalda EU-medel 2023 – Inget mål angivet"
    assert cells(made.content) == cells(exports_rows.rows_workbook(rows, title=title))


def test_a_rows_workbook_asked_for_in_english_is_made_in_english(
    client, development_coordinator, world, database_tasks
):
    client.force_login(development_coordinator)
    client.cookies["django_language"] = "en"
    client.post(ROWS_STATUS)
    del client.cookies["django_language"]
    client.post(ROWS_STATUS)
    run_worker()
    assert ExportFile.objects.count() == 2
    client.cookies["django_language"] = "en"
    english = sheet_rows(client.get(ROWS))
    del client.cookies["django_language"]
    swedish = sheet_rows(client.get(ROWS))
    assert english[0][0] == "EU funds paid out 2023" and english[1][8] == "Amount (SEK)"
    assert swedish[0][0] == "Utbetalda EU-medel 2023" and swedish[1][8] == "Belopp (kr)"


# --- Never twice ------------------------------------------------------------------------------


def test_asking_twice_while_it_is_made_queues_one_job(
    client, official_client, official, development_coordinator, world, database_tasks
):
    for _ in range(5):
        assert official_client.post(WORKBOOK_STATUS).status_code == 302
        official_client.get(WORKBOOK)
        official_client.get(WORKBOOK_PROGRESS)
    # Someone else asking for the same file joins the same request.
    client.force_login(development_coordinator)
    for _ in range(5):
        response = client.post(WORKBOOK_STATUS)
        assert response.status_code == 302 and response["Location"] == WORKBOOK_STATUS
    assert tasks_queued() == 1 and ExportFile.objects.count() == 1
    assert ExportFile.objects.get().requested_by == official
    run_worker()
    assert official_client.get(WORKBOOK).status_code == 200
    assert client.get(WORKBOOK).status_code == 200
    # Asked for again once made: the made file, at once.
    response = client.post(WORKBOOK_STATUS)
    assert response.status_code == 302 and response["Location"] == WORKBOOK
    assert tasks_queued() == 1 and ExportFile.objects.get().is_done


def test_approved_and_preliminary_are_two_files(official_client, world, database_tasks):
    official_client.post(WORKBOOK_STATUS)
    official_client.post(WORKBOOK_STATUS + "?preliminar=1")
    assert tasks_queued() == 2
    assert sorted(ExportFile.objects.values_list("preliminary", flat=True)) == [False, True]


# --- A change to the data gives a new file --------------------------------------------------


def test_a_change_after_a_download_gives_a_new_file_not_the_stale_one(
    client, development_coordinator, world
):
    client.force_login(development_coordinator)
    url = ROWS_STATUS + "?forvaltning=ALF"
    assert amounts(fetch(client, url)) == [1000.25, 2000.50, 1000.25, 2000.50, 6001.50]
    assert amounts(client.get(ROWS + "?forvaltning=ALF"))[-1] == 6001.50  # the stored file
    first_key = ExportFile.objects.get().key

    payout = Payout.objects.get(report__name="ALF-projekt-0", payment_date="2023-01-01")
    payout.amount_sek = Decimal("5000.25")
    payout.save()
    year_data_changed(years=[2023])

    # The stored file is of the data before: the address now offers to make it again.
    stale = client.get(ROWS + "?forvaltning=ALF")
    assert stale.status_code == 302 and stale["Location"] == url
    assert amounts(fetch(client, url)) == [5000.25, 2000.50, 1000.25, 2000.50, 10001.50]
    assert ExportFile.objects.exclude(key=first_key).get().is_done

    # The year's workbook as well: approving Gamma puts its projects in the approved file.
    gamma = Submission.objects.get(administration=world["c"])
    before = cells(fetch(client, WORKBOOK_STATUS).content)["Projekt"]
    submission_approve(submission=gamma, user=development_coordinator, version=gamma.version)
    after = cells(fetch(client, WORKBOOK_STATUS).content)["Projekt"]
    assert len(after) == len(before) + 2
    assert "GAM-projekt-0" in {row[1] for row in after}


def change_payout(world):
    """A payout changed by a service (which raises the year's data version with it)."""
    payout = Payout.objects.filter(report__submission__reporting_year__year=2023).first()
    payout.note = "Ändrad"
    payout.save()
    year_data_changed(years=[2023])


def test_a_raised_data_version_changes_the_key_and_nothing_else_does(world):
    """Which writes raise it is tested in tests/projects/test_data_version.py."""
    spec = year_workbook_input(2023, preliminary=False)
    key = spec.key(year_data_version(2023))
    assert spec.key(year_data_version(2023)) == key  # nothing changed: the same
    change_payout(world)
    assert spec.key(year_data_version(2023)) != key


def test_another_years_change_keeps_the_files(world):
    factories.ReportingYearFactory(year=2024)
    version = year_data_version(2023)
    year_data_changed(years=[2024])
    assert year_data_version(2023) == version


def test_a_file_whose_data_changed_while_it_waited_is_made_from_the_data_as_it_is_now(
    client, development_coordinator, world, database_tasks
):
    client.force_login(development_coordinator)
    client.post(ROWS_STATUS)
    first_key = ExportFile.objects.get().key
    Payout.objects.filter(report__name="ALF-projekt-0").update(amount_sek=Decimal("7"))
    year_data_changed(years=[2023])
    run_worker()
    made = ExportFile.objects.get()
    assert made.status == ExportFile.Status.DONE and made.key != first_key
    # The link serves it at once, with the new amounts, and nothing more is queued.
    response = client.get(ROWS)
    assert response.status_code == 200
    assert 7.0 in amounts(response)
    assert tasks_queued() == 1


def test_a_file_overtaken_by_a_newer_request_gives_way(official_client, world, database_tasks):
    official_client.post(WORKBOOK_STATUS)
    change_payout(world)
    official_client.post(WORKBOOK_STATUS)  # asked again after the change: a request of its own
    assert tasks_queued() == 2
    run_worker()
    older, newer = ExportFile.objects.order_by("pk")
    assert older.status == ExportFile.Status.FAILED and older.data is None
    assert newer.status == ExportFile.Status.DONE
    assert official_client.get(WORKBOOK).status_code == 200


def test_old_files_are_removed_keeping_the_latest_few(client, development_coordinator, world):
    client.force_login(development_coordinator)
    fetch(client, ROWS_STATUS + "?forvaltning=BET")  # another input: kept
    for amount in range(1, 6):
        Payout.objects.filter(report__name="ALF-projekt-0").update(amount_sek=Decimal(amount))
        year_data_changed(years=[2023])
        assert fetch(client, ROWS_STATUS).status_code == 200
    whole_city = ExportFile.objects.filter(figure="utbetalt", row_query="")
    assert whole_city.count() == ExportFile.KEEP_PER_FAMILY
    assert ExportFile.objects.filter(row_query="forvaltning=BET").count() == 1
    assert amounts(client.get(ROWS))[0] == 5.0


# --- Failures ---------------------------------------------------------------------------------


def test_a_failed_file_says_so_in_swedish_and_can_be_made_again(
    official_client, world, database_tasks, monkeypatch
):
    client = official_client

    def broken(export):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "year_workbook", broken)
    client.post(WORKBOOK_STATUS)
    run_worker()
    assert ExportFile.objects.get().status == ExportFile.Status.FAILED
    page = client.get(WORKBOOK_STATUS).content.decode()
    assert 'data-render-state="failed"' in page
    assert "disk full" not in page
    assert f'<form method="post" action="{WORKBOOK_STATUS}">' in page and "Försök igen" in page
    # Looking again does not retry on its own; the button does.
    assert client.get(WORKBOOK).status_code == 302
    assert tasks_queued() == 1

    monkeypatch.undo()
    response = client.post(WORKBOOK_STATUS)
    assert response.status_code == 302 and response["Location"] == WORKBOOK_STATUS
    assert tasks_queued() == 2
    assert "Filen skapas…" in client.get(WORKBOOK_STATUS).content.decode()
    run_worker()
    assert client.get(WORKBOOK).status_code == 200


def test_a_file_lost_with_a_stopped_worker_can_be_asked_for_again(
    official_client, world, database_tasks
):
    client = official_client
    client.post(WORKBOOK_STATUS)
    lost = timezone.now() - ExportFile.STALE_AFTER - datetime.timedelta(seconds=1)
    ExportFile.objects.update(requested_at=lost)
    box = client.get(WORKBOOK_PROGRESS).content.decode()
    assert 'data-render-state="failed"' in box and ExportFile.objects.get().is_stale
    assert client.get(WORKBOOK).status_code == 302 and tasks_queued() == 1
    assert client.post(WORKBOOK_STATUS).status_code == 302 and tasks_queued() == 2
    assert 'data-render-state="pending"' in client.get(WORKBOOK_PROGRESS).content.decode()
    run_worker()  # the lost task and the new one: one file
    assert client.get(WORKBOOK).status_code == 200
    assert ExportFile.objects.count() == 1


# --- Whose rows --------------------------------------------------------------------------------


def test_a_coordinator_gets_a_file_of_their_own_rows_never_anothers(client, world):
    coordinator_a = factories.CoordinatorFactory(email="a@malmo.se", administration=world["a"])
    coordinator_b = factories.CoordinatorFactory(email="b@malmo.se", administration=world["b"])
    client.force_login(coordinator_a)
    a_rows = sheet_rows(fetch(client, ROWS_STATUS))
    client.force_login(coordinator_b)
    b_rows = sheet_rows(fetch(client, ROWS_STATUS))
    assert {row[0] for row in a_rows[2:-1]} == {"ALF"}
    assert {row[0] for row in b_rows[2:-1]} == {"BET"}
    assert a_rows[0][0] == "Utbetalda EU-medel 2023 – Alfaförvaltningen"
    # Same address, same data: one file per scope, each made for its own administration.
    files = ExportFile.objects.order_by("pk")
    assert [file.scope for file in files] == [world["a"], world["b"]]
    assert files[0].family != files[1].family and files[0].key != files[1].key
    # The whole city's file, once made, is not what a coordinator gets either.
    development = factories.DevelopmentCoordinatorFactory(email="d@malmo.se")
    client.force_login(development)
    assert {row[0] for row in sheet_rows(fetch(client, ROWS_STATUS))[2:-1]} == {"ALF", "BET"}
    client.force_login(coordinator_b)
    assert {row[0] for row in sheet_rows(client.get(ROWS))[2:-1]} == {"BET"}
    assert ExportFile.objects.count() == 3


def test_the_service_never_finds_a_file_of_another_scope(world, development_coordinator):
    row_slice = RowSlice()
    with translation.override("sv"):
        spec_a = figure_rows_input(
            2023,
            "utbetalt",
            preliminary=False,
            scope=world["a"],
            row_slice=row_slice,
            administration="",
        )
        spec_b = figure_rows_input(
            2023,
            "utbetalt",
            preliminary=False,
            scope=world["b"],
            row_slice=row_slice,
            administration="",
        )
    made_a = export_file_request(spec=spec_a, user=development_coordinator)
    made_b = export_file_request(spec=spec_b, user=development_coordinator)
    assert made_a.pk != made_b.pk and made_b.scope_id == world["b"].pk


def test_another_administrations_rows_are_not_found_in_any_address(client, world):
    coordinator_b = factories.CoordinatorFactory(email="b@malmo.se", administration=world["b"])
    client.force_login(coordinator_b)
    for url in (ROWS, ROWS_STATUS, ROWS_PROGRESS):
        assert client.get(url + "?forvaltning=ALF").status_code == 404, url
    assert client.post(ROWS_STATUS + "?forvaltning=ALF").status_code == 404
    assert not ExportFile.objects.exists()


# --- A GET never asks; asking is bounded ------------------------------------------------------

GOAL = "Utbildning och arbete"
PROGRAMMES = ("Europeiska socialfonden", "Erasmus+")


def valid_status_urls() -> list[str]:
    """The status page of every distinct rows file of the world's year: each figure, approved
    or preliminary, whole city or one administration, each goal (or none), each programme."""
    urls = []
    for figure in sorted(FIGURES):
        for preliminary in ("", "1"):
            for administration in ("", "ALF", "BET", "GAM"):
                for goal in ({}, {"mal": GOAL}, {"utan_mal": "1"}):
                    for programme in ("", *PROGRAMMES):
                        query = {
                            "forvaltning": administration,
                            **goal,
                            "program": programme,
                            "preliminar": preliminary,
                        }
                        query = urlencode({key: value for key, value in query.items() if value})
                        url = f"/rapport/nyckeltal/2023/rader/{figure}/excel/"
                        urls.append(f"{url}?{query}" if query else url)
    return urls


def test_three_hundred_distinct_gets_queue_no_file_and_no_task(
    official_client, world, database_tasks
):
    valid = valid_status_urls()
    answers = set()
    for index in range(300):
        if index % 2:
            # Made-up names, as a script would send them.
            url = f"{ROWS}?program=Program+{index}&mal=M%C3%A5l+{index}"
        else:
            url = valid[index // 2]
            # The file's address, its status page and the polled box: all for reading.
            url = (
                url.replace("/excel/", ".xlsx"),
                url,
                url.replace("/excel/", "/excel/filstatus/"),
            )[index % 3]
        answers.add(official_client.get(url).status_code)
    for query in ("", "?preliminar=1"):
        for url in (WORKBOOK, WORKBOOK_STATUS, WORKBOOK_PROGRESS):
            answers.add(official_client.get(url + query).status_code)
    assert answers == {200, 302, 404}
    assert not ExportFile.objects.exists()
    assert tasks_queued() == 0


def test_three_hundred_posts_of_distinct_slices_queue_at_most_the_users_limit(
    client, official_client, development_coordinator, world, database_tasks, settings
):
    settings.RATE_LIMIT_ENABLED = False  # the limit of requests is tested on its own
    limit = settings.EXPORT_PENDING_PER_USER
    assert limit == 3
    urls = valid_status_urls()[:300]
    assert len(set(urls)) == 300
    for url in urls:
        response = official_client.post(url)
        assert response.status_code == 302 and response["Location"] == url
    assert ExportFile.objects.count() == tasks_queued() == limit
    # The page says why, and nothing more is queued.
    response = official_client.post(urls[-1], follow=True)
    assert set(message_codes(response)) == {"export_pending_limit"}
    assert "Skapa Excel-filen" in response.content.decode()
    # Asking for a file already waiting is free, beyond the limit too.
    assert official_client.post(urls[0]).status_code == 302
    # Someone else's files wait as well; their own limit is theirs.
    client.force_login(development_coordinator)
    client.post(urls[-1])
    assert ExportFile.objects.count() == tasks_queued() == limit + 1
    # Once the worker has made them, the next ones may be asked for.
    run_worker()
    for url in urls[limit : 2 * limit + 2]:
        official_client.post(url)
    assert ExportFile.objects.filter(status=ExportFile.Status.PENDING).count() == limit


def test_the_limit_counts_a_users_waiting_files_not_lost_or_made_ones(
    official, world, database_tasks, settings
):
    settings.EXPORT_PENDING_PER_USER = 1
    with translation.override("sv"):
        approved = year_workbook_input(2023, preliminary=False)
        preliminary = year_workbook_input(2023, preliminary=True)
    export_file_request(spec=approved, user=official)
    with pytest.raises(ValidationError) as refused:
        export_file_request(spec=preliminary, user=official)
    assert refused.value.code == "export_pending_limit"
    assert refused.value.messages == [
        "Du har redan 1 Excel-fil som skapas. Vänta tills den är klar och be sedan om nästa."
    ]
    # A request lost with a stopped worker no longer counts.
    ExportFile.objects.update(
        requested_at=timezone.now() - ExportFile.STALE_AFTER - datetime.timedelta(seconds=1)
    )
    export_file_request(spec=preliminary, user=official)
    assert tasks_queued() == 2


@pytest.mark.parametrize(
    "query",
    [
        "program=Ok%C3%A4nt+program",
        "mal=Ok%C3%A4nt+m%C3%A5l",
        # The short name is not the name the rows keep.
        "program=ESF",
        f"mal={GOAL}&program=Ok%C3%A4nt",
        # A programme of another year only.
        "program=Interreg",
    ],
)
def test_an_unknown_programme_or_goal_is_not_found_and_never_a_file(
    client, development_coordinator, world, database_tasks, query
):
    other_year = factories.SubmissionFactory(
        administration=world["a"], reporting_year=factories.ReportingYearFactory(year=2022)
    )
    factories.ProjectReportFactory(
        submission=other_year, programme=factories.FundingProgrammeFactory(name="Interreg")
    )
    client.force_login(development_coordinator)
    assert client.post(f"{ROWS_STATUS}?{query}").status_code == 404
    for url in (ROWS, ROWS_STATUS, ROWS_PROGRESS, "/rapport/nyckeltal/2023/rader/utbetalt/"):
        assert client.get(f"{url}?{query}").status_code == 404, url
    assert client.get(f"/rapport/nyckeltal/2023/rader/utbetalt.csv?{query}").status_code == 404
    assert not ExportFile.objects.exists() and tasks_queued() == 0


def test_a_year_without_a_reporting_year_is_not_found_and_never_a_file(
    official_client, world, database_tasks
):
    for url in (
        "/rapport/nyckeltal/2031/rader/utbetalt/excel/",
        "/rapport/export/2031/excel/status/",
    ):
        assert official_client.post(url).status_code == 404, url
    assert official_client.get("/rapport/nyckeltal/2031/rader/utbetalt/").status_code == 404
    assert not ExportFile.objects.exists() and tasks_queued() == 0


def test_a_slice_names_what_the_years_rows_keep_not_todays_names(
    client, development_coordinator, world, database_tasks
):
    """A year's rows keep the names they had (a closed year's when the programme is renamed)."""
    ProjectReport.objects.filter(programme_name="Erasmus+").update(programme_name="Erasmus")
    client.force_login(development_coordinator)
    assert client.post(f"{ROWS_STATUS}?program=Erasmus%2B").status_code == 404
    assert client.post(f"{ROWS_STATUS}?program=Erasmus").status_code == 302
    assert ExportFile.objects.get().row_query == "program=Erasmus"


# --- Old files are removed ----------------------------------------------------------------------


def stored_file(key: str, status: str, *, requested: datetime.datetime, finished=None):
    return factories.ExportFileFactory(
        key=key,
        status=status,
        requested_at=requested,
        finished_at=finished,
    )


def test_the_cleanup_command_removes_old_files_and_keeps_recent_and_waiting_ones(settings):
    now = timezone.now()
    hours = datetime.timedelta(hours=1)
    done, failed, pending = (ExportFile.Status.DONE, ExportFile.Status.FAILED, "pending")
    stored_file("old-done", done, requested=now - 26 * hours, finished=now - 25 * hours)
    stored_file("old-failed", failed, requested=now - 31 * hours, finished=now - 30 * hours)
    stored_file("lost-long-ago", pending, requested=now - 25 * hours)
    stored_file("recent-done", done, requested=now - 3 * hours, finished=now - 2 * hours)
    stored_file("recent-failed", failed, requested=now - hours, finished=now - hours / 2)
    stored_file("waiting", pending, requested=now - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("export_files_cleanup", older_than_hours=24, stdout=out)
    assert set(ExportFile.objects.values_list("key", flat=True)) == {
        "recent-done",
        "recent-failed",
        "waiting",
    }
    assert "3" in out.getvalue()
    # Without the option, the age from the settings.
    settings.EXPORT_FILES_MAX_AGE_HOURS = 1
    call_command("export_files_cleanup", stdout=io.StringIO())
    assert set(ExportFile.objects.values_list("key", flat=True)) == {"recent-failed", "waiting"}


def test_the_cleanup_service_removes_nothing_younger_than_the_age(world, official):
    fetch_spec = year_workbook_input(2023, preliminary=False)
    made = export_file_request(spec=fetch_spec, user=official)
    assert made.is_done
    assert export_files_cleanup(older_than=datetime.timedelta(minutes=1)) == 0
    ExportFile.objects.update(finished_at=timezone.now() - datetime.timedelta(minutes=2))
    assert export_files_cleanup(older_than=datetime.timedelta(minutes=1)) == 1
    assert not ExportFile.objects.exists()


def test_the_cleanup_command_refuses_a_negative_age():
    with pytest.raises(CommandError):
        call_command("export_files_cleanup", older_than_hours=-1, stdout=io.StringIO())


# --- Who may ---------------------------------------------------------------------------------


def test_the_year_workbook_is_for_the_development_coordinator_and_officials(
    client, coordinator, development_coordinator, official, world
):
    for url in (WORKBOOK, WORKBOOK_STATUS, WORKBOOK_PROGRESS):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    assert client.post(WORKBOOK_STATUS).status_code == 302
    client.force_login(coordinator)
    for url in (WORKBOOK, WORKBOOK_STATUS, WORKBOOK_PROGRESS):
        assert client.get(url).status_code == 403, url
    assert client.post(WORKBOOK_STATUS).status_code == 403
    assert not ExportFile.objects.exists()
    client.force_login(development_coordinator)
    assert client.get(WORKBOOK).status_code == 302  # not asked for yet
    assert client.post(WORKBOOK_STATUS).status_code == 302
    for user in (development_coordinator, official):
        client.force_login(user)
        assert client.get(WORKBOOK).status_code == 200
        assert client.get(WORKBOOK_STATUS).status_code == 200
        assert client.get(WORKBOOK_PROGRESS).status_code == 200
        assert client.post(WORKBOOK_STATUS).status_code == 302


def test_the_rows_workbook_needs_a_role_and_a_known_figure_and_year(client, world):
    response = client.get(ROWS_STATUS)
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    client.force_login(factories.UserFactory(email="ny@malmo.se", role=""))
    assert client.get(ROWS_STATUS).status_code == 403
    client.force_login(factories.OfficialFactory(email="o@malmo.se"))
    assert client.get("/rapport/nyckeltal/2023/rader/okand/excel/").status_code == 404
    assert client.get("/rapport/nyckeltal/1800/rader/utbetalt/excel/filstatus/").status_code == 404
    assert client.get("/rapport/export/1999/excel/status/").status_code == 404


# --- Query counts ---------------------------------------------------------------------------


def test_the_status_page_and_polled_box_query_counts_do_not_grow(
    official_client, client, development_coordinator, world, django_assert_num_queries
):
    client.force_login(development_coordinator)
    rows_query = "?forvaltning=ALF"
    urls = [
        (official_client, WORKBOOK_PROGRESS),
        (official_client, WORKBOOK_STATUS),
        (client, ROWS_PROGRESS + rows_query),
        (client, ROWS_STATUS + rows_query),
    ]
    official_client.post(WORKBOOK_STATUS)
    client.post(ROWS_STATUS + rows_query)
    counts = {}
    for who, url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = who.get(url)
        assert 'data-render-state="done"' in response.content.decode()
        counts[url] = len(captured)
    # The box: session, user, the year or the administration asked for, the latest file.
    assert counts[WORKBOOK_PROGRESS] == counts[ROWS_PROGRESS + rows_query] == 4
    # Far more data, and more files of the same inputs: the pages read the same.
    submission = Submission.objects.get(administration=world["a"])
    for index in range(20):
        report = factories.ProjectReportFactory(submission=submission, name=f"Extra {index}")
        factories.PayoutFactory(report=report, payment_date=datetime.date(2023, 6, 1))
        year_data_changed(years=[2023])
        if index % 5 == 0:
            official_client.post(WORKBOOK_STATUS)
            client.post(ROWS_STATUS + rows_query)
    official_client.post(WORKBOOK_STATUS)
    client.post(ROWS_STATUS + rows_query)
    assert ExportFile.objects.count() == 2 * ExportFile.KEEP_PER_FAMILY
    for who, url in urls:
        with django_assert_num_queries(counts[url]):
            response = who.get(url)
        assert 'data-render-state="done"' in response.content.decode()


def test_requests_left_waiting_by_a_stopped_worker_do_not_pile_up(
    official_client, world, database_tasks
):
    official_client.post(WORKBOOK_STATUS)
    lost = ExportFile.objects.get()
    ExportFile.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - ExportFile.STALE_AFTER - datetime.timedelta(seconds=1)
    )
    change_payout(world)
    official_client.post(WORKBOOK_STATUS)  # a request for the changed data removes the lost one
    assert list(ExportFile.objects.values_list("status", flat=True)) == ["pending"]
    assert not ExportFile.objects.filter(pk=lost.pk).exists()


def test_a_file_removed_after_it_was_made_sends_to_the_status_page(official_client, world):
    assert fetch(official_client, WORKBOOK_STATUS).status_code == 200
    ExportFile.objects.all().delete()
    response = official_client.get(WORKBOOK)
    assert response.status_code == 302 and response["Location"].startswith(WORKBOOK_STATUS)


def test_a_made_file_is_streamed_and_a_repeated_download_is_answered_304(official_client, world):
    fetch(official_client, WORKBOOK_STATUS)
    response = official_client.get(WORKBOOK)
    assert response.status_code == 200 and response.streaming
    data = b"".join(response.streaming_content)
    assert data[:2] == b"PK" and int(response["Content-Length"]) == len(data)
    again = official_client.get(WORKBOOK, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    # After a change the file is another one: no 304 for the old ETag.
    change_payout(world)
    fetch(official_client, WORKBOOK_STATUS)
    changed = official_client.get(WORKBOOK, headers={"if-none-match": response["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]
