"""The memo's example paragraphs: what the chosen example projects and the administrations'
narratives tell, in a few sentences each, without telling the same thing twice.

Pure functions like ``reporting.memo.drafting``: sources in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from projects.collation import sorted_swedish
from reporting.memo.drafting import join_words, lower_first
from reporting.selectors import AdministrationSources, ExampleProject, MemoSources

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"])")
WORD = re.compile(r"\w+")
SHINGLE = 4
# A sentence a third of whose four-word runs were already told says nothing new.
TOLD_SHARE = 1 / 3
PROSE_HINTS = (" är ", " deltar ", " har ", " ingår ", " medverkar ", " arbetar ")


def sentence(text: str) -> str:
    """One line of running text that ends like a sentence."""
    text = " ".join((text or "").split())
    if text and not text.endswith((".", "!", "?")):
        text += "."
    return text


def sentences(text: str) -> list[str]:
    text = sentence(text)
    return [part for part in SENTENCE_END.split(text) if part] if text else []


class Told:
    """What the example section has said so far, to say nothing twice.

    Sentences are compared by their runs of four words (case and punctuation aside), so a
    description that the year's results repeat, or a narrative that repeats a project's
    results, is left out while a sentence that only shares a name is kept."""

    def __init__(self):
        self.runs: set[tuple[str, ...]] = set()
        self.short: set[tuple[str, ...]] = set()

    @staticmethod
    def _runs(words: list[str]) -> set[tuple[str, ...]]:
        return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}

    def is_new(self, text: str) -> bool:
        words = WORD.findall(text.lower())
        if len(words) < SHINGLE:
            return tuple(words) not in self.short
        runs = self._runs(words)
        return len(runs & self.runs) < TOLD_SHARE * len(runs)

    def add(self, text: str) -> None:
        words = WORD.findall(text.lower())
        self.short.add(tuple(words))
        self.runs |= self._runs(words)

    def keep(self, texts: Iterable[str]) -> list[str]:
        """The sentences of ``texts`` not told before (each then counts as told)."""
        kept = []
        for text in texts:
            for part in sentences(text):
                if self.is_new(part):
                    self.add(part)
                    kept.append(part)
        return kept


def without_name(text: str, project: str, acronym: str) -> str:
    """A description that opens by naming the project again opens with "Projektet":
    "RASK, Rusta aktörer för en snabbare klimatomställning, prövar …" -> "Projektet prövar …".
    """
    text = " ".join((text or "").split())
    lowered = text.lower()
    rest = None
    if project and lowered.startswith(project.lower() + " "):
        rest = text[len(project) :]
    elif acronym and re.match(rf"{re.escape(acronym)}\b", text):
        rest = text[len(acronym) :]
    if rest is None:
        return text
    for name in (project, acronym):
        appositive = f", {name},"
        if name and rest.lower().startswith(appositive.lower()):
            rest = rest[len(appositive) :]
            break
    rest = rest.strip()
    if not rest or not rest[0].islower():
        return text
    return f"Projektet {rest}"


def example_paragraph(example: ExampleProject, told: Told | None = None) -> str:
    told = told or Told()
    verb = "leder projektet" if example.role == "owner" else "deltar som partner i projektet"
    show_acronym = example.acronym and example.acronym != example.project
    acronym = f" ({example.acronym})" if show_acronym else ""
    programme = example.programme_short_name or example.programme
    opening = f"{example.administration} {verb} ”{example.project}”{acronym} inom {programme}."
    told.add(opening)
    # The year's results first: when the description says the same, the results are kept.
    results = told.keep([example.results])
    description = told.keep([without_name(example.description, example.project, example.acronym)])
    parts = [opening, *description, *results]
    others = [
        lower_first(name)
        for name in example.participating_administrations
        if name != example.administration
    ]
    said = " ".join(parts).lower()
    if others and not all(name.lower() in said for name in others):
        parts.append(
            f"I projektet samverkar {lower_first(example.administration)} med {join_words(others)}."
        )
    return " ".join(parts)


def looks_like_a_list(text: str, administration: str) -> bool:
    """ "EUROCITIES, ICLEI, Covenant of Mayors." rather than a sentence about them."""
    padded = f" {' '.join(text.split()).lower()} "
    starts = (administration.lower(), "förvaltningen", "vi ")
    return not padded.strip().startswith(starts) and not any(hint in padded for hint in PROSE_HINTS)


def narrative_paragraph(sources: AdministrationSources, told: Told | None = None) -> str:
    """What an administration wrote of its international work beyond the projects: overview,
    networks, study visits, conferences and results, each said once."""
    told = told or Told()
    name = sources.administration
    texts = []
    for field in ("overview", "networks", "study_visits", "conferences", "results"):
        text = " ".join(sources.narrative(field).split())
        if not text:
            continue
        if field == "networks" and looks_like_a_list(text, name):
            text = f"Förvaltningen deltar i internationella nätverk som {text.rstrip('.')}."
        texts.append(text)
    kept = told.keep(texts)
    if not kept:
        return ""
    first = kept[0]
    if first.startswith("Förvaltningen "):
        kept[0] = f"{name} {first.removeprefix('Förvaltningen ')}"
    elif not first.lower().startswith(name.lower()):
        kept.insert(0, f"{name} lyfter fram sitt internationella arbete.")
    return " ".join(kept)


def examples_text(examples: Iterable[ExampleProject], sources: MemoSources | None = None) -> str:
    """The example section: per administration (Swedish order), a paragraph per chosen example
    project; an administration without one is told from its narrative when it wrote of its
    networks, study visits or conferences and of their results. Nothing is said twice."""
    told = Told()
    projects: dict[str, list[ExampleProject]] = {}
    for example in examples:
        projects.setdefault(example.administration, []).append(example)
    narratives = {
        a.administration: a
        for a in (sources.administrations if sources is not None else [])
        if a.tells_beyond_projects and a.administration not in projects
    }
    paragraphs: list[str] = []
    for name in sorted_swedish(set(projects) | set(narratives)):
        if name in projects:
            written = [example_paragraph(example, told) for example in projects[name]]
        else:
            written = [narrative_paragraph(narratives[name], told)]
        paragraphs.extend(p for p in written if p and p not in paragraphs)
    return "\n\n".join(paragraphs)
