"""What the development coordinator works through before publishing the memo: the year's
status and which administrations are approved (by name), figures changed since the draft, texts
written on another basis than today's, sections left empty, and what is missing.

Codes and numbers; the publishing page applies the words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.text import capfirst

from projects.collation import sort_key
from projects.models import ProjectReport, Submission
from projects.selectors import Progress, administrations_without_submission
from reporting.memo import drafting
from reporting.memo.selectors import memo_publish_problems, memo_wording
from reporting.memo.services import memo_figures_changed
from reporting.memo.wording_catalogue import Wording
from reporting.models import Memo
from reporting.selectors import YearFigures, YearStatus, year_status

# The sections of the memo's text that should not go out empty, in the memo's order.
TEXT_SECTIONS = (
    *Memo.INTRODUCTION_FIELDS,
    *Memo.FIGURE_FIELDS,
    "examples_text",
    "assessment",
)


@dataclass(frozen=True)
class ChecklistAdministration:
    name: str
    progress: str  # a ``projects.selectors.Progress`` value
    submission_id: int | None = None

    @property
    def progress_label(self) -> str:
        return str(Progress(self.progress).label)


@dataclass(frozen=True)
class PublishChecklist:
    status: YearStatus
    approved: list[ChecklistAdministration]
    not_approved: list[ChecklistAdministration]
    figures_changed: bool
    # The figure texts were written when another number of administrations was approved.
    basis_changed: bool
    empty_sections: list[str]  # field names of ``Memo``, in the memo's order
    problems: list[str]
    # The memo's wording, for the sentence its text states the basis in.
    wording: Wording | None = None

    @property
    def incomplete(self) -> bool:
        """Publishing now needs the explicit choice to publish on part of the city."""
        return not self.status.complete

    @property
    def ready(self) -> bool:
        return not (self.problems or self.figures_changed or self.basis_changed)

    @property
    def basis_sentence(self) -> str:
        """The sentence the memo's text states its basis in (``drafting.basis_sentence``)."""
        return drafting.basis_sentence(self.status.basis, wording=self.wording)

    @property
    def empty_section_labels(self) -> list[str]:
        return [capfirst(Memo._meta.get_field(name).verbose_name) for name in self.empty_sections]


def memo_basis_changed(memo: Memo, status: YearStatus) -> bool:
    """Whether the memo's figure texts were written on another basis than the year's today
    (so that their sentence on the basis, or its absence, no longer holds)."""
    drafted = (memo.figures_snapshot or {}).get("basis")
    return drafted is not None and drafted != status.basis.as_dict()


def _progress(submission: Submission) -> str:
    """The overview's word for how far a submission has come (a draft with nothing in it has
    not been started)."""
    if (
        submission.state == Submission.State.DRAFT
        and not submission.has_projects
        and not any(getattr(submission, field).strip() for field in Submission.NARRATIVE_FIELDS)
    ):
        return Progress.NOT_STARTED
    return Progress(submission.state).value


def publish_checklist(memo: Memo, figures: YearFigures | None = None) -> PublishChecklist:
    """The checklist of the memo's year as it stands now (a fixed number of queries)."""
    status = year_status(memo.year)
    submissions = list(
        Submission.objects.for_year(memo.year)
        .annotate(has_projects=Exists(ProjectReport.objects.filter(submission=OuterRef("pk"))))
        .only("pk", "state", "administration_name", *Submission.NARRATIVE_FIELDS)
        .order_by("administration_name", "pk")
    )
    approved = [
        ChecklistAdministration(
            name=submission.administration_name,
            progress=Progress.APPROVED,
            submission_id=submission.pk,
        )
        for submission in submissions
        if submission.state == Submission.State.APPROVED
    ]
    not_approved = [
        ChecklistAdministration(
            name=submission.administration_name,
            progress=_progress(submission),
            submission_id=submission.pk,
        )
        for submission in submissions
        if submission.state != Submission.State.APPROVED
    ]
    if status.is_open:
        not_approved += [
            ChecklistAdministration(name=administration.name, progress=Progress.NOT_STARTED)
            for administration in administrations_without_submission(year=memo.year)
        ]
    return PublishChecklist(
        status=status,
        approved=approved,
        not_approved=_in_swedish_order(not_approved),
        figures_changed=memo_figures_changed(memo, figures),
        basis_changed=memo_basis_changed(memo, status),
        empty_sections=[name for name in TEXT_SECTIONS if not getattr(memo, name).strip()],
        problems=memo_publish_problems(memo),
        wording=memo_wording(memo),
    )


def _in_swedish_order(rows: list[ChecklistAdministration]) -> list[ChecklistAdministration]:
    return sorted(rows, key=lambda row: sort_key(row.name))
