"""Writes of the reporting app: drafting, editing and refreshing the council memo.

Its files (draft PDF and Word file, publishing) are made in ``reporting.memo.files``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import ProjectReport, ReportingYear, User
from reporting.kept import kept_for_year
from reporting.memo import drafting, wording_catalogue
from reporting.memo import examples as memo_examples
from reporting.memo.selectors import (
    current_templates,
    current_wording,
    memo_wording,
    wording_organisation,
)
from reporting.memo.wording import check_template
from reporting.memo.wording_catalogue import Wording
from reporting.models import Memo, MemoDecisionStep, MemoOfficial, MemoWording
from reporting.selectors import (
    MemoSources,
    YearBasis,
    YearFigures,
    memo_sources,
    year_basis,
    year_figures,
)
from reporting.selectors.stated import StatedFigure, stated_figures


@dataclass(frozen=True)
class DecisionStepData:
    body: str
    date: datetime.date | None = None


@dataclass(frozen=True)
class OfficialData:
    name: str
    title: str = ""


MEMO_LANGUAGE = drafting.MEMO_LANGUAGE


def memo_figures(year: int) -> YearFigures:
    """The year's figures for the memo (the approved reports)."""
    return year_figures(year)


def memo_figures_hash(year: int) -> str:
    """The hash of the year's figures as the memo keeps them: computed once per data version."""
    return kept_for_year(
        "memo-figures-hash", year, lambda: drafting.figures_hash(memo_figures(year))
    )


def memo_figures_changed(memo: Memo, figures: YearFigures | None = None) -> bool:
    """Whether the figures differ from those the memo's texts were written from (compared as
    the memo keeps them, in its language).

    Without ``figures`` (the pages), the hash kept for the year's data version is compared;
    publishing passes the figures it read in its transaction and hashes them."""
    if figures is None:
        return memo.figures_changed(memo_figures_hash(memo.year))
    return memo.figures_changed(drafting.figures_hash(figures))


def memo_sources_kept(year: int) -> MemoSources:
    """The memo's sources (approved narratives and example projects) for the pages: read once
    per data version."""
    return kept_for_year("memo-sources", year, lambda: memo_sources(year))


def programme_short_names(year: int) -> dict[str, str]:
    """The short name of each programme by its name, both as they were in ``year``."""
    return {
        name: short or name
        for name, short in ProjectReport.objects.for_year(year)
        .order_by()
        .values_list("programme_name", "programme_short_name")
        .distinct()
    }


def suggested_examples(year: int):
    """Project reports of the year that their administration suggested as examples."""
    return (
        ProjectReport.objects.for_year(year)
        .filter(suggested_as_example=True)
        .select_related("programme", "submission__administration")
        .order_by("submission__administration_name", "name", "pk")
    )


def _example_figures(figures: YearFigures, reports) -> list:
    """The selector's example rows for the chosen reports, in the figures' order."""
    chosen = {(r.submission.administration_name, r.name) for r in reports}
    return [e for e in figures.examples if (e.administration, e.project) in chosen]


def _write_figures(memo: Memo, figures: YearFigures, wording: Wording) -> None:
    snapshot = drafting.figures_snapshot(figures)
    basis = year_basis(memo.year)
    with translation.override(MEMO_LANGUAGE):
        texts = drafting.draft_figure_texts(
            figures, programme_short_names(figures.year), basis, wording
        )
    for field, value in texts.as_dict().items():
        setattr(memo, field, value)
    # The hash covers the figures alone (as before); the basis is kept beside them so the
    # editor can tell when the texts were written from fewer approved administrations.
    memo.figures_hash = drafting.snapshot_hash(snapshot)
    memo.figures_snapshot = {**snapshot, "basis": basis.as_dict()}
    memo.figures_drafted_at = timezone.now()


def _write_examples(memo: Memo, figures: YearFigures, wording: Wording) -> None:
    reports = list(memo.examples.select_related("project", "submission__administration"))
    with translation.override(MEMO_LANGUAGE):
        text = memo_examples.examples_text(
            _example_figures(figures, reports), memo_sources(memo.year), wording
        )
    memo.examples_text = text
    memo.examples_generated_text = text


@transaction.atomic
def memo_create_draft(*, year: int, user: User, date: datetime.date | None = None) -> Memo:
    """Create the year's memo with every section written from the figures (one click), in
    the organisation's current wording, of which the memo keeps a copy."""
    if Memo.objects.filter(year=year).exists():
        message = _("Det finns redan en tjänsteskrivelse för %(year)s.") % {"year": year}
        raise ValidationError(message)
    previous = Memo.objects.filter(year__lt=year).order_by("-year").first()
    wording = current_wording(year)
    memo = Memo(
        year=year,
        reporting_year=ReportingYear.objects.filter(year=year).first(),
        wording=wording.templates,
        date=date or timezone.localdate(),
        reference_name=user.full_name,
        reference_title=user.title,
        reference_email=user.email,
        updated_by=user,
        **drafting.default_texts(wording),
    )
    if previous is not None:
        # What rarely changes from one year to the next is carried over.
        memo.recipients = previous.recipients
        memo.assessment = previous.assessment or memo.assessment
    figures = memo_figures(year)
    _write_figures(memo, figures, wording)
    memo.full_clean()
    memo.save()
    memo.examples.set(suggested_examples(year))
    _write_examples(memo, figures, wording)
    memo.save(update_fields=["examples_text", "examples_generated_text"])

    # The decision planning starts from the organisation's decision path.
    MemoDecisionStep.objects.bulk_create(
        MemoDecisionStep(memo=memo, order=order, body=step.body)
        for order, step in enumerate(wording_organisation(memo.reporting_year).decision_steps, 1)
    )
    if previous is not None:
        MemoOfficial.objects.bulk_create(
            MemoOfficial(memo=memo, order=official.order, name=official.name, title=official.title)
            for official in previous.officials.all()
        )
    return memo


@transaction.atomic
def memo_refresh_figures(*, memo: Memo, user: User) -> Memo:
    """Rewrite the figure sections from the current data; hand-written texts stay as they are.

    The example paragraphs follow the data too, unless they were edited by hand."""
    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    figures = memo_figures(memo.year)
    wording = memo_wording(memo)
    _write_figures(memo, figures, wording)
    if not memo.examples_edited_by_hand:
        _write_examples(memo, figures, wording)
    memo.updated_by = user
    memo.revision += 1
    memo.save()
    return memo


@transaction.atomic
def memo_update(
    *,
    memo: Memo,
    user: User,
    revision: int,
    fields: dict,
    decision_steps: list[DecisionStepData],
    officials: list[OfficialData],
    examples: list[ProjectReport],
) -> Memo:
    """Save the development coordinator's edits; refused if someone saved in between."""
    locked = Memo.objects.select_for_update().get(pk=memo.pk)
    if locked.revision != revision:
        raise ValidationError(
            _(
                "Någon annan har sparat tjänsteskrivelsen sedan du öppnade den. "
                "Ladda om sidan och gör ändringarna igen."
            ),
            code="stale",
        )
    examples_before = set(locked.examples.values_list("pk", flat=True))
    first_step_before = next(iter(locked.steps.all()), None)
    for name, value in fields.items():
        setattr(locked, name, value)
    if "decision_basis" in fields:
        # The default text names the first decision step's meeting date ("KSAU 240422").
        locked.decision_basis = drafting.follow_decision_basis(
            locked.decision_basis,
            memo_wording(locked),
            first_step_before.date if first_step_before else None,
            decision_steps[0].date if decision_steps else None,
        )
    locked.updated_by = user
    locked.revision += 1
    locked.full_clean()
    locked.save()
    locked.steps.all().delete()
    MemoDecisionStep.objects.bulk_create(
        MemoDecisionStep(memo=locked, order=order, body=step.body, date=step.date)
        for order, step in enumerate(decision_steps, start=1)
    )
    locked.officials.all().delete()
    MemoOfficial.objects.bulk_create(
        MemoOfficial(memo=locked, order=order, name=official.name, title=official.title)
        for order, official in enumerate(officials, start=1)
    )
    locked.examples.set(examples)
    if {report.pk for report in examples} != examples_before and not locked.examples_edited_by_hand:
        # Another choice of examples: their paragraphs follow, unless written by hand.
        _write_examples(locked, memo_figures(locked.year), memo_wording(locked))
        locked.save(update_fields=["examples_text", "examples_generated_text"])
    return locked


def memo_compares_years(memo: Memo) -> bool:
    """Whether the memo's figure texts compare the year with the previous one: not when they
    were written while some administration was still not approved (``draft_figure_texts``)."""
    drafted = (memo.figures_snapshot or {}).get("basis")
    return drafted is None or YearBasis(year=memo.year, **drafted).complete


def memo_stated_figures(memo: Memo, figures: YearFigures) -> list[StatedFigure]:
    """Every figure the memo's figure sections state, from ``figures`` (no query)."""
    return stated_figures(figures, compare=memo_compares_years(memo))


@transaction.atomic
def memo_refresh_wording(*, memo: Memo, user: User) -> Memo:
    """Take the organisation's current wording into an open year's memo: the headings and the
    figure sections follow it, and so does every hand-written text still as the old wording
    wrote it; a text edited by hand stays. A closed year's memo keeps its wording."""
    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    if memo.reporting_year is None or not memo.reporting_year.is_open:
        raise ValidationError(
            _("Året är stängt: tjänsteskrivelsen behåller formuleringarna den skrevs med."),
            code="year_closed",
        )
    before = memo_wording(memo)
    after = Wording.build(current_templates(), wording_organisation(memo.reporting_year), memo.year)
    first_step = memo.steps.first()
    meeting = first_step.date if first_step is not None else None
    for key in wording_catalogue.DRAFT_TEXTS:
        if key == "decision_basis":
            old, new = (drafting.decision_basis_text(w, meeting) for w in (before, after))
        else:
            old, new = before.text(key), after.text(key)
        if getattr(memo, key).strip() == old.strip():
            setattr(memo, key, new)
    examples_by_hand = memo.examples_edited_by_hand
    memo.wording = after.templates
    figures = memo_figures(memo.year)
    _write_figures(memo, figures, after)
    if not examples_by_hand:
        _write_examples(memo, figures, after)
    memo.updated_by = user
    memo.revision += 1
    memo.full_clean()
    memo.save()
    return memo


def memo_wording_check(templates: dict[str, str]) -> dict[str, ValidationError]:
    """The templates that their text cannot fill, by key, each with the refusal for its field
    (codes ``unknown_placeholder``, ``unpaired_brace``, ``unknown_form``)."""
    errors = {}
    for key, template in templates.items():
        entry = wording_catalogue.ENTRIES.get(key)
        if entry is None:
            continue
        try:
            check_template(template, entry.allowed)
        except ValidationError as error:
            errors[key] = error
    return errors


@transaction.atomic
def memo_wording_save(*, templates: dict[str, str], user: User | None) -> MemoWording:
    """Save the organisation's current wording (with its history); refused, per field, while
    a template uses a placeholder its text cannot fill. Memos already drafted keep their copy."""
    errors = memo_wording_check(templates)
    if errors:
        raise ValidationError(errors)
    row = MemoWording.objects.select_for_update().first() or MemoWording()
    row.templates = {
        key: templates.get(key, template) for key, template in current_templates().items()
    }
    row.updated_by = user
    row._history_user = user
    row.full_clean()
    row.save()
    return row


def memo_wording_preview(*, templates: dict[str, str], year: int) -> tuple[Memo, Wording]:
    """An unsaved memo of ``year`` drafted in ``templates`` from the year's figures, as a new
    draft would come out (nothing is written); the wording records each template's figures."""
    reporting_year = ReportingYear.objects.filter(year=year).first()
    wording = Wording.build(templates, wording_organisation(reporting_year), year, seen={})
    memo = Memo(year=year, reporting_year=reporting_year, wording=wording.templates)
    with translation.override(MEMO_LANGUAGE):
        for key, value in drafting.default_texts(wording).items():
            setattr(memo, key, value)
        figures = memo_figures(year)
        texts = drafting.draft_figure_texts(
            figures, programme_short_names(year), year_basis(year), wording
        )
        for key, value in texts.as_dict().items():
            setattr(memo, key, value)
        memo.examples_text = memo_examples.examples_text(
            figures.examples, memo_sources(year), wording
        )
    return memo, wording
