"""Least privilege: an account created without a role has none, sees one page that says so,
and gets no data from any page or download."""

import pytest
from django.urls import reverse

from projects.models import Payout, Project, ProjectReport, Submission, User
from tests import factories

pytestmark = pytest.mark.django_db

NO_ROLE_TEXT = "Du har ännu ingen behörighet, kontakta utvecklingssamordnaren."


@pytest.fixture
def roleless(administration):
    # With an administration, as an account created for a coordinator but not yet given the role.
    user = User.objects.create_user(
        email="ny@malmo.se", password=factories.TEST_PASSWORD, administration=administration
    )
    user.full_name = "Ny Medarbetare"
    user.save()
    return user


@pytest.fixture
def data(administration, official):
    year = factories.ReportingYearFactory(year=2023, is_open=False)
    submission = factories.SubmissionFactory(
        administration=administration, reporting_year=year, state=Submission.State.APPROVED
    )
    payout = factories.PayoutFactory(report__submission=submission, report__name="Hemligt projekt")
    published = factories.PublishedMemoFactory(
        memo=factories.MemoFactory(year=2023, title="Redovisning 2023"), published_by=official
    )
    return {"submission": submission, "payout": payout, "published": published}


def test_a_user_created_without_a_role_has_none():
    user = User.objects.create_user(email="ny@malmo.se", password="x")
    assert user.role == ""
    assert not user.has_role
    assert not (user.is_coordinator or user.is_development_coordinator or user.is_official)


def test_no_role_means_no_rows_even_with_an_administration(roleless, data):
    assert not Submission.objects.visible_to(roleless).exists()
    assert not ProjectReport.objects.visible_to(roleless).exists()
    assert not Project.objects.visible_to(roleless).exists()
    assert not Payout.objects.visible_to(roleless).exists()


def test_the_home_page_says_there_is_no_permission_yet_and_nothing_else(client, roleless, data):
    client.force_login(roleless)
    response = client.get(reverse("projects:home"))
    content = response.content.decode()
    assert response.status_code == 403
    assert NO_ROLE_TEXT in content
    assert "<h1>Ingen behörighet ännu</h1>" in content
    # No navigation to pages with data.
    for link in ("Nyckeltal", "Tjänsteskrivelser", "Redovisningsår", "Vår inrapportering"):
        assert link not in content
    # Signing out and changing the password still work.
    assert reverse("logout") in content
    assert client.get(reverse("password_change")).status_code == 200


def test_no_page_or_download_gives_a_roleless_user_any_data(client, roleless, data):
    client.force_login(roleless)
    submission, published = data["submission"], data["published"]
    urls = [
        reverse("reporting:figures_index"),
        reverse("reporting:figures", args=[2023]),
        reverse("reporting:figures_json", args=[2023]),
        reverse("reporting:export_index"),
        reverse("reporting:export_csv", args=[2023]),
        reverse("reporting:export_workbook", args=[2023]),
        reverse("reporting:memo_index"),
        reverse("reporting:memo_year", args=[2023]),
        published.get_absolute_url(),
        reverse("projects:my_submission"),
        reverse("projects:submission_detail", args=[submission.pk]),
        reverse("projects:overview", args=[2023]),
        reverse("projects:year_list"),
        reverse("projects:login_events"),
    ]
    for url in urls:
        response = client.get(url)
        content = response.content
        assert response.status_code == 403, url
        assert response["Content-Type"].startswith("text/html"), url
        assert NO_ROLE_TEXT.encode() in content, url
        for secret in (b"%PDF", b"Hemligt projekt", b"Redovisning 2023", b"PK\x03\x04"):
            assert secret not in content, url


def test_a_roleless_user_cannot_post_either(client, roleless, data):
    client.force_login(roleless)
    response = client.post(reverse("projects:submission_submit", args=[data["submission"].pk]))
    assert response.status_code == 403
    assert Submission.objects.get(pk=data["submission"].pk).state == Submission.State.APPROVED


def test_giving_a_role_opens_the_application(client, roleless, data):
    client.force_login(roleless)
    assert client.get(reverse("reporting:memo_index")).status_code == 403
    roleless.role = User.Role.OFFICIAL
    roleless.save()
    response = client.get(reverse("reporting:memo_index"))
    assert response.status_code == 200
    assert "Redovisning 2023" in response.content.decode()


def test_a_roleless_technical_administrator_still_reaches_the_admin(client, administration):
    staff = User.objects.create_user(email="drift@malmo.se", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("projects:home")).status_code == 403
