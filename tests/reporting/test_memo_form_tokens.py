"""The memo's forms are saved once: drafting, saving and publishing sent twice (a double click,
a retried request) make one draft, one saved revision and one published version."""

import uuid

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects.form_tokens import FORM_TOKEN_FIELD
from reporting.memo.services import memo_create_draft
from reporting.models import Memo, PublishedMemo
from tests.reporting.memo_helpers import make_publishable, memo_post_data

pytestmark = pytest.mark.django_db

SAVED_ALREADY = "form-saved"


@pytest.fixture
def reviewer(client, development_coordinator):
    client.force_login(development_coordinator)
    return client


@pytest.fixture
def memo(data, development_coordinator):
    return make_publishable(memo_create_draft(year=2023, user=development_coordinator))


def token_of_form(client, page_url: str, action: str) -> str:
    forms = [
        form
        for form in lxml.html.fromstring(client.get(page_url).content.decode()).forms
        if (form.get("action") or page_url) == action
    ]
    assert len(forms) == 1
    return forms[0].inputs[FORM_TOKEN_FIELD].value


def post_twice(client, url, data):
    first = client.post(url, data)
    assert first.status_code == 302
    assert SAVED_ALREADY not in [m.extra_tags for m in get_messages(first.wsgi_request)]
    second = client.post(url, data)
    assert second.status_code == 302
    assert second.url == first.url
    assert SAVED_ALREADY in [m.extra_tags for m in get_messages(second.wsgi_request)]
    return first


def test_the_draft_asked_for_twice_is_made_once(reviewer, data):
    year_page = reverse("reporting:memo_year", args=[2023])
    url = reverse("reporting:memo_create", args=[2023])
    token = token_of_form(reviewer, year_page, url)
    first = post_twice(reviewer, url, {FORM_TOKEN_FIELD: token})
    assert first.url == reverse("reporting:memo_edit", args=[2023])
    assert Memo.objects.filter(year=2023).count() == 1


def test_the_memo_saved_twice_is_saved_once(reviewer, memo):
    url = reverse("reporting:memo_edit", args=[2023])
    token = token_of_form(reviewer, url, url)
    first = post_twice(
        reviewer, url, {**memo_post_data(memo, title="Ny rubrik"), FORM_TOKEN_FIELD: token}
    )
    assert first.url == url
    memo.refresh_from_db()
    assert (memo.title, memo.revision) == ("Ny rubrik", 2)


def test_publishing_asked_for_twice_publishes_one_version(reviewer, memo):
    url = reverse("reporting:memo_publish", args=[2023])
    token = token_of_form(reviewer, url, url)
    first = post_twice(reviewer, url, {FORM_TOKEN_FIELD: token})
    assert first.url == reverse("reporting:memo_year", args=[2023])
    assert list(PublishedMemo.objects.values_list("version", flat=True)) == [1]


def test_publishing_with_two_forms_publishes_two_versions(reviewer, memo):
    url = reverse("reporting:memo_publish", args=[2023])
    for _form in range(2):
        assert reviewer.post(url, {FORM_TOKEN_FIELD: str(uuid.uuid4())}).status_code == 302
    assert sorted(PublishedMemo.objects.values_list("version", flat=True)) == [1, 2]
