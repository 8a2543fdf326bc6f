"""What is computed from a year's data is kept per data version (reporting/kept.py): a repeated
request is a look-up, a change through a service is seen at once, and each reader gets only
what they may see. Publishing reads the database itself, whatever is kept."""

import json

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Submission
from projects.services import submission_approve
from reporting import kept
from reporting.kept import CACHE
from reporting.memo.files import memo_publish
from reporting.memo.services import memo_create_draft, memo_figures_changed
from reporting.models import PublishedMemo
from reporting.trend.services import historical_total_save
from tests import factories
from tests.reporting.memo_helpers import make_publishable
from tests.reporting.test_figure_rows import build_world

pytestmark = pytest.mark.django_db

JSON = "/rapport/nyckeltal/2023/json/"
CSV = "/rapport/nyckeltal/2023/rader/projekt.csv"
CACHE_TABLE = settings.CACHES[CACHE]["LOCATION"]


@pytest.fixture
def world(db):
    """Alfa and Beta approved in 2023 (two projects each), Gamma submitted."""
    return build_world()


def approve_gamma(development_coordinator):
    gamma = Submission.objects.get(administration_code="GAM")
    submission_approve(submission=gamma, user=development_coordinator, version=gamma.version)


def get(client, url):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def test_the_figures_json_is_computed_once_and_a_change_is_seen_at_once(
    client, development_coordinator, world
):
    client.force_login(development_coordinator)
    first, computed = get(client, JSON)
    again, looked_up = get(client, JSON)
    assert again.content == first.content
    # The figures' queries are gone: the data version and one look-up replace them.
    assert looked_up <= computed - 3
    assert json.loads(first.content)["projects"]["total"] == 4

    approve_gamma(development_coordinator)
    changed, _count = get(client, JSON)
    assert json.loads(changed.content)["projects"]["total"] == 6


def test_a_coordinator_never_gets_the_whole_citys_kept_figures(
    client, development_coordinator, world
):
    client.force_login(development_coordinator)
    whole_city = json.loads(get(client, JSON)[0].content)
    client.force_login(factories.CoordinatorFactory(administration=world["a"]))
    own = json.loads(get(client, JSON)[0].content)
    assert whole_city["projects"]["total"] == 4 and "administration" not in whole_city
    assert own["projects"]["total"] == 2 and own["administration"] == "Alfaförvaltningen"
    preliminary = json.loads(get(client, JSON + "?preliminar=1")[0].content)
    assert preliminary["preliminary"] is True


def test_the_rows_csv_is_kept_per_slice_and_follows_a_change(
    client, development_coordinator, world
):
    client.force_login(development_coordinator)
    whole = get(client, CSV)[0].content.decode()
    alfa = get(client, CSV + "?forvaltning=ALF")[0]
    assert "BET-projekt-0" in whole and "BET-projekt-0" not in alfa.content.decode()
    assert alfa["Content-Disposition"] != get(client, CSV)[0]["Content-Disposition"]
    assert "GAM-projekt-0" not in whole

    approve_gamma(development_coordinator)
    assert "GAM-projekt-0" in get(client, CSV)[0].content.decode()


def test_the_trend_follows_a_historical_total_and_a_closed_year(
    client, official, development_coordinator, world
):
    client.force_login(official)
    url = "/rapport/utveckling/"
    before = get(client, url)[0].context["trend"]
    historical_total_save(user=None, year=2010, project_count=7, source="Tjänsteskrivelse 2011")
    after = get(client, url)[0].context["trend"]
    assert [row.year for row in after.years] == [row.year for row in before.years] + [2010]


def test_the_memo_editor_compares_with_the_figures_of_the_current_version(
    development_coordinator, world
):
    memo = memo_create_draft(year=2023, user=development_coordinator)
    assert not memo_figures_changed(memo)
    approve_gamma(development_coordinator)
    assert memo_figures_changed(memo)


def test_publishing_reads_the_figures_from_the_database_not_from_what_is_kept(
    development_coordinator, world
):
    """A change that raised no version (a fix made outside the services) still stops a
    publication whose texts were written from other figures."""
    memo = make_publishable(memo_create_draft(year=2023, user=development_coordinator))
    assert not memo_figures_changed(memo)  # the hash of this version is now kept
    Submission.objects.filter(administration_code="GAM").update(state=Submission.State.APPROVED)
    assert not memo_figures_changed(memo)  # the pages: nothing raised the version
    with pytest.raises(ValidationError) as refused:
        memo_publish(memo=memo, user=development_coordinator)
    assert [error.code for error in refused.value.error_list] == ["figures_changed"]
    assert not PublishedMemo.objects.exists()


def test_a_repeated_answer_comes_from_the_process_memory_and_a_change_is_seen_at_once(
    client, development_coordinator, world
):
    """The shared cache is asked once per version; the next request of the same version is
    answered from this process's memory, the version's one query aside."""
    client.force_login(development_coordinator)
    first = get(client, CSV)[0]
    caches[CACHE].clear()  # only the memory still holds it
    again = get(client, CSV)[0]
    assert again.content == first.content
    # The session, the user, the rate limit's counter and the data version: no cache table read.
    with CaptureQueriesContext(connection) as queries:
        client.get(CSV)
    assert not any(CACHE_TABLE in query["sql"] for query in queries.captured_queries)

    approve_gamma(development_coordinator)
    changed = get(client, CSV)[0]
    assert "GAM-projekt-0" in changed.content.decode()
    assert "GAM-projekt-0" not in again.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_a_client_holding_the_kept_answer_gets_304_until_the_data_changes(
    client, development_coordinator, world
):
    client.force_login(development_coordinator)
    for url in (JSON, CSV):
        etag = get(client, url)[0]["ETag"]
        held = client.get(url, headers={"If-None-Match": etag})
        assert held.status_code == 304 and held["ETag"] == etag and not held.content
    json_etag = get(client, JSON)[0]["ETag"]
    approve_gamma(development_coordinator)
    changed = client.get(JSON, headers={"If-None-Match": json_etag})
    assert changed.status_code == 200 and changed["ETag"] != json_etag
    assert json.loads(changed.content)["projects"]["total"] == 6


def test_the_memory_keeps_the_most_recently_used_results_within_its_budget():
    memory = kept._Memory(budget=10)
    memory.put("a", "A", 4)
    memory.put("b", "B", 4)
    assert memory.get("a") == ("A",)  # now the most recent
    memory.put("c", "C", 4)  # over the budget: "b", the least recently used, goes
    assert memory.get("b") is None
    assert memory.get("a") == ("A",) and memory.get("c") == ("C",)
    memory.put("huge", "H", 11)  # larger than the whole budget: never kept
    assert memory.get("huge") is None and memory.get("c") == ("C",)
