"""What is computed from a year's data is kept per data version (reporting/kept.py): a repeated
request is a look-up, a change through a service is seen at once, and each reader gets only
what they may see. Publishing reads the database itself, whatever is kept."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Submission
from projects.services import submission_approve
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
