"""One year of figures that only come out right with exact sums and Swedish order.

Six administrations whose payouts sum to the same 300 000,30 kr, some as 100 000,10 +
200 000,20 (which floating point adds to 300 000,30000000005) and some as one payout, with names
that sort differently by code point, by a C collation and in Swedish. The same data is built in
the test database and in a fresh SQLite database by ``python -m tests.reporting.swedish_figures``,
which prints the figures as JSON, so the two can be compared byte for byte.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from decimal import Decimal

# In Swedish order; the code-point order would be Zeta, alfa, Åker, Ängs, Ört, Östra.
ADMINISTRATIONS = ["alfa", "Zeta", "Åker", "Ängs", "Ört", "Östra"]
GOALS = ["Ängsmålet", "Åkermålet", "Zetamålet"]
PROGRAMMES = ["Östra programmet", "alfaprogrammet", "Åkerprogrammet"]
SPLIT = [Decimal("100000.10"), Decimal("200000.20")]
WHOLE = [Decimal("300000.30")]


def build() -> None:
    """Create the year 2023, approved, in the current database."""
    from projects.models import ProjectReport, Submission
    from tests import factories as f

    year = f.ReportingYearFactory(year=2023, is_open=True, council_goals=[])
    goals = [f.CouncilGoalFactory(name=name, valid_from_year=2023, order=1) for name in GOALS]
    year.council_goals.set(goals)
    programmes = [f.FundingProgrammeFactory(name=name, short_name="") for name in PROGRAMMES]
    # Created in an order that is neither Swedish nor code point.
    for index, name in enumerate(["Östra", "Ängs", "Zeta", "Ört", "alfa", "Åker"]):
        administration = f.AdministrationFactory(
            name=f"{name}förvaltningen", short_code=f"A{index}"
        )
        submission = f.SubmissionFactory(
            administration=administration,
            reporting_year=year,
            state=Submission.State.APPROVED,
        )
        report = f.ProjectReportFactory(
            submission=submission,
            name=f"{name}projektet",
            acronym="",
            programme=programmes[index % len(programmes)],
            role=ProjectReport.Role.OWNER if index % 2 else ProjectReport.Role.PARTNER,
            lead_organisation="" if index % 2 else "Lunds universitet",
            council_goal=goals[index % len(goals)],
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2024, 12, 31),
            total_budget_sek=Decimal("1000000.00"),
            own_budget_sek=Decimal("900000.00"),
            suggested_as_example=True,
        )
        for day, amount in enumerate(SPLIT if index % 2 else WHOLE, start=1):
            f.PayoutFactory(
                report=report, payment_date=datetime.date(2023, 5, day), amount_sek=amount
            )


def figures_json() -> str:
    from reporting.selectors import figures_as_dict, year_figures

    return json.dumps(figures_as_dict(year_figures(2023)), ensure_ascii=False, indent=2)


def main() -> None:
    """Build the data in a new database (``DATABASE_URL``) and print the figures."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malmo_intl.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build()
    sys.stdout.write(figures_json())


if __name__ == "__main__":
    main()
