"""Deleting a year opened by mistake takes its memo draft with it; other years' memos stay."""

import pytest
from django.urls import reverse

from reporting.memo import services
from reporting.models import Memo
from tests import factories

pytestmark = pytest.mark.django_db


def test_deleting_an_empty_year_deletes_its_memo_draft(client, development_coordinator):
    factories.ReportingYearFactory(year=2024)
    factories.ReportingYearFactory(year=2025)
    kept = services.memo_create_draft(year=2024, user=development_coordinator)
    services.memo_create_draft(year=2025, user=development_coordinator)
    client.force_login(development_coordinator)
    page = client.get(reverse("projects:year_delete", kwargs={"year": 2025})).content.decode()
    assert "Finns ett utkast till tjänsteskrivelse för 2025 tas det också bort." in page

    response = client.post(reverse("projects:year_delete", kwargs={"year": 2025}))
    assert response.status_code == 302
    assert not Memo.objects.filter(year=2025).exists()
    assert Memo.objects.filter(pk=kept.pk).exists()


def test_a_year_with_a_published_memo_is_never_deleted(development_coordinator):
    from django.core.exceptions import ValidationError

    from projects.models import ReportingYear
    from projects.services.review import reporting_year_delete
    from reporting.models import PublishedMemo

    year = factories.ReportingYearFactory(year=2025)
    memo = services.memo_create_draft(year=2025, user=development_coordinator)
    PublishedMemo.of_pdf(memo, b"%PDF-1.7 test", version=1, user=development_coordinator).save()
    with pytest.raises(ValidationError, match="har en publicerad version"):
        reporting_year_delete(reporting_year=year, user=development_coordinator)
    assert ReportingYear.objects.filter(year=2025).exists()
    assert Memo.objects.filter(pk=memo.pk).exists()
