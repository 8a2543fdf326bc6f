"""Writes of the reporting app: drafting, editing, refreshing and publishing the council memo."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import FundingProgramme, ProjectReport, User
from reporting import memo as drafting
from reporting.models import Memo, MemoDecisionStep, MemoOfficial, MemoRender, PublishedMemo
from reporting.selectors import (
    YearBasis,
    YearFigures,
    memo_sources,
    year_basis,
    year_figures,
)
from reporting.selectors.rows import StatedFigure, stated_figures


@dataclass(frozen=True)
class DecisionStepData:
    body: str
    date: datetime.date | None = None


@dataclass(frozen=True)
class OfficialData:
    name: str
    title: str = ""


MEMO_LANGUAGE = "sv"


def memo_figures(year: int) -> YearFigures:
    """The year's figures for the memo: labels (roles, fund families, "no goal") in Swedish,
    the memo's language, whatever language the person drafting or publishing uses."""
    with translation.override(MEMO_LANGUAGE):
        return year_figures(year)


def memo_figures_changed(memo: Memo, figures: YearFigures | None = None) -> bool:
    """Whether the figures differ from those the memo's texts were written from.

    Compared in Swedish, like the snapshot: labels in the snapshot (roles, fund families) are
    translated, so figures built in another language would always look changed. ``figures``
    already built for the page are reused when they are Swedish."""
    if figures is None or translation.get_language() != MEMO_LANGUAGE:
        figures = memo_figures(memo.year)
    return memo.figures_changed(drafting.figures_hash(figures))


def programme_short_names() -> dict[str, str]:
    return {
        name: short or name
        for name, short in FundingProgramme.objects.values_list("name", "short_name")
    }


def suggested_examples(year: int):
    """Project reports of the year that their administration suggested as examples."""
    return (
        ProjectReport.objects.for_year(year)
        .filter(suggested_as_example=True)
        .select_related("programme", "submission__administration")
        .order_by("submission__administration__name", "name", "pk")
    )


def _example_figures(figures: YearFigures, reports) -> list:
    """The selector's example rows for the chosen reports, in the figures' order."""
    chosen = {(r.submission.administration.name, r.name) for r in reports}
    return [e for e in figures.examples if (e.administration, e.project) in chosen]


def _write_figures(memo: Memo, figures: YearFigures) -> None:
    snapshot = drafting.figures_snapshot(figures)
    basis = year_basis(memo.year)
    texts = drafting.draft_figure_texts(figures, programme_short_names(), basis)
    for field, value in texts.as_dict().items():
        setattr(memo, field, value)
    # The hash covers the figures alone (as before); the basis is kept beside them so the
    # editor can tell when the texts were written from fewer approved administrations.
    memo.figures_hash = drafting.snapshot_hash(snapshot)
    memo.figures_snapshot = {**snapshot, "basis": basis.as_dict()}
    memo.figures_drafted_at = timezone.now()


def _write_examples(memo: Memo, figures: YearFigures) -> None:
    reports = list(memo.examples.select_related("project", "submission__administration"))
    text = drafting.examples_text(_example_figures(figures, reports), memo_sources(memo.year))
    memo.examples_text = text
    memo.examples_generated_text = text


@transaction.atomic
def memo_create_draft(*, year: int, user: User, date: datetime.date | None = None) -> Memo:
    """Create the year's memo with every section written from the figures (one click)."""
    if Memo.objects.filter(year=year).exists():
        message = _("Det finns redan en tjänsteskrivelse för %(year)s.") % {"year": year}
        raise ValidationError(message)
    previous = Memo.objects.filter(year__lt=year).order_by("-year").first()
    memo = Memo(
        year=year,
        date=date or timezone.localdate(),
        reference_name=user.full_name,
        reference_title=user.title,
        reference_email=user.email,
        updated_by=user,
        **drafting.default_texts(year),
    )
    if previous is not None:
        # What rarely changes from one year to the next is carried over.
        memo.recipients = previous.recipients
        memo.assessment = previous.assessment or memo.assessment
    figures = memo_figures(year)
    _write_figures(memo, figures)
    memo.full_clean()
    memo.save()
    memo.examples.set(suggested_examples(year))
    _write_examples(memo, figures)
    memo.save(update_fields=["examples_text", "examples_generated_text"])

    MemoDecisionStep.objects.bulk_create(
        MemoDecisionStep(memo=memo, order=order, body=body)
        for order, body in enumerate(drafting.DEFAULT_DECISION_BODIES, start=1)
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
    _write_figures(memo, figures)
    if not memo.examples_edited_by_hand:
        _write_examples(memo, figures)
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
            )
        )
    examples_before = set(locked.examples.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(locked, name, value)
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
        _write_examples(locked, memo_figures(locked.year))
        locked.save(update_fields=["examples_text", "examples_generated_text"])
    return locked


def memo_publish_problems(memo: Memo) -> list[str]:
    """What is missing before the memo can be published, in Swedish; empty when nothing is.

    The one check behind publishing: ``memo_publish`` refuses while it finds anything, and the
    edit, year and confirmation pages list the same problems."""
    problems = []
    if not memo.case_number.strip():
        problems.append(_("Diarienummer saknas."))
    if memo.date is None:
        problems.append(_("Datum för tjänsteskrivelsen saknas."))
    if not memo.reference_name.strip():
        problems.append(_("Namn under Vår referens saknas."))
    steps = list(memo.steps.all())
    if not steps:
        problems.append(_("Beslutsplanering saknas: ange minst en instans med datum."))
    for number, step in enumerate(steps, start=1):
        if not step.body.strip():
            problems.append(
                _("Beslutsplanering, rad %(number)s: instans saknas.") % {"number": number}
            )
        if step.date is None:
            problems.append(
                _("Beslutsplanering, rad %(number)s (%(body)s): datum saknas.")
                % {"number": number, "body": step.body}
            )
    if not any(official.name.strip() for official in memo.officials.all()):
        problems.append(_("Ansvariga saknas: ange minst en ansvarig tjänsteperson."))
    return problems


def memo_publish_check(memo: Memo, figures: YearFigures) -> None:
    """Refuse what cannot be published: missing parts, or figures changed since the draft.

    Checked when publishing is asked for and again when the worker publishes."""
    problems = memo_publish_problems(memo)
    if problems:
        raise ValidationError(problems)
    if memo_figures_changed(memo, figures):
        raise ValidationError(
            _(
                "Siffrorna har ändrats sedan utkastet skrevs. Uppdatera siffrorna och läs igenom "
                "texterna innan du publicerar."
            )
        )


def memo_compares_years(memo: Memo) -> bool:
    """Whether the memo's figure texts compare the year with the previous one: not when they
    were written while some administration was still not approved (``draft_figure_texts``)."""
    drafted = (memo.figures_snapshot or {}).get("basis")
    return drafted is None or YearBasis(year=memo.year, **drafted).complete


def memo_stated_figures(memo: Memo, figures: YearFigures) -> list[StatedFigure]:
    """Every figure the memo's figure sections state, from ``figures`` (no query)."""
    return stated_figures(figures, compare=memo_compares_years(memo))


def memo_rows_file(memo: Memo, figures: YearFigures, *, published: PublishedMemo) -> bytes:
    """The rows behind every figure the text states, as a workbook in the memo's language."""
    from reporting.exports_rows import memo_rows_workbook

    with translation.override(MEMO_LANGUAGE):
        entries = [(stated, stated.rows()) for stated in memo_stated_figures(memo, figures)]
        about = _(
            "Underlag till version %(version)s, publicerad %(date)s. Raderna bakom varje siffra "
            "i texten; PDF:ens SHA-256: %(sha256)s."
        ) % {
            "version": published.version,
            "date": timezone.localtime(published.published_at).strftime("%Y-%m-%d %H:%M"),
            "sha256": published.sha256,
        }
        return memo_rows_workbook(entries, title=published.title, published=about)


@transaction.atomic
def memo_publish(*, memo: Memo, user: User, revision: int | None = None) -> PublishedMemo:
    """Render the memo's PDF, Word file and rows workbook from the same memo and figures and
    store them as the next version, never to change again.

    ``revision``: the memo as it was when publishing was asked for; refused if saved since."""
    # memo_docx imports this module (for ``memo_figures``).
    from reporting.memo_docx import memo_docx
    from reporting.pdf import memo_pdf

    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    if revision is not None and memo.revision != revision:
        raise ValidationError(
            _(
                "Tjänsteskrivelsen har ändrats sedan du bad om att publicera den. Läs igenom "
                "den och publicera igen."
            )
        )
    figures = memo_figures(memo.year)
    memo_publish_check(memo, figures)
    data = memo_pdf(figures, memo)
    last = PublishedMemo.objects.filter(year=memo.year).aggregate(n=Max("version"))["n"] or 0
    published = PublishedMemo(
        memo=memo,
        year=memo.year,
        version=last + 1,
        pdf=data,
        size=len(data),
        sha256=PublishedMemo.checksum(data),
        title=memo.title,
        case_number=memo.case_number,
        published_by=user,
        published_by_name=user.get_full_name(),
    )
    # Written after the PDF, from the same memo and figures: its properties name this version
    # and the PDF's SHA-256, and it can be downloaded whatever happens to the memo later.
    docx = memo_docx(figures, memo, published=published)
    published.docx = docx
    published.docx_sha256 = PublishedMemo.checksum(docx)
    # The rows behind each figure of the text, read in this transaction from the same data
    # the figures were computed from, so that each sheet sums to the figure the PDF states.
    rows = memo_rows_file(memo, figures, published=published)
    published.rows = rows
    published.rows_sha256 = PublishedMemo.checksum(rows)
    published.full_clean()
    published.save()
    return published


# --- Files made by the background worker (reporting/tasks.py) ------------------------------


def memo_render_key(memo: Memo, figures: YearFigures | None = None) -> tuple[str, str]:
    """The key a draft file is kept under (memo revision and figures), and the figures' hash."""
    if figures is None:
        figures = memo_figures(memo.year)
    current = drafting.figures_hash(figures)
    return MemoRender.key_for(memo, current), current


def _enqueue(render: MemoRender) -> MemoRender:
    # The task module imports this one.
    from reporting import tasks

    task = tasks.publish_memo if render.kind == MemoRender.Kind.PUBLISH else tasks.render_memo
    # With the database backend the task row is written in this transaction: the worker sees
    # it together with the request. The immediate backend runs it here and now.
    task.enqueue(render.pk)
    render.refresh_from_db(fields=["status", "error", "finished_at", "size", "published"])
    return render


@transaction.atomic
def memo_render_request(*, memo: Memo, kind: str, user: User, retry: bool = False) -> MemoRender:
    """The draft file for the memo as it is now: the one already made or being made, or a new
    request to the worker. ``retry`` asks again for a file that failed or got lost."""
    if kind not in (MemoRender.Kind.PDF, MemoRender.Kind.DOCX):
        raise ValueError(kind)
    memo = Memo.objects.get(pk=memo.pk)
    key, current = memo_render_key(memo)
    render, created = (
        MemoRender.objects.defer("data")
        .select_for_update()
        .get_or_create(
            memo=memo,
            kind=kind,
            key=key,
            defaults={"revision": memo.revision, "figures_hash": current, "requested_by": user},
        )
    )
    if created:
        return _enqueue(render)
    if retry and render.can_retry:
        render.status = MemoRender.Status.PENDING
        render.error = ""
        render.requested_at = timezone.now()
        render.requested_by = user
        render.save(update_fields=["status", "error", "requested_at", "requested_by"])
        return _enqueue(render)
    return render


def memo_render_run(*, render_id: int) -> MemoRender | None:
    """Make the draft file of a request (in the worker) and store it.

    Not one transaction: rendering takes seconds and must not hold the database meanwhile."""
    from reporting.memo_docx import memo_docx
    from reporting.pdf import memo_pdf

    render = MemoRender.objects.defer("data").select_related("memo").filter(pk=render_id).first()
    if render is None or render.status != MemoRender.Status.PENDING:
        return render  # pruned, or made by an earlier run
    memo = render.memo
    figures = memo_figures(memo.year)
    if memo_render_key(memo, figures)[0] != render.key:
        return memo_render_fail(
            render_id=render.pk,
            error=_("Utkastet ändrades innan filen hann skapas. Be om filen igen."),
        )
    renderer = memo_pdf if render.kind == MemoRender.Kind.PDF else memo_docx
    data = renderer(figures, memo)
    return _memo_render_finish(render_id=render.pk, data=data)


@transaction.atomic
def _memo_render_finish(*, render_id: int, data: bytes) -> MemoRender | None:
    render = MemoRender.objects.select_for_update().defer("data").filter(pk=render_id).first()
    if render is None:
        return None
    render.status = MemoRender.Status.DONE
    render.data = data
    render.size = len(data)
    render.error = ""
    render.finished_at = timezone.now()
    render.save(update_fields=["status", "data", "size", "error", "finished_at"])
    memo_renders_prune(memo=render.memo, kind=render.kind)
    return render


@transaction.atomic
def memo_render_fail(*, render_id: int, error: str) -> MemoRender | None:
    """Mark a request as failed with a message for the page; it can be asked for again."""
    render = MemoRender.objects.select_for_update().defer("data").filter(pk=render_id).first()
    if render is None or render.status == MemoRender.Status.DONE:
        return render
    render.status = MemoRender.Status.FAILED
    render.error = error
    render.finished_at = timezone.now()
    render.save(update_fields=["status", "error", "finished_at"])
    return render


def memo_renders_prune(*, memo: Memo, kind: str) -> int:
    """Remove all but the latest few finished files of one kind (requests waiting stay)."""
    finished = MemoRender.objects.filter(memo=memo, kind=kind).exclude(
        status=MemoRender.Status.PENDING
    )
    keep = finished.order_by("-requested_at", "-pk").values_list("pk", flat=True)[
        : MemoRender.KEEP_PER_KIND
    ]
    deleted, _rows = finished.exclude(pk__in=list(keep)).delete()
    return deleted


@transaction.atomic
def memo_publish_request(*, memo: Memo, user: User) -> MemoRender:
    """Ask the worker to publish the memo as it is now, after the checks publishing makes.

    A request already waiting is returned rather than doubled; one lost with a stopped worker
    is given up so that a new one can be made."""
    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    figures = memo_figures(memo.year)
    memo_publish_check(memo, figures)
    waiting = (
        MemoRender.objects.select_for_update()
        .filter(memo=memo, kind=MemoRender.Kind.PUBLISH, status=MemoRender.Status.PENDING)
        .first()
    )
    if waiting is not None:
        if not waiting.is_stale:
            return waiting
        memo_render_fail(
            render_id=waiting.pk,
            error=_("Publiceringen blev aldrig klar. Den har fått göras om."),
        )
    key, current = memo_render_key(memo, figures)
    request = MemoRender.objects.create(
        memo=memo,
        kind=MemoRender.Kind.PUBLISH,
        key=key,
        revision=memo.revision,
        figures_hash=current,
        requested_by=user,
    )
    memo_renders_prune(memo=memo, kind=MemoRender.Kind.PUBLISH)
    return _enqueue(request)


def memo_publish_run(*, render_id: int) -> MemoRender | None:
    """Publish the memo for a waiting request (in the worker), checking everything again."""
    request = (
        MemoRender.objects.select_related("memo", "requested_by")
        .filter(pk=render_id, kind=MemoRender.Kind.PUBLISH)
        .first()
    )
    if request is None or request.status != MemoRender.Status.PENDING:
        return request
    if request.requested_by is None:
        return memo_render_fail(
            render_id=request.pk, error=_("Den som bad om publiceringen finns inte längre.")
        )
    try:
        published = memo_publish(
            memo=request.memo, user=request.requested_by, revision=request.revision
        )
    except ValidationError as error:
        return memo_render_fail(render_id=request.pk, error=" ".join(error.messages))
    return _memo_publish_finish(render_id=request.pk, published=published)


@transaction.atomic
def _memo_publish_finish(*, render_id: int, published: PublishedMemo) -> MemoRender:
    request = MemoRender.objects.select_for_update().get(pk=render_id)
    request.status = MemoRender.Status.DONE
    request.published = published
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "published", "finished_at"])
    return request
