import pytest

from reporting.selectors import figures_as_dict, year_figures
from tests import factories

pytestmark = pytest.mark.django_db


def test_smoke_year_figures():
    report = factories.ProjectReportFactory(submission__state="approved")
    factories.PayoutFactory(report=report)
    figures = year_figures(2023)
    data = figures_as_dict(figures)
    assert data["projects"]["total"] == 1
    assert data["payouts_total_sek"] == "100000.00"
    assert figures_as_dict(year_figures(2023, preliminary=True))["preliminary"] is True
