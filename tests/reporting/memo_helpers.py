"""Hand-built figures for the memo tests: two years, known answers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from projects.models import ProjectReport, Submission
from tests import factories as f

ESF = "Europeiska socialfonden (ESF/ESF+)"
ERASMUS = "Erasmus+"


def approved_submission(administration, year):
    reporting_year = f.ReportingYearFactory(year=year, is_open=False)
    return f.SubmissionFactory(
        administration=administration,
        reporting_year=reporting_year,
        state=Submission.State.APPROVED,
    )


def build_two_years() -> dict:
    """2022: one project, 1 000 000 kr. 2023: an ESF project of Miljöförvaltningen (owner,
    12 345 678 kr, suggested as example, with Kulturförvaltningen) and an Erasmus+ project of
    Kulturförvaltningen (partner, 360 000 kr)."""
    environment = f.AdministrationFactory(name="Miljöförvaltningen", short_code="MF")
    culture = f.AdministrationFactory(name="Kulturförvaltningen", short_code="KUF")
    education = f.CouncilGoalFactory(name="Utbildning och arbete", valid_from_year=2022, order=1)
    climate = f.CouncilGoalFactory(name="Stadsutveckling och klimat", valid_from_year=2022, order=2)
    esf = f.FundingProgrammeFactory(name=ESF)
    erasmus = f.FundingProgrammeFactory(name=ERASMUS)

    old_report = f.ProjectReportFactory(
        submission=approved_submission(environment, 2022),
        name="Gammalt projekt",
        programme=esf,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2022, 12, 31),
        council_goal=education,
    )
    f.PayoutFactory(report=old_report, amount_sek=Decimal("1000000.00"))

    big_report = f.ProjectReportFactory(
        submission=approved_submission(environment, 2023),
        name="Klimatsmart stad",
        acronym="KLIMAT",
        programme=esf,
        role=ProjectReport.Role.OWNER,
        total_budget_sek=Decimal("2000000.00"),
        own_budget_sek=Decimal("1000000.00"),
        eu_cofinancing_rate=Decimal("60.00"),
        description="Projektet syftar till att minska utsläppen i staden",
        participating_administrations=[culture],
        council_goal=education,
        results="Utsläppen har minskat med 10 %.",
        suggested_as_example=True,
    )
    f.PayoutFactory(report=big_report, amount_sek=Decimal("12345678.00"))

    small_report = f.ProjectReportFactory(
        submission=approved_submission(culture, 2023),
        name="Läsning utan gränser",
        programme=erasmus,
        role=ProjectReport.Role.PARTNER,
        total_budget_sek=Decimal("60000.00"),
        own_budget_sek=Decimal("60000.00"),
        eu_cofinancing_rate=Decimal("100.00"),
        council_goal=climate,
    )
    f.PayoutFactory(report=small_report, amount_sek=Decimal("360000.00"))
    return {
        "environment": environment,
        "culture": culture,
        "big_report": big_report,
        "small_report": small_report,
    }


def memo_post_data(memo, **changes) -> dict:
    """What the editing form posts for ``memo`` unchanged, with ``changes`` applied."""
    data = {
        name: getattr(memo, name)
        for name in (
            "title",
            "case_number",
            "reference_name",
            "reference_title",
            "reference_email",
            *memo.HAND_WRITTEN_FIELDS,
            *memo.FIGURE_FIELDS,
            "examples_text",
        )
    }
    data["date"] = memo.date.isoformat()
    data["revision"] = memo.revision
    data["examples"] = [str(pk) for pk in memo.examples.values_list("pk", flat=True)]
    steps = list(memo.steps.all())
    data["steps-TOTAL_FORMS"] = str(len(steps) + 1)
    # As the page renders it: rows from the memo are initial forms (an unchanged extra form
    # would be skipped as empty).
    data["steps-INITIAL_FORMS"] = str(len(steps))
    for index, step in enumerate(steps):
        data[f"steps-{index}-body"] = step.body
        data[f"steps-{index}-date"] = step.date.isoformat() if step.date else ""
    officials = list(memo.officials.all())
    data["officials-TOTAL_FORMS"] = str(len(officials) + 1)
    data["officials-INITIAL_FORMS"] = str(len(officials))
    for index, official in enumerate(officials):
        data[f"officials-{index}-name"] = official.name
        data[f"officials-{index}-title"] = official.title
    data.update(changes)
    return data


def make_publishable(memo):
    """Fill in what a fresh draft lacks before it may be published: case number, a date on
    every decision planning row (one, if the draft has none), a responsible official. Returns
    the memo."""
    from reporting.models import Memo

    Memo.objects.filter(pk=memo.pk).update(case_number="STK-2023-1702")
    memo.case_number = "STK-2023-1702"
    if not memo.steps.exists():
        # A database without an organisation (a browser test's flushed database) gives a new
        # draft no decision path to start from.
        f.MemoDecisionStepFactory(memo=memo, order=1, body="Kommunstyrelsens arbetsutskott")
    for index, step in enumerate(memo.steps.all()):
        step.date = datetime.date(2024, 4, 22) + datetime.timedelta(days=14 * index)
        step.save(update_fields=["date"])
    if not memo.officials.exists():
        f.MemoOfficialFactory(memo=memo, order=1, name="Micael Nord", title="Direktör")
    return memo


def published_2023(user):
    """2023's memo drafted, made publishable and published by ``user``: its first version."""
    from reporting.memo.files import memo_publish
    from reporting.memo.services import memo_create_draft

    return memo_publish(memo=make_publishable(memo_create_draft(year=2023, user=user)), user=user)
