"""The memo list: the draft's title only for the development coordinator, who may edit it;
everyone else sees the published versions only."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def publish(memo, by, title):
    f.PublishedMemoFactory(memo=memo, title=title, published_by=by)


@pytest.fixture
def draft(db):
    f.ReportingYearFactory(year=2023, is_open=False)
    return f.MemoFactory(year=2023, title="Utkast: känsliga formuleringar")


def index(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("reporting:memo_index"))
    assert response.status_code == 200
    return response.content.decode()


def test_development_coordinator_sees_the_draft_title(client, draft, development_coordinator):
    assert "Utkast: känsliga formuleringar" in index(client, development_coordinator)


@pytest.mark.parametrize("role", ["official", "coordinator"])
def test_others_do_not_see_an_unpublished_draft_title(client, request, draft, role):
    content = index(client, request.getfixturevalue(role))
    assert "Utkast: känsliga formuleringar" not in content
    assert "Ingen publicerad tjänsteskrivelse ännu" in content
    assert "Inget utkast ännu" not in content


@pytest.mark.parametrize("role", ["official", "coordinator"])
def test_others_see_the_latest_published_title_not_the_newer_draft(
    client, request, draft, development_coordinator, role
):
    publish(draft, development_coordinator, "Redovisning 2023, version 1")
    publish(draft, development_coordinator, "Redovisning av internationellt arbete 2023")
    draft.title = "Utkast: nästa version"
    draft.save()
    content = index(client, request.getfixturevalue(role))
    assert "Redovisning av internationellt arbete 2023" in content
    assert "Redovisning 2023, version 1" not in content
    assert "Utkast: nästa version" not in content
    assert "Utkast: nästa version" in index(client, development_coordinator)


def test_memo_index_query_count_for_a_reader_does_not_grow(
    client, development_coordinator, official, django_assert_num_queries
):
    def add_years(start, count):
        for year in range(start, start + count):
            f.ReportingYearFactory(year=year, is_open=False)
            memo = f.MemoFactory(year=year, title=f"Utkast {year}")
            publish(memo, development_coordinator, f"Publicerad {year}")

    add_years(2010, 2)
    client.force_login(official)
    url = reverse("reporting:memo_index")
    client.get(url)
    # session, user, published versions, years, the organisation's name (page header)
    with django_assert_num_queries(5):
        client.get(url)
    add_years(2012, 8)
    with django_assert_num_queries(5):
        response = client.get(url)
    content = response.content.decode()
    assert content.count("Publicerad 20") == 10
    assert "Utkast 20" not in content
