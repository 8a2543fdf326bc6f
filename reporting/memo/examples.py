"""The memo's example paragraphs: what the chosen example projects and the administrations'
narratives tell, in a few sentences each, without telling the same thing twice.

Pure functions like ``reporting.memo.drafting``: sources in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from projects.collation import sorted_swedish
from reporting.memo.drafting import join_words
from reporting.memo.wording_catalogue import Wording
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


def example_paragraph(
    example: ExampleProject, told: Told | None = None, wording: Wording | None = None
) -> str:
    told = told or Told()
    wording = wording or Wording.build(None, None, 0)
    show_acronym = example.acronym and example.acronym != example.project
    acronym = f" ({example.acronym})" if show_acronym else ""
    opening = wording.text(
        "example_owner" if example.role == "owner" else "example_partner",
        förvaltning=example.administration,
        projektet=f"”{example.project}”{acronym}",
        program=example.programme_short_name or example.programme,
    )
    told.add(opening)
    # The year's results first: when the description says the same, the results are kept.
    results = told.keep([example.results])
    description = told.keep([without_name(example.description, example.project, example.acronym)])
    parts = [opening, *description, *results]
    others = [
        wording.in_sentence(name)
        for name in example.participating_administrations
        if name != example.administration
    ]
    said = " ".join(parts).lower()
    if others and not all(name.lower() in said for name in others):
        parts.append(
            wording.text(
                "example_cooperation",
                förvaltning=example.administration,
                andra_förvaltningar=join_words(others),
            )
        )
    return " ".join(parts)


NUMBER_WORDS = {2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta", 9: "nio"}


def _project_phrase(example: ExampleProject) -> str:
    show_acronym = example.acronym and example.acronym != example.project
    acronym = f" ({example.acronym})" if show_acronym else ""
    programme = example.programme_short_name or example.programme
    return f"”{example.project}”{acronym} inom {programme}"


def theme_paragraph(
    theme: str,
    examples: list[ExampleProject],
    told: Told | None = None,
    wording: Wording | None = None,
) -> str:
    """The examples of one council goal told together: which administrations worked on it in
    which projects, then what each project achieved (the year's results first), said once."""
    told = told or Told()
    wording = wording or Wording.build(None, None, 0)
    administrations = sorted_swedish(
        {example.administration for example in examples}
        | {name for example in examples for name in example.participating_administrations}
    )
    names = [wording.in_sentence(name) for name in administrations]
    names[0] = administrations[0]
    opening = wording.text(
        "example_theme" if len(administrations) > 1 else "example_theme_one",
        mål=theme,
        förvaltningar=join_words(names),
        antal_i_ord=NUMBER_WORDS.get(len(examples), str(len(examples))),
        projekten=join_words([_project_phrase(e) for e in examples]),
    )
    told.add(opening)
    parts = [opening]
    for example in examples:
        results = told.keep([example.results])
        description = told.keep(
            [without_name(example.description, example.project, example.acronym)]
        )
        kept = [*results, *description]
        if kept:
            # Named in full in the opening: here by its acronym where it has one.
            show_acronym = example.acronym and example.acronym != example.project
            label = example.acronym if show_acronym else f"”{example.project}”"
            parts.append(f"{label}: {kept[0]}")
            parts.extend(kept[1:])
    return " ".join(parts)


def looks_like_a_list(text: str, administration: str) -> bool:
    """ "EUROCITIES, ICLEI, Covenant of Mayors." rather than a sentence about them."""
    padded = f" {' '.join(text.split()).lower()} "
    starts = (administration.lower(), "förvaltningen", "vi ")
    return not padded.strip().startswith(starts) and not any(hint in padded for hint in PROSE_HINTS)


def narrative_paragraph(
    sources: AdministrationSources, told: Told | None = None, wording: Wording | None = None
) -> str:
    """What an administration wrote of its international work beyond the projects: overview,
    networks, study visits, conferences and results, each said once."""
    told = told or Told()
    wording = wording or Wording.build(None, None, 0)
    name = sources.administration
    texts = []
    for field in ("overview", "networks", "study_visits", "conferences", "results"):
        text = " ".join(sources.narrative(field).split())
        if not text:
            continue
        if field == "networks" and looks_like_a_list(text, name):
            text = wording.text("narrative_networks", nätverk=text.rstrip("."))
        texts.append(text)
    kept = told.keep(texts)
    if not kept:
        return ""
    first = kept[0]
    if first.startswith("Förvaltningen "):
        kept[0] = f"{name} {first.removeprefix('Förvaltningen ')}"
    elif not first.lower().startswith(name.lower()):
        kept.insert(0, wording.text("narrative_opening", förvaltning=name))
    return " ".join(kept)


def examples_text(
    examples: Iterable[ExampleProject],
    sources: MemoSources | None = None,
    wording: Wording | None = None,
) -> str:
    """The example section: per administration (Swedish order), a paragraph per chosen example
    project, the projects of a council goal that has several told together in one paragraph
    (at the place of the first); an administration without one is told from its narrative when
    it wrote of its networks, study visits or conferences and of their results. Nothing is said
    twice."""
    told = Told()
    projects: dict[str, list[ExampleProject]] = {}
    themes: dict[str, list[ExampleProject]] = {}
    examples = list(examples)
    for example in examples:
        projects.setdefault(example.administration, []).append(example)
        if example.council_goal:
            themes.setdefault(example.council_goal, []).append(example)
    # A goal's projects in the order the section tells them: by administration, then name.
    order = {
        id(example): index
        for index, example in enumerate(
            e for name in sorted_swedish(projects) for e in projects[name]
        )
    }
    for theme in themes.values():
        theme.sort(key=lambda example: order[id(example)])
    told_themes: set[str] = set()

    def paragraph(example: ExampleProject) -> str:
        theme = themes.get(example.council_goal, [])
        if len(theme) < 2:
            return example_paragraph(example, told, wording)
        if example.council_goal in told_themes:
            return ""
        told_themes.add(example.council_goal)
        return theme_paragraph(example.council_goal, theme, told, wording)

    narratives = {
        a.administration: a
        for a in (sources.administrations if sources is not None else [])
        if a.tells_beyond_projects and a.administration not in projects
    }
    paragraphs: list[str] = []
    for name in sorted_swedish(set(projects) | set(narratives)):
        if name in projects:
            written = [paragraph(example) for example in projects[name]]
        else:
            written = [narrative_paragraph(narratives[name], told, wording)]
        paragraphs.extend(p for p in written if p and p not in paragraphs)
    return "\n\n".join(paragraphs)
