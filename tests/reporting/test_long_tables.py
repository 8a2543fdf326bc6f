"""Tables with a row per administration show a page of rows (the figures page) or the first
administrations' passages (the memo editor's sources), with the rest one click away."""

import re
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.figures import views as figures_views
from reporting.memo import views as memo_views
from reporting.memo.services import memo_create_draft
from tests.reporting.test_translation_lookups import YEAR, add_administrations

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def row_names(table_html: str) -> list[str]:
    return re.findall(r'<th scope="row">(Förvaltning \d+)</th>', table_html)


def test_the_tables_per_administration_are_shown_a_page_at_a_time(
    client, official, monkeypatch, django_assert_num_queries
):
    for name in ("ADMINISTRATION_PROJECTS", "ADMINISTRATION_PAYOUTS"):
        monkeypatch.setattr(figures_views, name, replace(getattr(figures_views, name), per_page=2))
    add_administrations(0, 5)
    client.force_login(official)
    url = reverse("reporting:figures", args=[YEAR])
    with CaptureQueriesContext(connection) as first_page:
        html = client.get(url).content.decode()
    projects = section(html, "administrations-heading")
    assert len(row_names(projects)) == 2
    assert 'aria-label="Sidor i tabellen över projekt per förvaltning"' in projects
    assert 'href="?forvaltningar=2#administrations" rel="next"' in projects
    # The total under the page counts every administration's projects (5 × 2).
    assert re.search(r'Totalt</th>\s*<td class="text-end"><a [^>]*>10<', projects)
    payouts = section(html, "payouts-administration-heading")
    assert len(row_names(payouts)) == 2
    assert 'href="?utbetalningar=2#payouts-administrations" rel="next"' in payouts

    # The last page of one table; the other stays on its first page.
    with django_assert_num_queries(len(first_page)):
        html = client.get(url, {"forvaltningar": 3}).content.decode()
    last = row_names(section(html, "administrations-heading"))
    assert len(last) == 1 and last[0] not in row_names(projects)
    assert row_names(section(html, "payouts-administration-heading")) == row_names(payouts)


def test_every_administration_fits_on_one_page_without_page_links(client, official):
    add_administrations(0, 3)
    client.force_login(official)
    html = client.get(reverse("reporting:figures", args=[YEAR])).content.decode()
    assert len(row_names(section(html, "administrations-heading"))) == 3
    assert "Sidor i tabellen över" not in html


def test_the_editor_shows_the_first_administrations_sources_and_links_to_the_rest(
    client, development_coordinator, monkeypatch
):
    # Each administration has three passages: its networks and two projects' results.
    monkeypatch.setattr(memo_views, "SOURCE_PASSAGES_SHOWN", 7)
    add_administrations(0, 4)
    memo_create_draft(year=YEAR, user=development_coordinator)
    client.force_login(development_coordinator)
    url = reverse("reporting:memo_edit", args=[YEAR])

    html = client.get(url).content.decode()
    assert html.count("data-insert-source=") == 6  # two whole administrations
    assert "Underlaget från 2 förvaltningar till visas inte här." in html
    assert 'href="?underlag=alla#memo-sources"' in html

    html = client.get(url, {"underlag": "alla"}).content.decode()
    assert html.count("data-insert-source=") == 12
    assert "visas inte här" not in html


def test_one_administration_with_more_passages_than_the_limit_is_shown_whole(
    client, development_coordinator, monkeypatch
):
    monkeypatch.setattr(memo_views, "SOURCE_PASSAGES_SHOWN", 2)
    add_administrations(0, 2)
    memo_create_draft(year=YEAR, user=development_coordinator)
    client.force_login(development_coordinator)
    html = client.get(reverse("reporting:memo_edit", args=[YEAR])).content.decode()
    assert html.count("data-insert-source=") == 3
    assert "Underlaget från 1 förvaltning till visas inte här." in html


def test_the_trend_s_table_per_administration_is_shown_a_page_at_a_time(
    client, official, monkeypatch, django_assert_num_queries
):
    from reporting.trend import views as trend_views

    monkeypatch.setattr(trend_views, "BREAKDOWN_ROWS_PER_PAGE", 2)
    add_administrations(0, 5)
    client.force_login(official)
    url = reverse("reporting:trend")
    client.get(url)  # the trend is computed once, then kept
    with CaptureQueriesContext(connection) as first_page:
        html = client.get(url).content.decode()
    first_page_queries = len(first_page)
    table = section(html, "trend-administrations-heading")
    assert len(row_names(table)) == 2
    assert 'href="?forvaltningar=2#trend-administrations" rel="next"' in table
    # The chart above the table still shows every administration.
    assert all(f"Förvaltning {number:02}" in table.split("<table")[0] for number in range(5))
    client.get(url, {"forvaltningar": 3})  # that page's table drawn once, then kept
    with django_assert_num_queries(first_page_queries):
        html = client.get(url, {"forvaltningar": 3}).content.decode()
    assert len(row_names(section(html, "trend-administrations-heading"))) == 1


def test_the_trend_s_tables_are_drawn_once_per_page_and_state_of_the_years(
    client, official, monkeypatch
):
    from projects.services.versions import year_data_changed
    from reporting.trend import views as trend_views

    monkeypatch.setattr(trend_views, "BREAKDOWN_ROWS_PER_PAGE", 2)
    add_administrations(0, 5)
    client.force_login(official)
    url = reverse("reporting:trend")

    def drawn(response) -> int:
        names = [template.name for template in response.templates]
        return names.count("reporting/includes/trend_breakdown_table.html")

    # Per administration, council goal and fund family; then kept, with the rows they showed.
    first = client.get(url)
    assert drawn(first) == 3
    again = client.get(url)
    assert drawn(again) == 0
    for heading in (
        "trend-administrations-heading",
        "trend-goals-heading",
        "trend-families-heading",
    ):
        assert section(again.content.decode(), heading) == section(first.content.decode(), heading)
    # Another page of the first table: that table's page only, and its own rows.
    second_page = client.get(url, {"forvaltningar": 2})
    assert drawn(second_page) == 1
    names = row_names(section(second_page.content.decode(), "trend-administrations-heading"))
    assert len(names) == 2
    assert not set(names) & set(
        row_names(section(first.content.decode(), "trend-administrations-heading"))
    )
    # The year's data changed: every table drawn anew.
    year_data_changed(years=[YEAR])
    assert drawn(client.get(url)) == 3
