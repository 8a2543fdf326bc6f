"""The year's projects one by one: the appendix list, read when it is used, and the few
reports the figures name (the suggested examples and the smallest and largest budget)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from projects.collation import sort_key
from projects.models import Payout, ProjectReport, Submission
from projects.numbers import MONEY_FIELD, ZERO, sum_sek
from reporting.selectors.types import BudgetExtreme, ExampleProject, ProjectRow, money

ORDER = ("administration", "name", "pk")  # by administration, then project name (Swedish)
NAMES = {
    "administration": F("submission__administration_name"),
    "programme_label": F("programme_name"),
    "programme_short": F("programme_short_name"),
}


class ProjectList(Sequence):
    """The year's projects for the appendix, by administration, then name.

    Read from the database when used, not when the figures are computed: iterating reads all
    of them in one query (once); a slice, such as a page of the figures page, reads only that
    page. Its length is the figures' project count, known without a query."""

    def __init__(self, reports: QuerySet[ProjectReport], year: int, total: int):
        self._reports = reports
        self._year = year
        self._total = total
        self._rows: list[ProjectRow] | None = None

    def _query(self):
        paid = (
            Payout.objects.filter(report=OuterRef("pk"))
            .dated_in(self._year)
            .order_by()
            .values("report")
            .annotate(total=sum_sek("amount_sek"))
            .values("total")
        )
        return (
            self._reports.annotate(
                **NAMES, paid=Coalesce(Subquery(paid), Value(ZERO), output_field=MONEY_FIELD)
            )
            .values_list(
                "name",
                "acronym",
                "role",
                "total_budget_sek",
                "own_budget_sek",
                "eu_cofinancing_rate",
                "paid",
                *NAMES,
                named=True,
            )
            .order_by(*ORDER)
        )

    def __len__(self) -> int:
        return self._total

    def __iter__(self):
        if self._rows is None:
            self._rows = _project_rows(self._query())
        return iter(self._rows)

    def __getitem__(self, index):
        if self._rows is not None:
            return self._rows[index]
        if isinstance(index, slice):
            if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop or 0) < 0:
                return list(self)[index]
            return _project_rows(self._query()[index])
        if index < 0:
            return list(self)[index]
        rows = _project_rows(self._query()[index : index + 1])
        if not rows:
            raise IndexError("ProjectList index out of range")
        return rows[0]

    def __eq__(self, other):
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def __reduce__(self):
        # Pickled (for a task worker, say) as the plain list of rows, not as a query.
        return (list, (list(self),))

    def __repr__(self) -> str:
        return f"<ProjectList {self._year}: {self._total} projects>"


def _about(row) -> dict:
    """What a project row and an example both say of a report read with NAMES: its acronym,
    administration, programme (the short name, the full one where there is none) and role."""
    return {
        "acronym": row.acronym,
        "administration": row.administration,
        "programme": row.programme_label,
        "programme_short_name": row.programme_short or row.programme_label,
        "role": row.role,
    }


def _project_rows(rows) -> list[ProjectRow]:
    return [
        ProjectRow(
            name=row.name,
            **_about(row),
            total_budget_sek=money(row.total_budget_sek),
            own_budget_sek=money(row.own_budget_sek),
            eu_cofinancing_rate=money(row.eu_cofinancing_rate),
            payouts_sek=money(row.paid),
        )
        for row in rows
    ]


def featured(
    reports: QuerySet[ProjectReport], *, smallest: Decimal | None, largest: Decimal | None
) -> tuple[list[ExampleProject], BudgetExtreme | None, BudgetExtreme | None]:
    """The suggested examples and the projects with the smallest and largest total budget.

    One query reads those reports, in the appendix's order, and one more the other
    administrations of the examples (none when the year has no project)."""
    if smallest is None:
        return [], None, None
    rows = list(
        reports.filter(Q(suggested_as_example=True) | Q(total_budget_sek__in=[smallest, largest]))
        .annotate(**NAMES)
        .values_list(
            "pk",
            "name",
            "acronym",
            "role",
            "total_budget_sek",
            "suggested_as_example",
            "description",
            "results",
            "council_goal_name",
            *NAMES,
            named=True,
        )
        .order_by(*ORDER)
    )
    return (
        _examples([row for row in rows if row.suggested_as_example], reports),
        _budget_extreme(rows, smallest),
        _budget_extreme(rows, largest),
    )


def _budget_extreme(rows: list, amount: Decimal) -> BudgetExtreme:
    """The project with this total budget; several: the first by name in Swedish order."""
    row = min(
        (row for row in rows if row.total_budget_sek == amount),
        key=lambda row: sort_key(row.name),
    )
    return BudgetExtreme(amount_sek=money(amount), programme=row.programme_label, project=row.name)


def participant_names(reports: QuerySet[ProjectReport]) -> dict[int, list[str]]:
    """The other administrations taking part in each report, in Swedish order, by the names
    they had in the report's year (their own submission's), in one query.

    An administration without a submission that year (one that no longer reports, say) is
    named as it is named now."""
    through = ProjectReport.participating_administrations.through
    name_that_year = Submission.objects.filter(
        reporting_year_id=OuterRef("projectreport__submission__reporting_year_id"),
        administration_id=OuterRef("administration_id"),
    ).values("administration_name")[:1]
    participants: dict[int, list[str]] = defaultdict(list)
    for report_id, name in (
        through.objects.filter(projectreport_id__in=reports.values("pk"))
        .annotate(name=Coalesce(Subquery(name_that_year), F("administration__name")))
        .order_by()
        .values_list("projectreport_id", "name")
    ):
        participants[report_id].append(name)
    return {report_id: sorted(names, key=sort_key) for report_id, names in participants.items()}


def _examples(rows: list, reports: QuerySet[ProjectReport]) -> list[ExampleProject]:
    if not rows:
        return []
    participants = participant_names(reports.filter(suggested_as_example=True))
    return [
        ExampleProject(
            project=row.name,
            **_about(row),
            description=row.description,
            results=row.results,
            participating_administrations=tuple(participants.get(row.pk, ())),
            council_goal=row.council_goal_name or "",
        )
        for row in rows
    ]
