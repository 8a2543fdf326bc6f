"""The pages with a row per administration, project or payout translate each label once per
page, not once per row: the number of translation look-ups does not grow with the rows."""

import datetime
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Submission
from projects.services.versions import year_data_changed
from reporting.memo.services import memo_create_draft
from tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = 2025


@contextmanager
def counted_gettext():
    """Every ``gettext`` of the process while the block runs (``{% translate %}``, lazy
    labels and ``_()`` alike end there)."""
    real = translation._trans.gettext  # the backend's function, resolved once
    with mock.patch.object(translation._trans, "gettext", wraps=real) as counter:
        yield counter


def add_administrations(first: int, count: int) -> None:
    """``count`` administrations with an approved submission (a narrative each), and a
    project as owner and one as partner, with a payout each."""
    reporting_year = f.ReportingYearFactory(year=YEAR, is_open=False)
    programme = f.FundingProgrammeFactory(name="ESF", short_name="ESF")
    for number in range(first, first + count):
        administration = f.AdministrationFactory(name=f"Förvaltning {number:02}")
        submission = f.SubmissionFactory(
            administration=administration,
            reporting_year=reporting_year,
            state=Submission.State.APPROVED,
            networks=f"Nätverk {number}.",
        )
        for role in ("owner", "partner"):
            report = f.ProjectReportFactory(
                submission=submission,
                name=f"Projekt {number} {role}",
                role=role,
                programme=programme,
                results=f"Resultat {number}.",
                suggested_as_example=True,
                participating_administrations=[administration],
            )
            f.PayoutFactory(
                report=report, payment_date=datetime.date(YEAR, 3, 1), amount_sek=Decimal("100")
            )
    year_data_changed(years=[YEAR])  # as the services that add them do


PAGES = {
    "figures": ("reporting:figures", [YEAR]),
    "rows": ("reporting:figure_rows", [YEAR, "utbetalt"]),
    "memo editor": ("reporting:memo_edit", [YEAR]),
    "trend": ("reporting:trend", []),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_translates_as_often_with_twelve_administrations_as_with_two(
    client, development_coordinator, page
):
    name, args = PAGES[page]
    url = reverse(name, args=args)
    add_administrations(0, 1)
    memo_create_draft(year=YEAR, user=development_coordinator)
    # The memo's figures have changed since it was drafted, at both sizes.
    add_administrations(1, 1)
    client.force_login(development_coordinator)
    client.get(url)  # what is computed once per process or data version
    with counted_gettext() as few:
        small = client.get(url)
    add_administrations(2, 10)
    client.get(url)
    with counted_gettext() as many:
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    # Every row is there: each administration's name shows on the larger page.
    assert "Förvaltning 11" in large.content.decode() or page == "trend"
    assert many.call_count == few.call_count
