"""What the administrations wrote, as sources for the memo: the approved submissions' narratives
and the results of the projects they suggested as examples, per administration.

Also on what the memo's figures rest: how many of the year's administrations are approved.
A fixed number of queries whatever the number of administrations, submissions and projects:
the year's status for the basis, one for the narratives, one for the example projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from projects.collation import sorted_swedish
from projects.models import ProjectReport, Submission
from reporting.selectors.status import YearBasis, YearStatus, year_status

# The narrative fields the memo draws on, in the order the editor shows them.
SOURCE_FIELDS = ("overview", "priorities", "networks", "study_visits", "conferences", "results")
# The fields that tell of international work beyond the projects.
BEYOND_PROJECTS = ("networks", "study_visits", "conferences")


@dataclass(frozen=True)
class Narrative:
    field: str  # one of SOURCE_FIELDS
    text: str


@dataclass(frozen=True)
class ProjectSource:
    project: str
    acronym: str
    description: str
    results: str


@dataclass(frozen=True)
class AdministrationSources:
    administration: str
    narratives: tuple[Narrative, ...]
    projects: tuple[ProjectSource, ...]

    def narrative(self, field: str) -> str:
        return next((n.text for n in self.narratives if n.field == field), "")

    @property
    def tells_beyond_projects(self) -> bool:
        """Wrote of networks, study visits or conferences and of the results of the work."""
        return bool(self.narrative("results")) and any(
            self.narrative(field) for field in BEYOND_PROJECTS
        )


@dataclass(frozen=True)
class MemoSources:
    status: YearStatus
    administrations: list[AdministrationSources]

    @property
    def basis(self) -> YearBasis:
        return self.status.basis


def year_basis(year: int) -> YearBasis:
    """Approved submissions of the administrations expected to report: the count of the year's
    status (``reporting.selectors.status``)."""
    return year_status(year).basis


def _clean(text: str) -> str:
    return (text or "").strip()


def memo_sources(year: int) -> MemoSources:
    """Per administration (Swedish order), the approved narratives and example projects."""
    approved = Submission.objects.for_year(year).counted()
    narratives = {
        row["administration_name"]: tuple(
            Narrative(field=field, text=_clean(row[field]))
            for field in SOURCE_FIELDS
            if _clean(row[field])
        )
        for row in approved.values("administration_name", *SOURCE_FIELDS)
    }
    projects: dict[str, list[ProjectSource]] = {}
    for row in (
        ProjectReport.objects.filter(submission__in=approved, suggested_as_example=True)
        .values("submission__administration_name", "name", "acronym", "description", "results")
        .order_by("submission__administration_name", "name", "pk")
    ):
        projects.setdefault(row["submission__administration_name"], []).append(
            ProjectSource(
                project=row["name"],
                acronym=row["acronym"],
                description=_clean(row["description"]),
                results=_clean(row["results"]),
            )
        )
    names = sorted_swedish(
        name for name in set(narratives) | set(projects) if narratives.get(name) or name in projects
    )
    return MemoSources(
        status=year_status(year),
        administrations=[
            AdministrationSources(
                administration=name,
                narratives=narratives.get(name, ()),
                projects=tuple(projects.get(name, ())),
            )
            for name in names
        ],
    )
