"""Drafting the council memo from the figures, in the structure and style of the 2023 memo.

Pure functions: figures in, section texts out. The texts use a small plain-text markup that the
development coordinator edits in the browser: paragraphs are separated by a blank line, a block
whose lines all start with "- " is a bulleted list, "1. " a numbered list; other line breaks are
kept. ``render_text`` turns it into HTML for the preview and the PDF. Every fixed sentence and
heading is a template of ``reporting.memo.wording_catalogue``, said through a ``Wording``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reporting import formatting as fmt
from reporting.memo import wording_catalogue as catalogue
from reporting.memo.wording_catalogue import Wording
from reporting.selectors import (
    YearBasis,
    YearFigures,
    figures_as_dict,
)

MEMO_LANGUAGE = catalogue.MEMO_LANGUAGE
TEN_MILLION = Decimal(10_000_000)

# Sections in the memo's order; their headings are templates of the wording catalogue
# (``heading_<key>``), the figure sections' with the year in them.
SECTION_KEYS = (
    "summary",
    "proposed_decision",
    "decision_basis",
    "decision_planning",
    "recipients",
    "matter",
    "international",
    "payouts_by_administration",
    "payouts_by_goal",
    "examples",
    "assessment",
    "officials",
)


def default_texts(wording: Wording) -> dict[str, str]:
    """The hand-written sections of a new memo before the development coordinator edits them."""
    return {
        key: decision_basis_text(wording) if key == "decision_basis" else wording.text(key)
        for key in catalogue.DRAFT_TEXTS
    }


def decision_basis_text(wording: Wording, meeting: datetime.date | None = None) -> str:
    """The default decision basis, with the first decision step's meeting date when it has one:
    "- G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023"."""
    return wording.text("decision_basis", sammanträde=f" {meeting:%y%m%d}" if meeting else "")


def follow_decision_basis(
    text: str,
    wording: Wording,
    before: datetime.date | None,
    after: datetime.date | None,
) -> str:
    """The decision basis after the first decision step's date went from ``before`` to
    ``after``: the default text follows the date; a text written by hand stays as it is."""
    if text.strip() == decision_basis_text(wording, before).strip():
        return decision_basis_text(wording, after)
    return text


def section_headings(wording: Wording) -> list[tuple[str, str]]:
    return [(key, wording.text(f"heading_{key}")) for key in SECTION_KEYS]


# --- figures fingerprint -------------------------------------------------------------------


def figures_snapshot(figures: YearFigures) -> dict:
    """The figures as the memo keeps them: labels (roles, fund families, "no goal") in the
    memo's language, whatever language the person drafting or publishing uses."""
    with translation.override(MEMO_LANGUAGE):
        return figures_as_dict(figures)


def snapshot_hash(snapshot: dict) -> str:
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def figures_hash(figures: YearFigures) -> str:
    return snapshot_hash(figures_snapshot(figures))


# --- language helpers ----------------------------------------------------------------------


def join_words(items: Sequence[str], last: str = "och") -> str:
    items = [item for item in items if item]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def project_word(programme_short_name: str) -> str:
    """ "Erasmus+projekt", "Horisont 2020-projekt" (no hyphen after a plus sign)."""
    return (
        f"{programme_short_name}projekt"
        if programme_short_name.endswith("+")
        else (f"{programme_short_name}-projekt")
    )


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def group_interreg(names: list[str]) -> list[str]:
    """Interreg programmes named together: "Interreg (Öresund-Kattegatt-Skagerrak respektive
    Nordsjöprogrammet)", at the place of the first one."""
    interreg = [name for name in names if name.startswith("Interreg ")]
    if len(interreg) < 2:
        return names
    parts = [name.removeprefix("Interreg ") for name in interreg]
    grouped = f"Interreg ({join_words(parts, 'respektive')})"
    result, placed = [], False
    for name in names:
        if name in interreg:
            if not placed:
                result.append(grouped)
                placed = True
            continue
        result.append(name)
    return result


# --- figure sections -----------------------------------------------------------------------


@dataclass(frozen=True)
class FigureTexts:
    projects_text: str
    payouts_by_administration_text: str
    payouts_by_goal_text: str

    def as_dict(self) -> dict[str, str]:
        return {
            "projects_text": self.projects_text,
            "payouts_by_administration_text": self.payouts_by_administration_text,
            "payouts_by_goal_text": self.payouts_by_goal_text,
        }


def draft_figure_texts(
    figures: YearFigures,
    short_names: dict[str, str],
    basis: YearBasis | None = None,
    wording: Wording | None = None,
) -> FigureTexts:
    """The three figure sections; ``short_names`` maps programme names to their short names.

    While ``basis`` says that not every administration is approved, no sentence compares the
    year with the previous one: part of a year against a whole year reads as a change that is
    not one (see docs/memo.md); and the section opens by saying on how many administrations
    the report rests (``basis_sentence``)."""
    compare = basis is None or basis.complete
    wording = wording or Wording.build(None, None, figures.year)
    projects = projects_text(figures, short_names, compare=compare, wording=wording)
    if not compare:
        # The memo says itself on what it rests, so that it never reads as the whole city's.
        projects = f"{basis_sentence(basis, wording=wording)}\n\n{projects}"
    return FigureTexts(
        projects_text=projects,
        payouts_by_administration_text=payouts_by_administration_text(
            figures, compare=compare, wording=wording
        ),
        payouts_by_goal_text=payouts_by_goal_text(figures, wording=wording),
    )


def basis_sentence(basis: YearBasis, *, wording: Wording | None = None) -> str:
    """ "Redovisningen bygger på uppgifter från 11 av 13 förvaltningar." """
    wording = wording or Wording.build(None, None, basis.year)
    return wording.text(
        "basis_one" if basis.expected == 1 else "basis",
        godkända=basis.approved,
        antal_förvaltningar=basis.expected,
    )


def projects_text(
    figures: YearFigures,
    short_names: dict[str, str],
    *,
    compare: bool = True,
    wording: Wording | None = None,
) -> str:
    wording = wording or Wording.build(None, None, figures.year)
    previous = figures.previous_year if compare else None
    if previous is None:
        first = wording.text("projects_intro")
    elif figures.projects_total > previous.projects_total:
        first = wording.text("projects_intro_increase")
    elif figures.projects_total < previous.projects_total:
        first = wording.text("projects_intro_decrease")
    else:
        first = wording.text("projects_intro_same")
    if figures.projects_total == 0:
        counts = wording.text("projects_count_none")
    else:
        counts = wording.text(
            "projects_count",
            antal_projekt=figures.projects_total,
            antal_projektägare=figures.projects_owner,
            antal_projektpartner=figures.projects_partner,
        )
    paragraph = f"{first} {counts}"
    if previous is not None:
        paragraph += " " + wording.text(
            "projects_previous", föregående_antal_projekt=previous.projects_total
        )
    blocks = [paragraph]

    low, high = figures.budget_range.min, figures.budget_range.max
    if low is not None and high is not None:
        low_name = short_names.get(low.programme, low.programme)
        high_name = short_names.get(high.programme, high.programme)
        if low.amount_sek == high.amount_sek:
            budget = wording.text(
                "projects_budget_same",
                budget=fmt.sek_plain(low.amount_sek),
                projekttyp=project_word(low_name),
            )
        else:
            budget = wording.text(
                "projects_budget_range",
                lägsta_budget=fmt.sek_plain(low.amount_sek),
                lägsta_projekttyp=project_word(low_name),
                högsta_budget=fmt.sek_plain(high.amount_sek),
                högsta_projekttyp=project_word(high_name),
            )
        blocks.append(f"{budget} {wording.text('projects_list_intro')}")
        blocks.append(
            bullet_list(
                wording.text("projects_list_row", förvaltning=row.administration, antal=row.total)
                for row in figures.projects_by_administration
            )
        )
    return "\n\n".join(blocks)


def total_amount_text(amount: Decimal, *, about: str, unit: str = "kronor") -> str:
    if amount >= TEN_MILLION:
        return fmt.sek_millions(amount, about=about, unit=unit)
    return fmt.sek_about(amount, about=about, unit=unit or "kronor")


def payouts_by_administration_text(
    figures: YearFigures, *, compare: bool = True, wording: Wording | None = None
) -> str:
    wording = wording or Wording.build(None, None, figures.year)
    previous = figures.previous_year if compare else None
    blocks = [
        wording.text(
            "payouts_total",
            utbetalt=total_amount_text(figures.payouts_total_sek, about="cirka"),
        )
    ]
    if previous is not None:
        blocks.append(
            wording.text(
                "payouts_previous",
                föregående_utbetalt=total_amount_text(
                    previous.payouts_total_sek, about="ca", unit=""
                ),
            )
        )
    programme_paragraph = programmes_sentence(figures, wording=wording)
    cofinancing = cofinancing_sentence(figures, wording=wording)
    if programme_paragraph or cofinancing:
        blocks.append(" ".join(part for part in (programme_paragraph, cofinancing) if part))
    if figures.payouts_by_administration:
        blocks.append(
            bullet_list(
                wording.text(
                    "payouts_list_row",
                    förvaltning=row.administration,
                    belopp=fmt.sek_about(row.amount_sek),
                )
                for row in figures.payouts_by_administration
            )
        )
    return "\n\n".join(blocks)


def programmes_sentence(figures: YearFigures, *, wording: Wording | None = None) -> str:
    wording = wording or Wording.build(None, None, figures.year)
    names = [row.programme for row in figures.payouts_by_programme if row.amount_sek > 0]
    if not names:
        return ""
    first, rest = names[:3], group_interreg(names[3:])
    sentence = wording.text("payouts_programmes", program=join_words(first))
    if rest:
        sentence += " " + wording.text(
            "payouts_more_programmes", fler_program=join_words(rest, "samt")
        )
    return sentence


def cofinancing_sentence(figures: YearFigures, *, wording: Wording | None = None) -> str:
    wording = wording or Wording.build(None, None, figures.year)
    ranges = figures.cofinancing_by_fund_family
    if not ranges:
        return ""
    structural = next((r for r in ranges if r.fund_family == "structural"), None)
    others = "; ".join(
        f"{r.label} {fmt.percent_range(r.min_rate, r.max_rate)}"
        for r in ranges
        if r.fund_family != "structural"
    )
    if structural is not None:
        key = (
            "cofinancing_same"
            if structural.min_rate == structural.max_rate
            else ("cofinancing_range")
        )
        if others:
            key += "_others"
        sentence = wording.text(
            key,
            andelar=fmt.percent_range(structural.min_rate, structural.max_rate),
            andra_program=others,
        )
    else:
        sentence = wording.text("cofinancing_others_only", andra_program=others)
    return f"{sentence} {wording.text('cofinancing_rest')}"


def payouts_by_goal_text(figures: YearFigures, *, wording: Wording | None = None) -> str:
    wording = wording or Wording.build(None, None, figures.year)
    if not figures.payouts_by_council_goal:
        return wording.text("payouts_none")
    return bullet_list(
        wording.text("payouts_goal_row", mål=row.label, belopp=fmt.sek_exact(row.amount_sek))
        for row in figures.payouts_by_council_goal
    )


# --- rendering -----------------------------------------------------------------------------

BULLET = re.compile(r"^[-–•]\s+")
NUMBERED = re.compile(r"^\d+[.)]\s+")


def split_blocks(text: str) -> list[str]:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return [block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()]


def render_text(text: str) -> SafeString:
    """The memo's plain-text markup as HTML (always escaped)."""
    html = []
    for block in split_blocks(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(BULLET.match(line) for line in lines):
            items = "".join(f"<li>{escape(BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        elif all(NUMBERED.match(line) for line in lines):
            items = "".join(f"<li>{escape(NUMBERED.sub('', line))}</li>" for line in lines)
            html.append(f"<ol>{items}</ol>")
        else:
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of text above is escaped
