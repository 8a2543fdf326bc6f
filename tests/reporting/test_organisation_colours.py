"""The organisation's letterhead colours, for two organisations with different ones: the site's
stylesheet (the header band, the menu, the links), the figures page's and the trend page's
charts, and the memo PDF's print stylesheet. Always through a served stylesheet or SVG
attributes, never an inline style."""

import re

import pytest
from django.urls import reverse

from projects.models import Organisation
from reporting.memo.letterhead import memo_letterhead
from reporting.memo.services import memo_create_draft
from tests.reporting.memo_helpers import build_two_years

pytestmark = pytest.mark.django_db

STYLESHEET = reverse("projects:organisation_stylesheet")
# Two organisations' letterheads: (primary, secondary, the primary as "r, g, b").
GREEN = ("#0d5c46", "#3d2b56", "13, 92, 70")
PURPLE = ("#5a2d82", "#8a1c1c", "90, 45, 130")


@pytest.fixture(params=[GREEN, PURPLE], ids=["green", "purple"])
def colours(request, db):
    primary, secondary, _rgb = request.param
    Organisation.objects.update(colour_primary=primary, colour_secondary=secondary)
    return request.param


def test_the_site_stylesheet_gives_the_header_band_menu_and_links_the_organisations_colours(
    client, colours
):
    primary, secondary, rgb = colours
    # Served to anyone, as every page (the sign-in page too) links it.
    response = client.get(STYLESHEET)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert f"--brand-primary: {primary};" in css
    assert f"--brand-primary-dark: {secondary};" in css
    assert f"--bs-link-color-rgb: {rgb};" in css
    other = PURPLE if colours == GREEN else GREEN
    assert other[0] not in css
    page = client.get(reverse("login")).content.decode()
    assert f'<link rel="stylesheet" href="{STYLESHEET}">' in page
    assert "style=" not in page


def test_the_site_stylesheet_is_asked_again_and_answered_304_until_the_colours_change(client):
    first = client.get(STYLESHEET)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, max-age=300"
    assert client.get(STYLESHEET, headers={"If-None-Match": etag}).status_code == 304

    Organisation.objects.update(colour_primary=PURPLE[0])

    changed = client.get(STYLESHEET, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert f"--brand-primary: {PURPLE[0]};" in changed.content.decode()


def test_a_colour_that_is_not_rrggbb_never_reaches_the_stylesheet(client):
    # Written past the model's checks (within the column's seven characters, which PostgreSQL
    # holds to): the stylesheet keeps its own colour instead.
    Organisation.objects.update(colour_primary="};*{a:b")
    css = client.get(STYLESHEET).content.decode()
    assert "*{a:b" not in css
    assert "--brand-primary:" not in css


def test_the_figures_and_trend_charts_take_the_organisations_colour(client, official, colours):
    build_two_years()
    client.force_login(official)
    primary = colours[0]
    for url in (reverse("reporting:figures", args=[2023]), reverse("reporting:trend")):
        html = client.get(url).content.decode()
        fills = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', html)
        assert primary in fills, url
        assert "style=" not in html


def test_the_memo_pdf_takes_the_organisations_colours_in_its_print_stylesheet(
    colours, development_coordinator
):
    build_two_years()
    memo = memo_create_draft(year=2023, user=development_coordinator)
    primary, secondary, _rgb = colours
    css = memo_letterhead(memo).stylesheet()
    assert f"--letterhead-primary: {primary};" in css
    assert f"--letterhead-secondary: {secondary};" in css
