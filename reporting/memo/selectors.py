"""The memo's reads: the memo index's rows, the year's memo and its next version, what is
missing before publishing, and the wording a memo is written in."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models import ReportingYear
from projects.organisation import OrganisationFacts
from projects.selectors import organisation_facts
from projects.selectors.history import history_changes
from reporting.memo.wording_catalogue import ENTRIES, MEMO_LANGUAGE, Wording, complete
from reporting.models import Memo, MemoWording, PublishedMemo


def memo_index_rows(*, with_drafts: bool) -> list[dict]:
    """Every reporting year, latest first, with its published versions (``published``: count,
    latest, version, title, or None) and a title: the draft's ``with_drafts`` (for the one who
    may edit it), else the latest published version's. Three queries, two without drafts."""
    drafts = (
        {memo.year: memo.title for memo in Memo.objects.only("year", "title")}
        if with_drafts
        else {}
    )
    latest_title = (
        PublishedMemo.objects.filter(year=OuterRef("year")).order_by("-version").values("title")[:1]
    )
    published = {
        row["year"]: row
        for row in PublishedMemo.objects.values("year")
        .annotate(
            count=Count("pk"),
            latest=Max("published_at"),
            version=Max("version"),
            title=Subquery(latest_title),
        )
        .order_by()
    }
    rows = []
    for year in ReportingYear.objects.order_by("-year").values_list("year", flat=True):
        year_published = published.get(year)
        published_title = year_published["title"] if year_published else None
        rows.append(
            {
                "year": year,
                "title": drafts.get(year) if with_drafts else published_title,
                "published": year_published,
            }
        )
    return rows


def year_memo(year: int) -> Memo | None:
    """The year's memo, or None while none is drafted."""
    return Memo.objects.filter(year=year).first()


def next_version(year: int) -> int:
    """The number the year's next published version gets."""
    last = PublishedMemo.objects.filter(year=year).aggregate(n=Max("version"))["n"]
    return (last or 0) + 1


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


def current_templates() -> dict[str, str]:
    """The organisation's current wording, every template (the default where none is kept)."""
    row = MemoWording.objects.first()
    return complete(row.templates if row is not None else None)


def current_wording(year: int) -> Wording:
    """The organisation's current wording with its values for ``year`` (a closed year's
    organisation as the year kept it)."""
    reporting_year = ReportingYear.objects.filter(year=year).first()
    return Wording.build(current_templates(), wording_organisation(reporting_year), year)


def memo_wording(memo: Memo) -> Wording:
    """The wording ``memo`` was drafted with (its copy), with the organisation's values as its
    year sees them: a closed year's memo keeps both."""
    return Wording.build(memo.wording, wording_organisation(memo.reporting_year), memo.year)


def wording_organisation(reporting_year: ReportingYear | None) -> OrganisationFacts:
    """The organisation's facts as the memo words them: in Swedish (the document type's label)
    whatever language the person drafting uses."""
    with translation.override(MEMO_LANGUAGE):
        return organisation_facts(reporting_year)


def memo_wording_changes(*, limit: int = 20) -> list[dict]:
    """The wording's latest changes, newest first: when, who, and which templates (their
    labels) changed."""

    def changed(record, older) -> list[str]:
        before, after = complete(older.templates), complete(record.templates)
        return [str(ENTRIES[key].label) for key in ENTRIES if before[key] != after[key]]

    return history_changes(MemoWording.history, changed, limit=limit)
