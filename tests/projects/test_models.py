import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    ReportingYear,
    Submission,
    User,
)
from tests import factories

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_project_report_rejects_end_before_start():
    assert_rejected(
        lambda: factories.ProjectReportFactory(
            start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 4, 30)
        )
    )


def test_project_report_rejects_negative_budget():
    assert_rejected(
        lambda: factories.ProjectReportFactory(
            total_budget_sek=Decimal("-1"), own_budget_sek=Decimal("-2")
        )
    )


def test_project_report_rejects_own_share_above_total_budget():
    assert_rejected(
        lambda: factories.ProjectReportFactory(
            total_budget_sek=Decimal("100"), own_budget_sek=Decimal("100.01")
        )
    )


@pytest.mark.parametrize("rate", [Decimal("-0.01"), Decimal("100.01")])
def test_project_report_rejects_cofinancing_rate_outside_percent(rate):
    assert_rejected(lambda: factories.ProjectReportFactory(eu_cofinancing_rate=rate))


def test_payout_rejects_negative_amount():
    report = factories.ProjectReportFactory()
    assert_rejected(lambda: factories.PayoutFactory(report=report, amount_sek=Decimal("-0.01")))


def test_payout_rejects_non_positive_exchange_rate():
    report = factories.ProjectReportFactory()
    assert_rejected(lambda: factories.PayoutFactory(report=report, exchange_rate=Decimal("0")))


def test_only_one_submission_per_administration_and_year():
    submission = factories.SubmissionFactory()
    assert_rejected(
        lambda: Submission.objects.create(
            administration=submission.administration, reporting_year=submission.reporting_year
        )
    )


def test_project_reported_once_per_submission():
    report = factories.ProjectReportFactory()
    assert_rejected(
        lambda: factories.ProjectReportFactory(
            submission=report.submission, project=report.project, name=report.name
        )
    )


def test_coordinator_must_belong_to_an_administration():
    assert_rejected(
        lambda: User.objects.create_user(email="x@malmo.se", role=User.Role.COORDINATOR)
    )


def test_programme_rejects_inverted_cofinancing_range():
    assert_rejected(
        lambda: FundingProgramme.objects.create(
            name="Fel",
            fund_family="other",
            cofinancing_min=Decimal("70"),
            cofinancing_max=Decimal("60"),
        )
    )


def test_only_one_city_office():
    assert Administration.objects.filter(is_city_office=True).count() == 1
    assert_rejected(
        lambda: Administration.objects.create(
            name="Stadskontor 2", short_code="S2", is_city_office=True
        )
    )


def test_administration_years_must_be_ordered():
    assert_rejected(
        lambda: Administration.objects.create(
            name="Gammal", short_code="G", valid_from_year=2020, valid_to_year=2019
        )
    )


def test_reporting_year_must_be_plausible():
    assert_rejected(lambda: ReportingYear.objects.create(year=1999))


def test_administrations_filter_by_year():
    Administration.objects.create(
        name="Stadsdelsförvaltning Väster",
        short_code="SDV",
        valid_from_year=2000,
        valid_to_year=2016,
    )
    names_2015 = set(Administration.objects.valid_in(2015).values_list("name", flat=True))
    names_2023 = set(Administration.objects.valid_in(2023).values_list("name", flat=True))
    assert "Stadsdelsförvaltning Väster" in names_2015
    assert "Stadsdelsförvaltning Väster" not in names_2023
    assert "Miljöförvaltningen" in names_2023


def test_user_email_is_case_insensitive_identity():
    user = User.objects.create_user(email="Anna.Svensson@Malmo.se", password="x")
    assert user.email == "anna.svensson@malmo.se"
    assert User.objects.get_by_natural_key("ANNA.SVENSSON@malmo.se") == user


def test_council_goal_validity():
    goal = CouncilGoal.objects.get(name="Utbildning och arbete", valid_from_year=2022)
    assert goal.is_valid_in(2023)
    assert not goal.is_valid_in(2021)


@pytest.mark.django_db(transaction=True)
def test_renaming_the_own_budget_column_keeps_every_value():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    report = factories.ProjectReportFactory(
        total_budget_sek=Decimal("900000.00"), own_budget_sek=Decimal("412345.67")
    )
    before, after = ("projects", "0013_review_comment_targets"), ("projects", "0014_own_budget_sek")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        executor.loader.build_graph()
        old = executor.loader.project_state([before]).apps.get_model("projects", "ProjectReport")
        assert old.objects.get(pk=report.pk).malmo_budget_sek == Decimal("412345.67")

        executor.migrate([after])
        executor.loader.build_graph()
        new = executor.loader.project_state([after]).apps.get_model("projects", "ProjectReport")
        assert new.objects.get(pk=report.pk).own_budget_sek == Decimal("412345.67")
    finally:
        # Later migrations may have been unapplied on the way back: leave the schema complete.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
