"""Drafting the council memo from the figures, in the structure and style of the 2023 memo.

Pure functions: figures in, section texts out. The texts use a small plain-text markup that the
development coordinator edits in the browser: paragraphs are separated by a blank line, a block
whose lines all start with "- " is a bulleted list, "1. " a numbered list; other line breaks are
kept. ``render_text`` turns it into HTML for the preview and the PDF.
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
from reporting.selectors import (
    YearBasis,
    YearFigures,
    figures_as_dict,
)

# The memo is written in Swedish, whatever language the person drafting it uses.
MEMO_LANGUAGE = "sv"
TEN_MILLION = Decimal(10_000_000)

# Sections in the memo's order: (key, heading). Figure sections carry the year in the heading.
SECTION_HEADINGS = (
    ("summary", "Sammanfattning"),
    ("proposed_decision", "Förslag till beslut"),
    ("decision_basis", "Beslutsunderlag"),
    ("decision_planning", "Beslutsplanering"),
    ("recipients", "Beslutet skickas till"),
    ("matter", "Ärendet"),
    ("international", "Förvaltningarnas internationella arbete"),
    ("payouts_by_administration", "Utbetalda EU-medel {year} fördelat på förvaltning"),
    ("payouts_by_goal", "Utbetalda EU-medel {year} fördelat på kommunfullmäktigemål"),
    ("examples", "Exempel från förvaltningarnas internationella arbete"),
    ("assessment", "Stadskontorets bedömning"),
    ("officials", "Ansvariga"),
)

DEFAULT_TITLE = "Redovisning av internationellt arbete {year}"
DEFAULT_SUMMARY = (
    "Malmö stads internationella arbete ställs varje år samman i en redovisning med hjälp av "
    "underlag som respektive förvaltning har i uppdrag att rapportera. Detta sker i enlighet med "
    "Policy för Malmö stads internationella arbete som är ett kommunövergripande styrdokument "
    "antagen av kommunfullmäktige 2016 (STK-2015-1008). Syftet med redovisningen är att "
    "tydliggöra nyttan med den internationella verksamheten i staden samt att ge en överblick "
    "över förvaltningarnas arbete med internationella projekt. Stadskontoret föreslår att "
    "redovisningen läggs till handlingarna."
)
DEFAULT_PROPOSED_DECISION = (
    "Kommunstyrelsen föreslår kommunfullmäktige besluta\n\n"
    "1. Kommunfullmäktige lägger den internationella redovisningen för {year} till handlingarna."
)
# The memo is named by the first decision step's meeting and its date code: "KSAU 240422".
DEFAULT_DECISION_BASIS = (
    "- G-Tjänsteskrivelse KSAU{meeting} Redovisning av internationellt arbete {year}"
)
DEFAULT_RECIPIENTS = (
    "Samtliga nämnder\n"
    "Stadskontoret, Avdelningen Omvärld och näringsliv\n"
    "Stadskontorets handläggare"
)
DEFAULT_MATTER = (
    "Varje år ställer stadskontoret samman en redovisning över Malmö stads internationella "
    "arbete med hjälp av underlag som respektive förvaltning har i uppdrag att rapportera. Detta "
    "sker i enlighet med Policy för Malmö stads internationella arbete som är ett "
    "kommunövergripande styrdokument som antogs av kommunfullmäktige 2016 (STK-2015-1008). "
    "Syftet med redovisningen är att tydliggöra nyttan med stadens internationella verksamhet "
    "samt att ge en överblick över förvaltningarnas arbete med internationella projekt. "
    "Förvaltningarna har i uppdrag att redovisa för sina internationella projekt samt för sitt "
    "internationella arbete på förvaltningen under året och vilka kvalitativa resultat som "
    "uppnåtts. Förvaltningarna riktar i den aktuella redovisningen sitt arbete mot de aktuella "
    "kommunfullmäktigemålen för {year}."
)
DEFAULT_INTERNATIONAL_INTRO = (
    "Den internationella redovisningen för {year} visar förvaltningarnas stora engagemang på den "
    "internationella arenan. I redovisningarna från förvaltningarna framgår vidare att det "
    "internationella arbetet bidrar till ett värdefullt utvecklingsarbete med kunskaps- och "
    "erfarenhetsutbyte och nätverkande med andra städer.\n\n"
    "Det internationella engagemanget följer också stadskontorets internationella policy som "
    "fokuserar på verksamhetsutveckling, strategisk påverkan och profilering. Utöver det har "
    "förvaltningarna egna prioriterade inriktningar för sitt internationella arbete. Vikten av "
    "samverkan med andra länder, både i och utanför EU, liksom värdet av studiebesök och utbyten "
    "betonas."
)
DEFAULT_ASSESSMENT = "Stadskontoret föreslår att redovisningen läggs till handlingarna."
DEFAULT_DECISION_BODIES = (
    "Kommunstyrelsens arbetsutskott",
    "Kommunstyrelsen",
    "Kommunfullmäktige",
)


def default_texts(year: int) -> dict[str, str]:
    """The hand-written sections of a new memo before the development coordinator edits them."""
    return {
        "title": DEFAULT_TITLE.format(year=year),
        "summary": DEFAULT_SUMMARY,
        "proposed_decision": DEFAULT_PROPOSED_DECISION.format(year=year),
        "decision_basis": decision_basis_text(year),
        "recipients": DEFAULT_RECIPIENTS,
        "matter": DEFAULT_MATTER.format(year=year),
        "international_intro": DEFAULT_INTERNATIONAL_INTRO.format(year=year),
        "assessment": DEFAULT_ASSESSMENT,
    }


def decision_basis_text(year: int, meeting: datetime.date | None = None) -> str:
    """The default decision basis, with the first decision step's meeting date when it has one:
    "- G-Tjänsteskrivelse KSAU 240422 Redovisning av internationellt arbete 2023"."""
    code = f" {meeting:%y%m%d}" if meeting else ""
    return DEFAULT_DECISION_BASIS.format(meeting=code, year=year)


def follow_decision_basis(
    text: str, year: int, before: datetime.date | None, after: datetime.date | None
) -> str:
    """The decision basis after the first decision step's date went from ``before`` to
    ``after``: the default text follows the date; a text written by hand stays as it is."""
    if text.strip() == decision_basis_text(year, before):
        return decision_basis_text(year, after)
    return text


def section_headings(year: int) -> list[tuple[str, str]]:
    return [(key, heading.format(year=year)) for key, heading in SECTION_HEADINGS]


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


def lower_first(name: str) -> str:
    """Administration names inside a sentence: "arbetsmarknads- och socialförvaltningen"."""
    return name[:1].lower() + name[1:] if name else name


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
    figures: YearFigures, short_names: dict[str, str], basis: YearBasis | None = None
) -> FigureTexts:
    """The three figure sections; ``short_names`` maps programme names to their short names.

    While ``basis`` says that not every administration is approved, no sentence compares the
    year with the previous one: part of a year against a whole year reads as a change that is
    not one (see docs/memo.md); and the section opens by saying on how many administrations
    the report rests (``basis_sentence``)."""
    compare = basis is None or basis.complete
    projects = projects_text(figures, short_names, compare=compare)
    if not compare:
        # The memo says itself on what it rests, so that it never reads as the whole city's.
        projects = f"{basis_sentence(basis)}\n\n{projects}"
    return FigureTexts(
        projects_text=projects,
        payouts_by_administration_text=payouts_by_administration_text(figures, compare=compare),
        payouts_by_goal_text=payouts_by_goal_text(figures),
    )


def basis_sentence(basis: YearBasis) -> str:
    """ "Redovisningen bygger på uppgifter från 11 av 13 förvaltningar." """
    word = "förvaltning" if basis.expected == 1 else "förvaltningar"
    return f"Redovisningen bygger på uppgifter från {basis.approved} av {basis.expected} {word}."


def projects_text(
    figures: YearFigures, short_names: dict[str, str], *, compare: bool = True
) -> str:
    year = figures.year
    previous = figures.previous_year if compare else None
    if previous is None:
        first = "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade "
        first += "genom EU-medel."
    else:
        if figures.projects_total > previous.projects_total:
            change = f"har ökat i antal under {year} jämfört med {previous.year}"
        elif figures.projects_total < previous.projects_total:
            change = f"har minskat i antal under {year} jämfört med {previous.year}"
        else:
            change = f"är lika stor till antalet under {year} som under {previous.year}"
        first = (
            "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade genom "
            f"EU-medel och projektverksamheten {change}."
        )
    if figures.projects_total == 0:
        counts = (
            f"Under {year} redovisade Malmö stads förvaltningar inte medverkan i något EU-projekt."
        )
    else:
        counts = (
            f"Under {year} redovisade Malmö stads förvaltningar medverkan i "
            f"{figures.projects_total} EU-projekt, antingen som projektägare "
            f"({figures.projects_owner}) eller som projektpartner ({figures.projects_partner})."
        )
    paragraph = f"{first} {counts}"
    if previous is not None:
        paragraph += (
            f" Detta kan jämföras med {previous.year} då förvaltningarna redovisade medverkan i "
            f"{previous.projects_total} EU-projekt."
        )
    blocks = [paragraph]

    low, high = figures.budget_range.min, figures.budget_range.max
    if low is not None and high is not None:
        low_name = short_names.get(low.programme, low.programme)
        high_name = short_names.get(high.programme, high.programme)
        if low.amount_sek == high.amount_sek:
            budget = (
                f"Projektbudgeten för {year} är {fmt.sek_plain(low.amount_sek)} "
                f"({project_word(low_name)})."
            )
        else:
            budget = (
                f"De enskilda projektbudgetarna för {year} sträcker sig från "
                f"{fmt.sek_plain(low.amount_sek)} för mindre {project_word(low_name)} till "
                f"{fmt.sek_plain(high.amount_sek)} för stora {project_word(high_name)}."
            )
        blocks.append(
            f"{budget} Nedan listas antalet EU-projekt som förvaltningarna redovisat deltagande i."
        )
        blocks.append(
            bullet_list(
                f"{row.administration}, {row.total} projekt."
                for row in figures.projects_by_administration
            )
        )
    return "\n\n".join(blocks)


def total_amount_text(amount: Decimal, *, about: str, unit: str = "kronor") -> str:
    if amount >= TEN_MILLION:
        return fmt.sek_millions(amount, about=about, unit=unit)
    return fmt.sek_about(amount, about=about, unit=unit or "kronor")


def payouts_by_administration_text(figures: YearFigures, *, compare: bool = True) -> str:
    year = figures.year
    previous = figures.previous_year if compare else None
    blocks = [
        f"Under {year} utbetalades sammanlagt "
        f"{total_amount_text(figures.payouts_total_sek, about='cirka')} till stadens "
        "förvaltningar i EU-medel där förvaltningen antingen var projektägare eller "
        "projektpartner."
    ]
    if previous is not None:
        blocks.append(
            f"Motsvarande siffror för {previous.year} var "
            f"{total_amount_text(previous.payouts_total_sek, about='ca', unit='')}."
        )
    programme_paragraph = programmes_sentence(figures)
    cofinancing = cofinancing_sentence(figures)
    if programme_paragraph or cofinancing:
        blocks.append(" ".join(part for part in (programme_paragraph, cofinancing) if part))
    if figures.payouts_by_administration:
        blocks.append(
            bullet_list(
                f"{row.administration}, {fmt.sek_about(row.amount_sek)}"
                for row in figures.payouts_by_administration
            )
        )
    return "\n\n".join(blocks)


def programmes_sentence(figures: YearFigures) -> str:
    names = [row.programme for row in figures.payouts_by_programme if row.amount_sek > 0]
    if not names:
        return ""
    first, rest = names[:3], group_interreg(names[3:])
    sentence = f"För {figures.year} utbetalades medel från i första hand {join_words(first)}."
    if rest:
        sentence += f" Därefter kom {join_words(rest, 'samt')}."
    return sentence


def cofinancing_sentence(figures: YearFigures) -> str:
    ranges = figures.cofinancing_by_fund_family
    if not ranges:
        return ""
    structural = next((r for r in ranges if r.fund_family == "structural"), None)
    others = [
        f"{r.label} {fmt.percent_range(r.min_rate, r.max_rate)}"
        for r in ranges
        if r.fund_family != "structural"
    ]
    if structural is not None:
        rates = fmt.percent_range(structural.min_rate, structural.max_rate)
        verb = "är" if structural.min_rate == structural.max_rate else "sträcker sig mellan"
        sentence = f"EU:s medfinansiering {verb} {rates} för social- och regionalfondsprojekt"
        if others:
            sentence += f" medan finansieringsgraden i andra program skiftar ({'; '.join(others)})"
        sentence += "."
    else:
        sentence = f"EU:s medfinansiering skiftar mellan programmen ({'; '.join(others)})."
    return sentence + (
        " Stadens förvaltningar bidrar med resten i form av kontanta medel eller arbetsinsats."
    )


def payouts_by_goal_text(figures: YearFigures) -> str:
    if not figures.payouts_by_council_goal:
        return f"Inga EU-medel betalades ut under {figures.year}."
    return bullet_list(
        f"{row.label}, {fmt.sek_exact(row.amount_sek)}" for row in figures.payouts_by_council_goal
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
