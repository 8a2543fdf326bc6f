import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_is_exempt_from_the_policy(client):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response.headers


def test_login_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("login")).content.decode()
    assert "<script>" not in html
    assert 'style="' not in html
