"""The council memo as an accessible PDF (WeasyPrint), laid out like a Swedish tjänsteskrivelse.

``memo_pdf(figures, memo) -> bytes`` is a pure export: no HTTP, no writes. While rendering, only
the project's own static files (stylesheet, fonts) and the letterhead's logo (from memory, see
``letterhead.py``) can be read; every other URL is refused.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from projects.organisation import OrganisationFacts
from projects.selectors import organisation_letterhead
from reporting import formatting as fmt
from reporting.memo import drafting
from reporting.memo.letterhead import Letterhead, memo_letterhead
from reporting.memo.record import ACCESSIBLE_PDF_VARIANT, ARCHIVAL_PDF_VARIANT, RecordFacts
from reporting.memo.selectors import memo_wording
from reporting.memo.wording_catalogue import Wording
from reporting.memo.xmp import archival_metadata
from reporting.models import Memo
from reporting.selectors import YearFigures, year_statuses

# WeasyPrint reports every layout step at INFO level; management commands should stay quiet.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF_VARIANT = ACCESSIBLE_PDF_VARIANT
PRINT_TEMPLATE = "reporting/print/memo.html"
BODY_TEMPLATE = "reporting/print/memo_body.html"
# The council memo is always in Swedish, whatever the language of the person's pages.
MEMO_LANGUAGE = drafting.MEMO_LANGUAGE


def static_roots() -> list[Path]:
    return [Path(directory).resolve() for directory in settings.STATICFILES_DIRS]


class StaticFilesOnlyFetcher(URLFetcher):
    """Reads files from the project's static folders and the ``resources`` held in memory (URL
    -> bytes and type: the letterhead's logo); refuses every other URL (network, other files,
    data: URLs), so a text in the memo can never make the renderer fetch anything."""

    def __init__(
        self,
        roots: list[Path] | None = None,
        resources: dict[str, tuple[bytes, str]] | None = None,
    ):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.roots = roots if roots is not None else static_roots()
        self.resources = resources or {}

    def resolve(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Refused while rendering the memo: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"Refused while rendering the memo: {url}")
        return path

    def fetch(self, url, headers=None):
        if url in self.resources:
            body, mime_type = self.resources[url]
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})
        path = self.resolve(url)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".ttf":
            mime_type = "font/ttf"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime_type}
        )


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    html: SafeString


def memo_sections(memo: Memo, wording: Wording | None = None) -> list[Section]:
    """The text sections in the memo's order (planning and officials are laid out apart), with
    the headings of the memo's wording."""
    wording = wording or memo_wording(memo)
    texts = {
        "summary": memo.summary,
        "proposed_decision": memo.proposed_decision,
        "decision_basis": memo.decision_basis,
        "recipients": memo.recipients,
        "matter": memo.matter,
        "international": "\n\n".join(
            part for part in (memo.international_intro, memo.projects_text) if part.strip()
        ),
        "payouts_by_administration": memo.payouts_by_administration_text,
        "payouts_by_goal": memo.payouts_by_goal_text,
        "examples": memo.examples_text,
        "assessment": memo.assessment,
        "decision_planning": "",
        "officials": "",
    }
    return [
        Section(key=key, heading=heading, html=drafting.render_text(texts[key]))
        for key, heading in drafting.section_headings(wording)
    ]


def document_context(
    memo: Memo,
    *,
    steps: list | None = None,
    officials: list | None = None,
    wording: Wording | None = None,
) -> dict:
    """What the memo body template needs; ``steps``/``officials`` (unsaved ``MemoDecisionStep``
    and ``MemoOfficial`` rows) override the stored rows (the live preview passes what is in the
    form)."""
    if steps is None:
        steps = list(memo.steps.all())
    if officials is None:
        officials = list(memo.officials.all())
    return {
        "memo": memo,
        "sections": memo_sections(memo, wording),
        "steps": steps,
        "officials": officials,
    }


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


def memo_charts(figures: YearFigures, *, colour: str) -> list[Chart]:
    """The figures page's charts (the same SVG drawing), for the appendix."""
    from reporting.figures import charts as reporting_charts

    if not figures.has_data:
        return []
    charts = [
        Chart(
            title=f"Utbetalda EU-medel {figures.year} fördelat på förvaltning",
            svg=reporting_charts.payouts_by_administration_chart(figures, colour=colour),
        ),
        Chart(
            title=f"Utbetalda EU-medel {figures.year} fördelat på kommunfullmäktigemål",
            svg=reporting_charts.payouts_by_council_goal_chart(figures, colour=colour),
        ),
    ]
    if len(figures.trend) > 1:
        # Years still open marked preliminary, years closed on part of the city incomplete.
        statuses = year_statuses(row.year for row in figures.trend)
        charts.append(
            Chart(
                title="Utbetalda EU-medel och antal EU-projekt per år",
                svg=reporting_charts.trend_chart(figures, statuses, colour=colour),
            )
        )
    return charts


def memo_organisation(memo: Memo) -> OrganisationFacts:
    """The organisation as the memo's year keeps it: a closed year's letterhead stays as it was."""
    return organisation_letterhead(memo.year)


# The project appendix lists at most this many projects: a council memo with thousands of rows
# helps no reader, makes the PDF megabytes and its rendering minutes, and every project is in
# the rows workbook ("underlag") published with the memo.
APPENDIX_MAX_PROJECTS = 200


def appendix_context(figures: YearFigures, organisation: OrganisationFacts) -> dict:
    total = figures.projects_total
    shown = min(total, APPENDIX_MAX_PROJECTS)
    return {
        "charts": memo_charts(figures, colour=organisation.colour_primary),
        "projects_total": total,
        # Said under the table when it does not list every project ("" when it does).
        "projects_note": ""
        if shown == total
        else _(
            "Tabellen visar de %(shown)s första av årets %(total)s projekt; summan gäller alla. "
            "Alla projekt finns i underlaget (Excel) till tjänsteskrivelsen."
        )
        % {"shown": shown, "total": total},
        "project_rows": [
            {
                "name": row.name,
                "acronym": row.acronym,
                "administration": row.administration,
                "programme": row.programme_short_name,
                "role": row.role_label,
                "budget": fmt.table_amount(row.total_budget_sek),
                "rate": fmt.percent(row.eu_cofinancing_rate),
                "payouts": fmt.table_amount(row.payouts_sek),
            }
            # A slice reads only these rows from the database.
            for row in figures.projects[:shown]
        ],
        "payouts_total": fmt.table_amount(figures.payouts_total_sek),
    }


def memo_html(figures: YearFigures, memo: Memo, letterhead: Letterhead | None = None) -> str:
    """The final HTML that WeasyPrint lays out, in Swedish whatever language is active (the
    figures' labels too: they are read while rendering)."""
    with translation.override(MEMO_LANGUAGE):
        letterhead = letterhead or memo_letterhead(memo)
        organisation = letterhead.organisation
        context = (
            document_context(memo)
            | appendix_context(figures, organisation)
            | {"figures": figures, "organisation": organisation, "letterhead": letterhead}
        )
        return render_to_string(PRINT_TEMPLATE, context)


def memo_body_html(
    memo: Memo,
    *,
    steps: list | None = None,
    officials: list | None = None,
    wording: Wording | None = None,
) -> str:
    """The memo body alone (the live preview), in Swedish like the PDF."""
    with translation.override(MEMO_LANGUAGE):
        return render_to_string(
            BODY_TEMPLATE,
            document_context(memo, steps=steps, officials=officials, wording=wording),
        )


def html_to_pdf(
    html: str, *, record: RecordFacts | None = None, letterhead: Letterhead | None = None
) -> bytes:
    """The PDF of ``html``: tagged PDF/UA-1 (a draft), or with ``record`` PDF/A-2a that also
    declares PDF/UA-1, with the record facts in its metadata (a published version);
    ``letterhead`` gives its logo and colours."""
    base_url = static_roots()[0].as_uri() + "/"
    fetcher = StaticFilesOnlyFetcher(resources=letterhead.resources if letterhead else None)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    stylesheets = [CSS(string=letterhead.stylesheet())] if letterhead else []
    if record is None:
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True, stylesheets=stylesheets)
    rendered = document.render(stylesheets=stylesheets)
    rendered.metadata = archival_metadata(rendered.metadata, record)
    return rendered.write_pdf(pdf_variant=ARCHIVAL_PDF_VARIANT, pdf_tags=True)


def memo_pdf(figures: YearFigures, memo: Memo, *, record: RecordFacts | None = None) -> bytes:
    """The memo as PDF bytes: tagged (PDF/UA-1), Swedish, fonts embedded from static/fonts.

    ``record``: the version being published, written as PDF/A-2a with its record facts."""
    with translation.override(MEMO_LANGUAGE):
        letterhead = memo_letterhead(memo)
    return html_to_pdf(memo_html(figures, memo, letterhead), record=record, letterhead=letterhead)
