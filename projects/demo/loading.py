"""The loader every demo city shares: its organisation, reference rows and users, 2022 and 2023
as approved rounds with projects, payouts and narratives, and an open 2024 round.

A city is data (``DemoCity``, one module a city). Idempotent: every row is looked up by a
natural key before it is created. One organisation per installation: a city loads into a
database that holds no other organisation's rounds, and then replaces the reference rows
nothing uses (those the migrations seeded for Malmö).
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from projects import reference_data
from projects.logos import read_logo
from projects.models import (
    Administration,
    CouncilGoal,
    DecisionStep,
    FundingProgramme,
    Organisation,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    User,
)
from projects.services.organisation import organisation_logo_keep
from projects.services.review import reporting_year_close

# A 2023 project whose ``paid_2023`` is empty takes what remains of its cell (``payout_cells``).
REST = None


class DemoRefused(Exception):
    """The database holds another organisation's data: a demo city loads only beside its own."""


@dataclass(frozen=True)
class DemoMemo:
    """The 2023 memo's hand-written parts, as the development coordinator wrote them (read by
    ``reporting.memo.demo``); the figure sections and examples are drafted from the data."""

    author: str  # the e-mail address of the demo user who drafts it
    texts: dict
    decision_planning: tuple[tuple[str, datetime.date], ...]
    officials: tuple[tuple[str, str], ...]
    historical_totals: tuple[dict, ...] = ()


NO_PROJECT_OVERVIEW = "Förvaltningen har inte deltagit i några EU-projekt under året."


@dataclass(frozen=True)
class DemoCity:
    """Everything one demo city consists of; ``load_city`` turns it into rows."""

    key: str
    organisation: dict  # the fields of ``Organisation``
    decision_steps: tuple[tuple[str, str], ...]  # (body, abbreviation), in order
    reference: reference_data.ReferenceRows
    password: str
    users: tuple[tuple, ...]  # (e-mail, name, title, administration name or None, role)
    programmes: dict[str, str]  # the projects file's programme keys: full names
    goals: dict[str, str]  # the projects file's goal keys: names
    projects_csv: Path
    narratives: dict[str, dict]  # a unit's short code: its 2023 narrative
    no_project_networks: str  # the networks of a unit without EU projects
    previous_year_overview: str  # every unit's overview of 2022
    memo: DemoMemo
    # (unit code, goal key): the exact kronor paid in 2023; empty: as the projects file says.
    payout_cells: dict = field(default_factory=dict)
    # Projects whose second instalment came on 31 December: the last day still counts.
    paid_on_new_years_eve: frozenset[str] = frozenset()
    # The memo's wording where the city's differs from the default (key: template).
    wording: dict = field(default_factory=dict)
    # The organisation's logo (PNG, JPEG or SVG), for the letterhead.
    logo: Path | None = None

    @property
    def no_project_narrative(self) -> dict:
        """The texts of a unit without EU projects: the same overview in every city."""
        return {"overview": NO_PROJECT_OVERVIEW, "networks": self.no_project_networks}

    @property
    def unit_names(self) -> dict[str, str]:
        """Short code: name, of every administration and company."""
        units = [(name, code) for name, code, _office in self.reference.administrations]
        return {code: name for name, code in units + list(self.reference.companies)}


@dataclass(frozen=True)
class DemoProject:
    """One row of a city's projects file; ``paid_2023`` is the EU money received in 2023."""

    administration: str  # a unit's short code
    name: str
    acronym: str
    programme: str  # a key of the city's ``programmes``
    role: str
    goal: str  # a key of the city's ``goals``
    paid_2023: int | None
    start: datetime.date
    end: datetime.date
    total_budget: int
    own_budget: int
    rate: int
    lead: str
    partners: str
    participating: tuple[str, ...]
    description: str
    results: str
    example: bool
    paid_2022: int | None

    @classmethod
    def from_row(cls, row: dict[str, str]) -> DemoProject:
        """The texts as they stand, numbers and dates parsed."""

        def number(name: str) -> int | None:
            return int(row[name]) if row[name] else None

        values = {name: text for name, text in row.items() if name != "last_reported"}
        values.update(
            role=ProjectReport.Role(row["role"]),
            paid_2023=number("paid_2023"),
            paid_2022=number("paid_2022"),
            start=datetime.date.fromisoformat(row["start"]),
            end=datetime.date.fromisoformat(row["end"]),
            total_budget=number("total_budget"),
            own_budget=number("own_budget"),
            rate=number("rate"),
            participating=tuple(row["participating"].split()),
            example=bool(row["example"]),
        )
        return cls(**values)


@cache
def read_projects(path: Path) -> dict[str, tuple[DemoProject, ...]]:
    """The rows of a projects file by their last reported year ("2023": also reported in 2022
    when started by then; "2022": ended that year; "2024": started on in the open round), in
    the file's order."""
    by_year: dict[str, list[DemoProject]] = {"2024": [], "2023": [], "2022": []}
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            by_year[row["last_reported"]].append(DemoProject.from_row(row))
    return {year: tuple(rows) for year, rows in by_year.items()}


def payouts_2023(city: DemoCity) -> dict[str, int]:
    """Each 2023 project's payout, the ``REST`` project of a cell taking what remains of it."""
    projects = read_projects(city.projects_csv)["2023"]
    amounts: dict[str, int] = {}
    for (administration, goal), cell_total in city.payout_cells.items():
        cell = [p for p in projects if (p.administration, p.goal) == (administration, goal)]
        rest = [p for p in cell if p.paid_2023 is REST]
        fixed = sum(p.paid_2023 for p in cell if p.paid_2023 is not REST)
        if len(rest) > 1 or (not rest and fixed != cell_total) or fixed > cell_total:
            raise ValueError(f"Demo payouts for {administration}/{goal} do not add up.")
        for p in cell:
            amounts[p.name] = p.paid_2023 if p.paid_2023 is not REST else cell_total - fixed
    for p in projects:
        amounts.setdefault(p.name, p.paid_2023 or 0)
    return amounts


def _split(total: int) -> list[int]:
    """Larger grants come in two instalments (60 % in June, the rest in December)."""
    if total >= 500_000:
        first = total * 3 // 5
        return [first, total - first]
    return [total] if total else []


# --- the organisation and its reference rows ----------------------------------------------


def _holds_rounds() -> bool:
    return ReportingYear.objects.exists() or Submission.objects.exists() or Project.objects.exists()


def ensure_organisation(city: DemoCity) -> None:
    """The city as the installation's organisation. Another organisation is replaced only while
    the database holds no rounds, together with the reference rows nothing uses."""
    current = Organisation.objects.first()
    name = city.organisation["name"]
    if current is not None and current.name == name:
        _ensure_logo(city, current)
        return
    if _holds_rounds():
        if current is not None:
            raise DemoRefused(
                _(
                    "Databasen innehåller redan uppgifter från %(other)s. Exempeldata för "
                    "%(name)s läses bara in i en tom databas: en installation har en "
                    "organisation."
                )
                % {"other": current.name, "name": name}
            )
    else:
        _replace_unused_reference_rows(city)
    if current is not None:
        current.delete()
    reference_data.ensure_organisation(
        Organisation, DecisionStep, city.organisation, city.decision_steps
    )
    _ensure_logo(city, Organisation.objects.get())


def _ensure_logo(city: DemoCity, organisation: Organisation) -> None:
    """The city's logo, kept like an uploaded one, where the organisation has none yet."""
    if city.logo is None or organisation.logo_id:
        return
    with File(city.logo.open("rb")) as file:
        organisation.logo = organisation_logo_keep(read_logo(file))
    organisation.save(update_fields=["logo"])


def _replace_unused_reference_rows(city: DemoCity) -> None:
    rows = city.reference
    Administration.objects.exclude(name__in=city.unit_names.values()).filter(
        users__isnull=True
    ).delete()
    CouncilGoal.objects.exclude(name__in=rows.council_goals).delete()
    FundingProgramme.objects.exclude(name__in=[p[0] for p in rows.programmes]).delete()
    kept = Administration.objects.exclude(name__in=city.unit_names.values())
    if kept.exists():
        raise DemoRefused(
            _(
                "Användare hör till %(units)s, som inte finns i exempeldata för %(name)s. "
                "Exempeldata läses bara in i en tom databas."
            )
            % {
                "units": ", ".join(kept.values_list("name", flat=True)),
                "name": city.organisation["name"],
            }
        )


def load_users(city: DemoCity) -> list[User]:
    users = []
    for email, name, title, administration_name, role in city.users:
        user = User.objects.filter(email=email).first()
        if user is None:
            administration = (
                Administration.objects.get(name=administration_name)
                if administration_name
                else None
            )
            user = User.objects.create_user(
                email=email,
                password=city.password,
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


def _goal(city: DemoCity, name: str) -> CouncilGoal:
    return CouncilGoal.objects.get(name=name, valid_from_year=city.reference.goals_from_year)


def _project_named(administration: Administration, name: str) -> Project:
    """The administration's project that some year reported under ``name``, or a new one."""
    known = (
        ProjectReport.objects.filter(submission__administration=administration, name=name)
        .values_list("project_id", flat=True)
        .first()
    )
    if known is not None:
        return Project.objects.get(pk=known)
    return Project.objects.create(administration=administration)


def _report(submission, project: Project, facts: dict, payouts, participating=()) -> None:
    """The project's report in a submission with ``facts``; its payouts and participating
    administrations only when it is new."""
    report, created = ProjectReport.objects.get_or_create(
        submission=submission, project=project, defaults=facts
    )
    if created:
        if participating:
            report.participating_administrations.set(participating)
        Payout.objects.bulk_create(
            Payout(report=report, payment_date=date, amount_sek=Decimal(amount))
            for date, amount in payouts
        )


# --- the open round ------------------------------------------------------------------------


# The open round's deadline is this long after the day the demo is loaded, so that a newcomer
# meets a round in progress. Without a day (the tests) it is counted from DEMO_DAY.
DEADLINE_AFTER = datetime.timedelta(weeks=4)
DEMO_DAY = datetime.date(2025, 1, 31)


def load_open_round(city: DemoCity, *, today: datetime.date = DEMO_DAY) -> None:
    """The open 2024 round, with the projects file's 2024 rows begun in it to try data entry;
    the round's deadline a few weeks after ``today``."""
    deadline = today + DEADLINE_AFTER
    reporting_year = ensure_year(2024, is_open=True, deadline=deadline)
    if reporting_year.is_open and reporting_year.deadline != deadline:
        # update(): the demo's clock is not a change anyone made to the year.
        ReportingYear.objects.filter(pk=reporting_year.pk).update(deadline=deadline)
    # An open round gives every unit that exists that year a draft, as opening it does.
    for other in Administration.objects.valid_in(2024):
        Submission.objects.get_or_create(administration=other, reporting_year=reporting_year)
    for spec in read_projects(city.projects_csv)["2024"]:
        administration = Administration.objects.get(name=city.unit_names[spec.administration])
        submission, _ = Submission.objects.get_or_create(
            administration=administration, reporting_year=reporting_year
        )
        programme = FundingProgramme.objects.get(name=city.programmes[spec.programme])
        facts = _facts(spec, programme, _goal(city, city.goals[spec.goal]), "", False)
        payouts = [(datetime.date(2024, 6, 14), 250_000)]
        _report(submission, _project_named(administration, spec.name), facts, payouts)


# --- 2022 and 2023 as approved rounds ------------------------------------------------------


def _narrative(city: DemoCity, code: str, year: int) -> dict:
    """The unit's texts of 2023; in 2022 the priorities and networks are the same and the
    overview is the year's own."""
    texts = city.narratives.get(code, city.no_project_narrative)
    if year == 2023:
        return texts
    return {
        "overview": city.previous_year_overview,
        "priorities": texts.get("priorities", ""),
        "networks": texts.get("networks", ""),
    }


def _submission(administration: Administration, reporting_year, approver, texts: dict):
    approved_at = datetime.datetime(reporting_year.year + 1, 3, 15, 12, 0, tzinfo=datetime.UTC)
    submission, _ = Submission.objects.get_or_create(
        administration=administration,
        reporting_year=reporting_year,
        defaults={
            "state": Submission.State.APPROVED,
            "state_changed_at": approved_at,
            "state_changed_by": approver,
            "submitted_at": approved_at - datetime.timedelta(days=14),
            "approved_at": approved_at,
            "approved_by": approver,
            **texts,
        },
    )
    return submission


def _facts(spec: DemoProject, programme, goal, results: str, example: bool) -> dict:
    return {
        "name": spec.name,
        "acronym": spec.acronym,
        "programme": programme,
        "role": spec.role,
        "lead_organisation": spec.lead,
        "partner_locations": spec.partners,
        "start_date": spec.start,
        "end_date": spec.end,
        "total_budget_sek": Decimal(spec.total_budget),
        "own_budget_sek": Decimal(spec.own_budget),
        "eu_cofinancing_rate": Decimal(spec.rate),
        "description": spec.description,
        "council_goal": goal,
        "results": results,
        "suggested_as_example": example,
    }


def load_memo_years(city: DemoCity) -> None:
    """2022 and 2023 as approved rounds, every unit with a submission and its narrative."""
    # Looked up by name: the reference data's short codes may have been edited since.
    by_name = {a.name: a for a in Administration.objects.filter(name__in=city.unit_names.values())}
    administrations = {code: by_name[name] for code, name in city.unit_names.items()}
    programmes = {
        key: FundingProgramme.objects.get(name=name) for key, name in city.programmes.items()
    }
    goals = {key: _goal(city, name) for key, name in city.goals.items()}
    approver = User.objects.filter(email=city.users[0][0]).first()
    # Made open and closed below by the service, as a real round is: each year so keeps the
    # organisation as it was when it closed.
    years = {
        2022: ensure_year(2022, is_open=True, deadline=datetime.date(2023, 2, 28)),
        2023: ensure_year(2023, is_open=True, deadline=datetime.date(2024, 2, 29)),
    }
    submissions = {
        (year, code): _submission(
            administrations[code], reporting_year, approver, _narrative(city, code, year)
        )
        for year, reporting_year in years.items()
        for code in city.unit_names
    }
    carried_out = "Projektet har genomfört årets planerade aktiviteter."
    # (year, project, results, suggested as an example, payouts), in the order they are created.
    reports = []
    amounts = payouts_2023(city)
    projects = read_projects(city.projects_csv)
    for spec in projects["2023"]:
        paid = amounts[spec.name]
        dates = [datetime.date(2023, 6, 15), datetime.date(2023, 12, 15)]
        if spec.acronym in city.paid_on_new_years_eve:
            dates[1] = datetime.date(2023, 12, 31)
        payouts = zip(dates, _split(paid), strict=False)
        reports.append((2023, spec, spec.results or carried_out, spec.example, payouts))
        if spec.start.year <= 2022:
            # Grants grow as projects get going: a continuing project received 80 % in 2022.
            payouts = [(datetime.date(2022, 9, 30), paid * 4 // 5)] if paid else []
            reports.append((2022, spec, carried_out, False, payouts))
    for spec in projects["2022"]:
        dates = [datetime.date(2022, 5, 31), datetime.date(2022, 11, 30)]
        payouts = zip(dates, _split(spec.paid_2022), strict=False)
        reports.append((2022, spec, "Projektet avslutades under året.", False, payouts))
    for year, spec, results, example, payouts in reports:
        administration = administrations[spec.administration]
        facts = _facts(spec, programmes[spec.programme], goals[spec.goal], results, example)
        participating = [administrations[code] for code in spec.participating]
        project = _project_named(administration, spec.name)
        _report(submissions[year, spec.administration], project, facts, payouts, participating)
    for reporting_year in years.values():
        if reporting_year.is_open:
            reporting_year_close(reporting_year=reporting_year, user=approver)


@transaction.atomic
def load_city(city: DemoCity, *, today: datetime.date = DEMO_DAY) -> list[User]:
    """Load the city's organisation, reference rows, users and rounds, the open round's
    deadline a few weeks after ``today``; returns the city's users."""
    ensure_organisation(city)
    reference_data.ensure_reference_data(
        Administration, CouncilGoal, FundingProgramme, city.reference
    )
    users = load_users(city)
    load_memo_years(city)
    load_open_round(city, today=today)
    return users
