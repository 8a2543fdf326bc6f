import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_sends_the_same_strict_policy(client):
    response = client.get("/admin/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_pages_of_a_signed_in_administrator_send_the_policy(client):
    admin = factories.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in ("/admin/", "/admin/projects/user/", f"/admin/projects/user/{admin.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"], url


def test_login_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("login")).content.decode()
    assert "<script>" not in html
    assert 'style="' not in html


@pytest.mark.parametrize("url", ["/konto/logga-in/", "/admin/login/"])
def test_every_response_switches_off_unused_browser_features(client, url):
    policy = client.get(url).headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, coordinator):
    client.force_login(coordinator)
    for url in (reverse("projects:home"), reverse("reporting:memo_index")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_view_that_sets_its_own_cache_control_keeps_it(client):
    admin = factories.UserFactory(email="admin@malmo.se", is_staff=True, is_superuser=True)
    client.force_login(admin)
    # The admin's never_cache header is left as the admin wrote it.
    cache_control = client.get("/admin/")["Cache-Control"]
    assert "must-revalidate" in cache_control and "private" in cache_control


def test_downloads_of_a_signed_in_user_are_not_stored(client, official, coordinator):
    year = factories.ReportingYearFactory(year=2023, is_open=False)
    submission = factories.SubmissionFactory(
        administration=coordinator.administration,
        reporting_year=factories.ReportingYearFactory(year=2024, is_open=True),
    )
    published = factories.PublishedMemoFactory(
        memo=factories.MemoFactory(year=2023, title="Redovisning 2023"), published_by=official
    )
    client.force_login(official)
    # The workbook is asked for with its button first (made at once in the tests).
    client.post(reverse("reporting:export_workbook_status", args=[year.year]))
    downloads = [
        reverse("reporting:export_workbook", args=[year.year]),
        reverse("reporting:export_csv", args=[year.year]),
        reverse("reporting:figures_json", args=[year.year]),
        published.get_absolute_url(),
    ]
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
    client.force_login(coordinator)
    response = client.get(reverse("projects:excel_template", args=[submission.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
