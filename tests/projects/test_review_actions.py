import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from projects import access
from projects.models import Submission, SubmissionComment
from tests import factories

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def submitted(coordinator):
    return factories.SubmissionFactory(
        administration=coordinator.administration, state=Submission.State.SUBMITTED, version=3
    )


@pytest.fixture
def approved(coordinator):
    return factories.SubmissionFactory(
        administration=coordinator.administration, state=Submission.State.APPROVED, version=3
    )


@pytest.fixture
def reviewer(client, development_coordinator, settings):
    settings.SITE_URL = "https://redovisning.malmo.se"
    client.force_login(development_coordinator)
    return client


def url(name, submission):
    return reverse(f"projects:{name}", kwargs={"pk": submission.pk})


def test_return_with_comment_sends_it_back_and_emails_the_coordinators(
    reviewer, submitted, coordinator, development_coordinator, mailoutbox, on_commit
):
    factories.CoordinatorFactory(
        email="slutat@malmo.se", administration=coordinator.administration, is_active=False
    )
    factories.CoordinatorFactory(email="annan.forvaltning@malmo.se")
    with on_commit(execute=True):
        response = reviewer.post(
            url("submission_return", submitted),
            {"version": "3", "comment": "Ange utbetalningsdatum."},
        )
    assert response.status_code == 302
    assert response.url == submitted.get_absolute_url()
    assert "skickats tillbaka till Miljöförvaltningen" in messages_of(response)[0]
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.RETURNED
    assert submitted.state_changed_by == development_coordinator
    assert submitted.version == 4
    comment = submitted.comments.get()
    assert comment.kind == SubmissionComment.Kind.RETURNED
    assert comment.text == "Ange utbetalningsdatum."
    assert comment.author == development_coordinator
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "kompletteras" in mailoutbox[0].subject
    assert "Ange utbetalningsdatum." in mailoutbox[0].body
    assert (
        "Stadskontoret har skickat tillbaka Miljöförvaltningens inrapportering"
        in mailoutbox[0].body
    )
    assert f"https://redovisning.malmo.se{submitted.get_absolute_url()}" in mailoutbox[0].body


def test_return_without_comment_is_refused_next_to_the_field(reviewer, submitted, mailoutbox):
    response = reviewer.post(url("submission_return", submitted), {"version": "3", "comment": " "})
    assert response.status_code == 200
    assert response.context["form"].has_error("comment", "required")
    assert 'href="#id_comment"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED
    assert not submitted.comments.exists()
    assert mailoutbox == []


def test_approve_records_who_and_when_and_emails(
    reviewer, submitted, coordinator, development_coordinator, mailoutbox, on_commit
):
    with on_commit(execute=True):
        response = reviewer.post(url("submission_approve", submitted), {"version": "3"})
    assert response.status_code == 302
    assert "är godkänd" in messages_of(response)[0]
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.APPROVED
    assert submitted.approved_by == development_coordinator
    assert submitted.approved_at is not None
    assert submitted.comments.get().kind == SubmissionComment.Kind.APPROVED
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "godkänd" in mailoutbox[0].subject
    assert "Miljöförvaltningens" in mailoutbox[0].body


def test_reopen_with_reason_lets_the_coordinator_edit_again(
    reviewer, approved, coordinator, mailoutbox, on_commit
):
    with on_commit(execute=True):
        response = reviewer.post(
            url("submission_reopen", approved),
            {"version": "3", "reason": "Fel belopp i ESF-projektet."},
        )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.state == Submission.State.RETURNED
    assert approved.approved_at is None and approved.approved_by is None
    comment = approved.comments.get()
    assert comment.kind == SubmissionComment.Kind.REOPENED
    assert comment.text == "Fel belopp i ESF-projektet."
    assert access.can_edit_submission(coordinator, approved)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "Fel belopp i ESF-projektet." in mailoutbox[0].body


def test_reopen_without_reason_is_refused(reviewer, approved):
    response = reviewer.post(url("submission_reopen", approved), {"version": "3", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].has_error("reason", "required")
    approved.refresh_from_db()
    assert approved.state == Submission.State.APPROVED


@pytest.mark.parametrize(
    ("action", "state", "data", "message"),
    [
        ("submission_approve", "draft", {}, "Bara en inskickad inrapportering kan godkännas"),
        ("submission_approve", "approved", {}, "Bara en inskickad inrapportering kan godkännas"),
        ("submission_return", "returned", {"comment": "x"}, "Bara en inskickad"),
        ("submission_return", "approved", {"comment": "x"}, "Bara en inskickad"),
        ("submission_reopen", "submitted", {"reason": "x"}, "Bara en godkänd"),
        ("submission_reopen", "draft", {"reason": "x"}, "Bara en godkänd"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(
    reviewer, coordinator, mailoutbox, action, state, data, message
):
    submission = factories.SubmissionFactory(administration=coordinator.administration, state=state)
    response = reviewer.post(url(action, submission), {"version": submission.version, **data})
    assert response.status_code == 302
    assert message in messages_of(response)[0]
    submission.refresh_from_db()
    assert submission.state == state
    assert not submission.comments.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("submission_return", {"comment": "Komplettera."}),
        ("submission_approve", {}),
    ],
)
def test_stale_version_is_refused(reviewer, submitted, mailoutbox, on_commit, action, data):
    with on_commit(execute=True):
        response = reviewer.post(url(action, submitted), {"version": "2", **data})
    assert response.status_code == 302
    assert "ändrats av någon annan" in messages_of(response)[0]
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED
    assert submitted.version == 3
    assert mailoutbox == []


@pytest.mark.parametrize("action", ["submission_return", "submission_approve", "submission_reopen"])
def test_review_actions_are_post_only(reviewer, submitted, action):
    assert reviewer.get(url(action, submitted)).status_code == 405


@pytest.mark.parametrize("action", ["submission_return", "submission_approve", "submission_reopen"])
def test_review_actions_need_a_csrf_token(development_coordinator, submitted, action):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(development_coordinator)
    response = client.post(url(action, submitted), {"version": "3", "comment": "x", "reason": "x"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED


ACTIONS = [
    ("submission_return", {"comment": "x"}),
    ("submission_approve", {}),
    ("submission_reopen", {"reason": "x"}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_own_coordinator_and_official_get_403(
    client, coordinator, official, submitted, action, data
):
    for user in (coordinator, official):
        client.force_login(user)
        response = client.post(url(action, submitted), {"version": "3", **data})
        assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_other_administrations_coordinator_gets_404(
    client, other_coordinator, submitted, action, data
):
    client.force_login(other_coordinator)
    response = client.post(url(action, submitted), {"version": "3", **data})
    assert response.status_code == 404


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_anonymous_is_sent_to_login(client, submitted, action, data):
    response = client.post(url(action, submitted), {"version": "3", **data})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_nothing_can_be_reviewed_in_a_closed_year(reviewer, submitted):
    submitted.reporting_year.is_open = False
    submitted.reporting_year.save()
    response = reviewer.post(url("submission_approve", submitted), {"version": "3"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == Submission.State.SUBMITTED


def test_review_panel_shows_only_the_allowed_actions(client, submitted, official):
    from django.template import Context, Template

    approved = factories.SubmissionFactory(
        administration=submitted.administration,
        reporting_year=factories.ReportingYearFactory(year=2024),
        state=Submission.State.APPROVED,
    )
    template = Template('{% include "projects/includes/review_panel.html" %}')
    reviewer = factories.DevelopmentCoordinatorFactory()
    html = template.render(Context({"submission": submitted, "user": reviewer}))
    assert "Skicka tillbaka för komplettering" in html and "Godkänn" in html
    assert 'name="version" value="3"' in html
    assert "Återöppna" not in html
    html = template.render(Context({"submission": approved, "user": reviewer}))
    assert "Återöppna inrapporteringen" in html and "Godkänn" not in html
    for user in (official, submitted.administration.users.first()):
        assert "Granskning" not in template.render(Context({"submission": submitted, "user": user}))
    submitted.reporting_year.is_open = False
    html = template.render(Context({"submission": submitted, "user": reviewer}))
    assert "Godkänn" not in html and "är stängt" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Stadskontoret har godkänt Malmö Live Konserthus inrapportering för"),
        ("en", "Stadskontoret has approved Malmö Live Konserthus\u2019 2023 submission."),
    ],
)
def test_approval_mail_adds_no_genitive_s_to_a_name_ending_in_s(db, mailoutbox, language, expected):
    from django.utils import translation

    from projects import emails

    coordinator = factories.CoordinatorFactory(
        email="live@malmo.se",
        administration=factories.AdministrationFactory(name="Malmö Live Konserthus"),
    )
    submission = factories.SubmissionFactory(
        administration=coordinator.administration,
        reporting_year=factories.ReportingYearFactory(year=2023),
        state=Submission.State.APPROVED,
    )
    with translation.override(language):
        emails.submission_approved(submission=submission)
    assert [m.to for m in mailoutbox] == [["live@malmo.se"]]
    assert expected in mailoutbox[0].body
    assert "Konserthuss" not in mailoutbox[0].body
