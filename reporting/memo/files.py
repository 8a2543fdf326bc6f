"""Writes of the reporting app for the memo's files: the draft PDF and Word file made by the
background worker (reporting/tasks.py), and publishing a version, never to change again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects.models import Administration, Submission, User
from projects.selectors import year_data_version
from projects.services.versions import year_data_changed
from reporting.background_files import background_file_done, background_file_fail
from reporting.memo import drafting
from reporting.memo.checklist import memo_basis_changed
from reporting.memo.record import ARCHIVAL_PDF_VARIANT, record_facts
from reporting.memo.selectors import memo_publish_problems
from reporting.memo.services import (
    MEMO_LANGUAGE,
    memo_figures,
    memo_figures_changed,
    memo_stated_figures,
)
from reporting.models import Memo, MemoRender, PublishedMemo, PublishedMemoSubmission
from reporting.selectors import YearFigures, year_status


def memo_publish_check(
    memo: Memo, figures: YearFigures, *, incomplete_accepted: bool = False
) -> None:
    """Refuse what cannot be published: missing parts, figures changed since the draft, texts
    written on another basis than today's, or part of the city without the explicit choice
    (``incomplete_accepted``) to publish on it.

    Checked when publishing is asked for and again when the worker publishes."""
    problems = memo_publish_problems(memo)
    if problems:
        raise ValidationError(problems)
    if memo_figures_changed(memo, figures):
        raise ValidationError(
            _(
                "Siffrorna har ändrats sedan utkastet skrevs. Uppdatera siffrorna och läs igenom "
                "texterna innan du publicerar."
            ),
            code="figures_changed",
        )
    status = year_status(memo.year)
    if memo_basis_changed(memo, status):
        raise ValidationError(
            _(
                "Fler eller färre förvaltningar är godkända än när texterna skrevs. Uppdatera "
                "siffrorna och läs igenom texterna innan du publicerar."
            ),
            code="basis_changed",
        )
    if not status.complete and not incomplete_accepted:
        raise ValidationError(
            _(
                "Alla förvaltningar är inte godkända (%(approved)s av %(expected)s). Välj att "
                "publicera på ofullständigt underlag, eller vänta tills alla är godkända."
            )
            % {"approved": status.approved, "expected": status.expected},
            code="incomplete_basis",
        )


def memo_rows_file(memo: Memo, figures: YearFigures, *, published: PublishedMemo) -> bytes:
    """The rows behind every figure the text states, as a workbook in the memo's language."""
    from reporting.exports.rows import memo_rows_workbook

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
        # The year's figures and basis as the pages say them, as it is published.
        status = year_status(memo.year)
        about += f" {status.figures_label} · {status.basis_label}."
        return memo_rows_workbook(entries, title=published.title, published=about)


def memo_rows_file_part(published: PublishedMemo, *, administration: Administration) -> bytes:
    """A version's stored rows workbook with ``administration``'s rows only (a coordinator's
    download), whenever the version was published.

    Its rows are of the memo's year and the year before (the texts compare them); each names
    the administration as it was named that year, so the names it had in both are looked up
    (one query)."""
    from reporting.exports.rows import memo_rows_workbook_part

    names = dict(
        Submission.objects.filter(
            administration=administration,
            reporting_year__year__in=(published.year - 1, published.year),
        ).values_list("reporting_year__year", "administration_name")
    )
    with translation.override(MEMO_LANGUAGE):
        note = _(
            "Bara raderna för %(administration)s. Siffrorna i tjänsteskrivelsen gäller hela "
            "staden och står i PDF:en; bladen här har därför ingen summarad."
        ) % {"administration": names.get(published.year, administration.name)}
        return memo_rows_workbook_part(
            bytes(published.rows), administration_names=set(names.values()), note=note
        )


@transaction.atomic
def memo_publish(
    *,
    memo: Memo,
    user: User,
    revision: int | None = None,
    incomplete_accepted: bool = False,
) -> PublishedMemo:
    """Render the memo's PDF, Word file and rows workbook from the same memo and figures and
    store them as the next version, never to change again.

    ``revision``: the memo as it was when publishing was asked for; refused if saved since.
    ``incomplete_accepted``: publishing while not every administration is approved was chosen."""
    # memo_docx imports this module (for ``memo_figures``).
    from reporting.memo.docx import memo_docx
    from reporting.memo.pdf import memo_pdf

    memo = Memo.objects.select_for_update().get(pk=memo.pk)
    if revision is not None and memo.revision != revision:
        raise ValidationError(
            _(
                "Tjänsteskrivelsen har ändrats sedan du bad om att publicera den. Läs igenom "
                "den och publicera igen."
            )
        )
    figures = memo_figures(memo.year)
    memo_publish_check(memo, figures, incomplete_accepted=incomplete_accepted)
    last = PublishedMemo.objects.filter(year=memo.year).aggregate(n=Max("version"))["n"] or 0
    # An archival PDF (PDF/A-2a, tagged) whose metadata names the version it becomes.
    published_at = timezone.now()
    record = record_facts(memo, version=last + 1, published_at=published_at)
    data = memo_pdf(figures, memo, record=record)
    published = PublishedMemo.of_pdf(
        memo,
        data,
        version=last + 1,
        user=user,
        pdf_variant=ARCHIVAL_PDF_VARIANT,
        published_at=published_at,
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
    published.figures = drafting.figures_snapshot(figures)
    published.full_clean()
    published.save()
    _published_basis_record(published)
    # The year's status is now "published" (with this version): what is kept per data version
    # (the figures JSON, the workbook, the trend) states it, so it is computed anew.
    year_data_changed(years=[memo.year])
    return published


def _published_basis_record(published: PublishedMemo) -> None:
    """Keep which approved submissions the version was published from, as they stood (read in
    the publishing transaction, as the figures were)."""
    submissions = (
        Submission.objects.for_year(published.year)
        .counted()
        .order_by("administration_name", "pk")
        .values("pk", "version", "approved_at", "administration_name")
    )
    PublishedMemoSubmission.objects.bulk_create(
        PublishedMemoSubmission(
            published=published,
            submission_id=row["pk"],
            submission_version=row["version"],
            approved_at=row["approved_at"],
            administration_name=row["administration_name"],
        )
        for row in submissions
    )


def memo_render_key(memo: Memo) -> tuple[str, int]:
    """The key a draft file is kept under (memo revision and the year's data version), and the
    data version: two integers and a time compared, nothing computed (one query)."""
    current = year_data_version(memo.year)
    return MemoRender.key_for(memo, current), current


def memo_render_run(*, render_id: int) -> MemoRender | None:
    """Make the draft file of a request (in the worker) and store it.

    Not one transaction: rendering takes seconds and must not hold the database meanwhile."""
    from reporting.memo.docx import memo_docx
    from reporting.memo.pdf import memo_pdf

    render = MemoRender.objects.defer("data").select_related("memo").filter(pk=render_id).first()
    if render is None or render.status != MemoRender.Status.PENDING:
        return render  # pruned, or made by an earlier run
    memo = render.memo
    # The version before the figures: figures newer than the key are possible, older never.
    key = memo_render_key(memo)[0]
    figures = memo_figures(memo.year)
    if key != render.key:
        return memo_render_fail(
            render_id=render.pk,
            error=_("Utkastet ändrades innan filen hann skapas. Be om filen igen."),
        )
    renderer = memo_pdf if render.kind == MemoRender.Kind.PDF else memo_docx
    data = renderer(figures, memo)
    return _memo_render_finish(render_id=render.pk, data=data)


@transaction.atomic
def _memo_render_finish(*, render_id: int, data: bytes) -> MemoRender | None:
    render = background_file_done(MemoRender, render_id=render_id, data=data)
    if render is not None:
        memo_renders_prune(memo=render.memo, kind=render.kind)
    return render


def memo_render_fail(*, render_id: int, error: str) -> MemoRender | None:
    """Mark a request as failed with a message for the page; it can be asked for again."""
    return background_file_fail(MemoRender, render_id=render_id, error=error)


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
            memo=request.memo,
            user=request.requested_by,
            revision=request.revision,
            incomplete_accepted=request.incomplete_basis_accepted,
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
