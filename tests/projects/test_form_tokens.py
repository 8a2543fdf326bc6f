"""A form saved once: the same form sent twice (a double click, a retried request, a form put
back after signing in) saves once, and the second answer leads to where the first one went."""

import datetime
import uuid

import lxml.html
import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.form_tokens import FORM_TOKEN_FIELD
from projects.models import (
    FormToken,
    Payout,
    ProjectEnding,
    ProjectReport,
    Submission,
    SubmissionComment,
)
from projects.services.form_tokens import FormTokenUsed, form_token_once
from tests import factories
from tests.projects.entry_helpers import create_url, project_post_data

pytestmark = pytest.mark.django_db

SAVED_ALREADY = "form-saved"


@pytest.fixture
def submission(administration):
    return factories.SubmissionFactory(administration=administration)


@pytest.fixture
def reviewer(client, development_coordinator):
    client.force_login(development_coordinator)
    return client


@pytest.fixture
def project_data(submission):
    programme = factories.FundingProgrammeFactory(name="Europeiska socialfonden")
    goal = submission.reporting_year.council_goals.get()
    return project_post_data(
        programme,
        goal,
        payouts=[
            {"payment_date": "2023-03-15", "amount_sek": "250 000"},
            {"payment_date": "2023-09-30", "amount_sek": "125 000,50"},
        ],
    )


def with_token(data: dict, token: uuid.UUID | str | None = None) -> dict:
    return {**data, FORM_TOKEN_FIELD: str(token or uuid.uuid4())}


def notes(response) -> list[str]:
    """The extra tags of the messages the answer queued: ``form-saved`` says "already saved"."""
    return [message.extra_tags for message in get_messages(response.wsgi_request)]


def post_twice(client, url, data):
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert SAVED_ALREADY not in notes(first)
    second = client.post(url, data)
    assert second.status_code == 302
    assert second.url == first.url
    assert SAVED_ALREADY in notes(second)
    return first, second


# --- Each form that saves shows a token --------------------------------------------------------


def form_posting_to(html: str, page_url: str, action: str):
    forms = [
        form
        for form in lxml.html.fromstring(html).forms
        if (form.get("action") or page_url) == action and form.method.upper() == "POST"
    ]
    assert len(forms) == 1, f"one form posting to {action} on {page_url}"
    return forms[0]


@pytest.mark.parametrize(
    ("who", "page", "action"),
    [
        ("coordinator", "project_create", "project_create"),
        ("coordinator", "narrative", "narrative"),
        ("coordinator", "submission_submit", "submission_submit"),
        ("development_coordinator", "submission_detail", "submission_return"),
        ("development_coordinator", "submission_detail", "submission_approve"),
    ],
)
def test_each_form_that_saves_carries_a_new_token(client, request, submission, who, page, action):
    if who == "development_coordinator":
        Submission.objects.filter(pk=submission.pk).update(state=Submission.State.SUBMITTED)
    client.force_login(request.getfixturevalue(who))
    page_url = reverse(f"projects:{page}", args=[submission.pk])
    action_url = reverse(f"projects:{action}", args=[submission.pk])

    tokens = []
    for _shown in range(2):
        form = form_posting_to(client.get(page_url).content.decode(), page_url, action_url)
        tokens.append(uuid.UUID(form.inputs[FORM_TOKEN_FIELD].value))
    assert tokens[0] != tokens[1]


def test_the_reopen_and_copy_forward_and_ending_forms_carry_a_token(
    client, coordinator, development_coordinator, administration
):
    approved = factories.SubmissionFactory(
        administration=administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
        state=Submission.State.APPROVED,
    )
    client.force_login(development_coordinator)
    detail = approved.get_absolute_url()
    reopen = reverse("projects:submission_reopen", args=[approved.pk])
    assert (
        form_posting_to(client.get(detail).content.decode(), detail, reopen)
        .inputs[FORM_TOKEN_FIELD]
        .value
    )

    last = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
        ),
        end_date=datetime.date(2025, 6, 30),
    )
    current = factories.SubmissionFactory(administration=administration)
    client.force_login(coordinator)
    for url in [
        reverse("projects:copy_forward", args=[current.pk]),
        reverse("projects:project_ending", args=[current.pk, last.pk]),
    ]:
        assert (
            form_posting_to(client.get(url).content.decode(), url, url)
            .inputs[FORM_TOKEN_FIELD]
            .value
        )


# --- Sent twice, saved once ----------------------------------------------------------------------


def test_a_new_project_sent_twice_is_saved_once_with_its_payouts(
    coordinator_client, submission, project_data
):
    first, _second = post_twice(
        coordinator_client, create_url(submission), with_token(project_data)
    )
    report = ProjectReport.objects.get(submission=submission)
    assert first.url == f"{submission.get_absolute_url()}#report-{report.pk}"
    assert Payout.objects.filter(report__submission=submission).count() == 2


def test_the_narrative_sent_twice_is_saved_once(coordinator_client, submission):
    data = dict.fromkeys(Submission.NARRATIVE_FIELDS, "Inga.")
    data["version"] = submission.version
    url = reverse("projects:narrative", args=[submission.pk])
    first, _second = post_twice(coordinator_client, url, with_token(data))
    assert first.url == f"{submission.get_absolute_url()}#narrative"
    submission.refresh_from_db()
    assert submission.version == 2
    assert submission.history.filter(history_type="~").count() == 1


def test_submitting_sent_twice_submits_once(coordinator_client, submission):
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    factories.PayoutFactory(report=factories.ProjectReportFactory(submission=submission))
    submission.refresh_from_db()
    url = reverse("projects:submission_submit", args=[submission.pk])
    data = with_token({"version": submission.version, "confirm_warnings": "on"})
    first, _second = post_twice(coordinator_client, url, data)
    assert first.url == submission.get_absolute_url()
    assert list(submission.comments.values_list("kind", flat=True)) == [
        SubmissionComment.Kind.SUBMITTED
    ]


@pytest.mark.parametrize(
    ("state", "action", "data", "kind"),
    [
        (
            Submission.State.SUBMITTED,
            "submission_return",
            {"comment": "Ange resultat."},
            SubmissionComment.Kind.RETURNED,
        ),
        (Submission.State.SUBMITTED, "submission_approve", {}, SubmissionComment.Kind.APPROVED),
        (
            Submission.State.APPROVED,
            "submission_reopen",
            {"reason": "Fel belopp."},
            SubmissionComment.Kind.REOPENED,
        ),
    ],
)
def test_a_review_step_sent_twice_leaves_one_comment(
    reviewer, administration, state, action, data, kind
):
    submission = factories.SubmissionFactory(administration=administration, state=state, version=3)
    url = reverse(f"projects:{action}", args=[submission.pk])
    first, _second = post_twice(reviewer, url, with_token({"version": "3", **data}))
    assert first.url == submission.get_absolute_url()
    assert list(submission.comments.values_list("kind", flat=True)) == [kind]


def test_copying_forward_sent_twice_copies_once(coordinator_client, administration):
    last = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
        ),
        name="Pågående",
        end_date=datetime.date(2025, 6, 30),
    )
    current = factories.SubmissionFactory(administration=administration)
    url = reverse("projects:copy_forward", args=[current.pk])
    first, _second = post_twice(coordinator_client, url, with_token({"projects": [last.pk]}))
    assert first.url == current.get_absolute_url()
    assert list(current.project_reports.values_list("name", flat=True)) == ["Pågående"]


def test_an_ending_sent_twice_is_marked_once(coordinator_client, administration):
    last = factories.ProjectReportFactory(
        submission=factories.SubmissionFactory(
            administration=administration, reporting_year=factories.ReportingYearFactory(year=2022)
        ),
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2025, 6, 30),
    )
    current = factories.SubmissionFactory(administration=administration)
    url = reverse("projects:project_ending", args=[current.pk, last.pk])
    data = with_token({"ended_on": "2022-09-30", "note": "Partnern drog sig ur."})
    first, _second = post_twice(coordinator_client, url, data)
    assert first.url == current.get_absolute_url()
    assert ProjectEnding.objects.filter(submission=current).count() == 1


# --- Tokens tell forms apart; without one, a form is saved as before -----------------------------


def test_two_forms_with_their_own_tokens_save_two_projects(
    coordinator_client, submission, project_data
):
    for _form in range(2):
        response = coordinator_client.post(create_url(submission), with_token(project_data))
        assert response.status_code == 302
        assert SAVED_ALREADY not in notes(response)
    assert ProjectReport.objects.filter(submission=submission).count() == 2
    assert Payout.objects.filter(report__submission=submission).count() == 4


@pytest.mark.parametrize("token", [None, "", "not-a-token", "1234"])
def test_a_form_without_a_token_or_with_a_malformed_one_is_saved_as_before(
    coordinator_client, submission, project_data, token
):
    """The token only recognises a form sent again; a page opened before tokens existed, or a
    script, still saves (the permission checks guard the rest). Nothing is recognised then."""
    data = project_data if token is None else {**project_data, FORM_TOKEN_FIELD: token}
    for _sent in range(2):
        response = coordinator_client.post(create_url(submission), data)
        assert response.status_code == 302
        assert SAVED_ALREADY not in notes(response)
    assert ProjectReport.objects.filter(submission=submission).count() == 2
    assert not FormToken.objects.exists()


def test_a_refused_save_leaves_its_token_for_the_corrected_form(
    coordinator_client, submission, project_data
):
    token = uuid.uuid4()
    refused = coordinator_client.post(
        create_url(submission), with_token({**project_data, "name": ""}, token)
    )
    assert refused.status_code == 200
    assert not ProjectReport.objects.exists()
    assert not FormToken.objects.exists()

    saved = coordinator_client.post(create_url(submission), with_token(project_data, token))
    assert saved.status_code == 302
    assert SAVED_ALREADY not in notes(saved)
    assert ProjectReport.objects.filter(submission=submission).count() == 1


def test_a_token_is_the_users_own(client, coordinator, administration, project_data, submission):
    """Another user's form with the same token is saved, not sent to the first user's page."""
    token = uuid.uuid4()
    client.force_login(coordinator)
    assert client.post(create_url(submission), with_token(project_data, token)).status_code == 302
    colleague = factories.CoordinatorFactory(
        email="kollega@malmo.se", administration=administration
    )
    client.force_login(colleague)
    response = client.post(create_url(submission), with_token(project_data, token))
    assert response.status_code == 302
    assert SAVED_ALREADY not in notes(response)
    assert ProjectReport.objects.filter(submission=submission).count() == 2


def test_the_form_sent_again_is_recognised_before_the_lock_of_what_it_did(
    coordinator_client, submission
):
    """A submission sent in is no longer editable: sending the form again says it was saved,
    not that the submission is locked."""
    Submission.objects.filter(pk=submission.pk).update(
        **dict.fromkeys(Submission.NARRATIVE_FIELDS, "Text.")
    )
    factories.PayoutFactory(report=factories.ProjectReportFactory(submission=submission))
    url = reverse("projects:submission_submit", args=[submission.pk])
    data = with_token({"version": 1, "confirm_warnings": "on"})
    _first, second = post_twice(coordinator_client, url, data)
    assert [m.level_tag for m in get_messages(second.wsgi_request)][-1] == "info"


def test_the_message_of_a_form_found_saved(coordinator_client, submission, project_data):
    data = with_token(project_data)
    coordinator_client.post(create_url(submission), data)
    response = coordinator_client.post(create_url(submission), data, follow=True)
    assert '<div class="alert alert-info form-saved">Uppgifterna var redan sparade.</div>' in (
        response.content.decode()
    )


# --- The claim ------------------------------------------------------------------------------------


def test_the_token_is_claimed_before_the_save_and_kept_with_its_page(coordinator):
    token = uuid.uuid4()
    with form_token_once(token=token, user=coordinator) as save:
        # A second request with the token waits on this row until the save is done.
        assert FormToken.objects.filter(user=coordinator, token=token).exists()
        save.saved("/inrapportering/1/#report-2")
    with pytest.raises(FormTokenUsed) as used, form_token_once(token=token, user=coordinator):
        pytest.fail("a token used before runs no save")
    assert used.value.url == "/inrapportering/1/#report-2"


def test_a_save_that_fails_or_does_not_finish_leaves_the_token_unused(coordinator):
    token = uuid.uuid4()
    with pytest.raises(ValidationError), form_token_once(token=token, user=coordinator):
        raise ValidationError("Refused.")
    with form_token_once(token=token, user=coordinator):
        pass  # the view showed the form again without saving
    assert not FormToken.objects.exists()
    with form_token_once(token=token, user=coordinator) as save:
        save.saved("/")
    assert FormToken.objects.get().redirect_url == "/"
