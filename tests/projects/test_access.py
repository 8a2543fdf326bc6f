import copy
import pickle

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from projects import access
from projects.models import Payout, Project, ProjectReport, Submission, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_and_foreign(coordinator, other_administration):
    own = factories.PayoutFactory(report__submission__administration=coordinator.administration)
    foreign = factories.PayoutFactory(report__submission__administration=other_administration)
    return own, foreign


def test_coordinator_sees_only_own_administration(coordinator, own_and_foreign):
    own, foreign = own_and_foreign
    assert list(Payout.objects.visible_to(coordinator)) == [own]
    assert list(Project.objects.visible_to(coordinator)) == [own.report.project]
    assert list(Submission.objects.visible_to(coordinator)) == [own.report.submission]


def test_coordinator_gets_404_for_other_administrations_objects(coordinator, own_and_foreign):
    own, foreign = own_and_foreign
    assert access.submission_for(coordinator, own.report.submission.pk) == own.report.submission
    with pytest.raises(Http404):
        access.submission_for(coordinator, foreign.report.submission.pk)
    # A project report or payout is only reached through its submission (see the access
    # matrix), so scoping the submission is what stands between a coordinator and B's data.
    assert not ProjectReport.objects.visible_to(coordinator).filter(pk=foreign.report.pk).exists()


def test_city_office_and_officials_see_everything(
    development_coordinator, official, own_and_foreign
):
    for user in (development_coordinator, official):
        assert Payout.objects.visible_to(user).count() == 2


def test_only_own_coordinator_edits_an_open_draft(
    coordinator, other_coordinator, development_coordinator, official
):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    assert access.can_edit_submission(coordinator, submission)
    assert not access.can_edit_submission(other_coordinator, submission)
    assert not access.can_edit_submission(official, submission)
    assert not access.can_edit_submission(development_coordinator, submission)
    submission.state = Submission.State.SUBMITTED
    assert not access.can_edit_submission(coordinator, submission)
    submission.state = Submission.State.RETURNED
    assert access.can_edit_submission(coordinator, submission)
    submission.reporting_year.is_open = False
    assert not access.can_edit_submission(coordinator, submission)


@pytest.mark.parametrize(
    ("state", "year_open", "editable", "locked"),
    [
        (Submission.State.DRAFT, True, True, False),
        (Submission.State.RETURNED, True, True, False),
        # The City Office holds a submitted one: its administration waits, the admin may correct.
        (Submission.State.SUBMITTED, True, False, False),
        (Submission.State.APPROVED, True, False, True),
        (Submission.State.DRAFT, False, False, True),
        (Submission.State.RETURNED, False, False, True),
        (Submission.State.SUBMITTED, False, False, True),
        (Submission.State.APPROVED, False, False, True),
    ],
)
def test_a_submission_is_editable_only_as_an_open_draft_or_return(
    state, year_open, editable, locked
):
    submission = factories.SubmissionFactory.build(
        state=state, reporting_year=factories.ReportingYearFactory.build(is_open=year_open)
    )
    assert (submission.is_editable, submission.is_locked) == (editable, locked)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "sv",
            "Inrapporteringen kan inte ändras: den är inskickad eller godkänd, eller så är "
            "redovisningsåret stängt.",
        ),
        (
            "en",
            "The submission cannot be changed: it has been submitted or approved, or its "
            "reporting year is closed.",
        ),
    ],
)
def test_the_one_refusal_of_a_change_to_a_submission_says_why(language, words):
    # The one test of the refusal's wording: the others assert its code.
    with translation.override(language):
        refusal = access.SubmissionLocked()
        assert (refusal.code, refusal.messages) == ("locked", [words])
        assert str(access.SUBMISSION_LOCKED) == words
        for again in (copy.deepcopy(refusal), pickle.loads(pickle.dumps(refusal))):
            assert (again.code, again.messages) == ("locked", [words])


def test_only_the_coordinator_role_edits_even_within_the_same_administration(coordinator):
    """An official or development coordinator placed in the same administration still may not
    enter data: the role decides, not the administration."""
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    same_administration = [
        factories.OfficialFactory(
            email="lasare@malmo.se", administration=coordinator.administration
        ),
        factories.UserFactory(
            email="utv@malmo.se",
            role=User.Role.DEVELOPMENT_COORDINATOR,
            administration=coordinator.administration,
        ),
    ]
    for user in same_administration:
        assert not access.can_edit_submission(user, submission), user.role
    assert access.can_edit_submission(coordinator, submission)


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("projects:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_with_email_in_any_case(client, coordinator):
    response = client.post(
        reverse("login"), {"username": "SAMORDNARE@malmo.se", "password": factories.TEST_PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(reverse("projects:home"))
    assert "Miljöförvaltningen" in response.content.decode()


def test_wrong_password_gives_swedish_message(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.email, "password": "fel"})
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord" in response.content.decode()


def test_language_switch_to_english(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("projects:home"))
    assert '<html lang="en">' in response.content.decode()


def test_a_submission_comes_with_its_administration_and_year_in_one_query(
    coordinator, django_assert_num_queries
):
    submission = factories.SubmissionFactory(administration=coordinator.administration)
    with django_assert_num_queries(1):
        found = access.submission_for(coordinator, submission.pk)
        assert (found.administration.pk, found.reporting_year.year) == (
            coordinator.administration.pk,
            submission.reporting_year.year,
        )


def test_whose_figures_a_user_reads(coordinator, official):
    """A coordinator reads their administration's figures, an official everyone's; an account
    with an administration but no role reads none."""
    assert access.figures_scope(coordinator) == coordinator.administration
    assert access.figures_scope(official) is None
    roleless = factories.UserFactory(
        email="utan.roll@malmo.se", role="", administration=coordinator.administration
    )
    with pytest.raises(PermissionDenied):
        access.figures_scope(roleless)
