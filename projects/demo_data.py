"""Demo users, reporting years and sample projects for trying the application.

Idempotent: every row is looked up by a natural key before it is created.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    User,
)
from projects.reference_data import ensure_reference_data_for_models

DEMO_PASSWORD = "demo-malmo-2024"

# (e-mail, name, title, administration name or None, role)
DEMO_USERS = [
    (
        "utvecklingssamordnare@malmo.se",
        "Bodil Olsson",
        "Utvecklingssamordnare",
        "Stadskontoret",
        User.Role.DEVELOPMENT_COORDINATOR,
    ),
    (
        "samordnare.miljo@malmo.se",
        "Maja Lind",
        "Internationell samordnare",
        "Miljöförvaltningen",
        User.Role.COORDINATOR,
    ),
    (
        "samordnare.grundskola@malmo.se",
        "Omar Haddad",
        "Utvecklingsstrateg",
        "Grundskoleförvaltningen",
        User.Role.COORDINATOR,
    ),
    ("handlaggare@malmo.se", "Erik Berg", "Handläggare", "Stadskontoret", User.Role.OFFICIAL),
]


def load_users() -> list[User]:
    users = []
    for email, name, title, administration_name, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            administration = (
                Administration.objects.get(name=administration_name)
                if administration_name
                else None
            )
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=name,
                title=title,
                administration=administration,
                role=role,
            )
        users.append(user)
    return users


def ensure_year(year: int, *, is_open: bool, deadline: datetime.date | None) -> ReportingYear:
    reporting_year, created = ReportingYear.objects.get_or_create(
        year=year, defaults={"is_open": is_open, "deadline": deadline}
    )
    if created:
        reporting_year.council_goals.set(CouncilGoal.objects.valid_in(year))
    return reporting_year


def load_sample_projects() -> None:
    """A few Miljöförvaltningen projects in an open 2024 round, to try data entry."""
    reporting_year = ensure_year(2024, is_open=True, deadline=datetime.date(2025, 2, 28))
    administration = Administration.objects.get(name="Miljöförvaltningen")
    submission, _ = Submission.objects.get_or_create(
        administration=administration, reporting_year=reporting_year
    )
    goal = CouncilGoal.objects.get(name="Stadsutveckling och klimat", valid_from_year=2022)
    samples = [
        (
            "Cirkulär upphandling i Östersjöregionen",
            "CIRCPRO",
            "Interreg Östersjöprogrammet",
            Project.Role.PARTNER,
            "Kommunförbundet i Finland",
            "9800000",
            "1450000",
            "80",
        ),
        (
            "Laddinfrastruktur med energilager",
            "ACCESS-2",
            "Interreg Nordsjöprogrammet",
            Project.Role.OWNER,
            "",
            "21000000",
            "6200000",
            "60",
        ),
    ]
    for name, acronym, programme_name, role, lead, total, share, rate in samples:
        project, _ = Project.objects.get_or_create(
            administration=administration,
            name=name,
            defaults={
                "acronym": acronym,
                "programme": FundingProgramme.objects.get(name=programme_name),
                "role": role,
                "lead_organisation": lead,
                "start_date": datetime.date(2023, 9, 1),
                "end_date": datetime.date(2026, 8, 31),
                "total_budget_sek": Decimal(total),
                "malmo_budget_sek": Decimal(share),
                "eu_cofinancing_rate": Decimal(rate),
                "description": "Exempelprojekt för att prova inrapporteringen.",
            },
        )
        report, created = ProjectReport.objects.get_or_create(
            submission=submission, project=project, defaults={"council_goal": goal}
        )
        if created:
            Payout.objects.create(
                report=report,
                payment_date=datetime.date(2024, 6, 14),
                amount_sek=Decimal("250000.00"),
            )


@transaction.atomic
def load_demo() -> list[User]:
    """Load reference data, demo users and sample data; returns the demo users."""
    ensure_reference_data_for_models()
    users = load_users()
    load_sample_projects()
    return users
