"""Every fixed sentence and heading of the memo, as a template with named placeholders.

The catalogue (``CATALOGUE``) holds, per template: its key, label, help, the placeholders it may
use beyond the organisation's and the year's (``COMMON``) and its default. The defaults are the
wording of Malmö's 2023 memo written with placeholders, so the seed memo comes out word for
word. ``Wording`` is a complete set of templates with the organisation's values, as the
drafting functions read it: the organisation's current wording, or the copy a memo took when it
was drafted. The templates are written one module per part of the memo (``headings``, ``texts``,
``projects``, ``payouts``, ``examples``); ``entry`` holds what they share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from projects.organisation import UNNAMED, OrganisationFacts
from projects.text import in_sentence, proper_words
from reporting.memo.wording import check_template, fill
from reporting.memo.wording_catalogue.entry import COMMON, GROUPS, PLACEHOLDERS, Entry
from reporting.memo.wording_catalogue.examples import EXAMPLES
from reporting.memo.wording_catalogue.headings import HEADINGS
from reporting.memo.wording_catalogue.payouts import PAYOUTS
from reporting.memo.wording_catalogue.projects import PROJECTS
from reporting.memo.wording_catalogue.texts import TEXTS
from reporting.models import Memo

# The memo is written in Swedish, whatever language the person drafting it uses.
MEMO_LANGUAGE = "sv"

__all__ = [
    "CATALOGUE",
    "COMMON",
    "DRAFT_TEXTS",
    "ENTRIES",
    "GROUPS",
    "MEMO_LANGUAGE",
    "PLACEHOLDERS",
    "Entry",
    "Wording",
    "complete",
    "defaults",
    "organisation_values",
]

CATALOGUE: tuple[Entry, ...] = (*HEADINGS, *TEXTS, *PROJECTS, *PAYOUTS, *EXAMPLES)

ENTRIES = {entry.key: entry for entry in CATALOGUE}
# The hand-written texts a new draft starts with, by the memo's field names.
DRAFT_TEXTS = ("title", *Memo.HAND_WRITTEN_FIELDS)


def defaults() -> dict[str, str]:
    return {entry.key: entry.default for entry in CATALOGUE}


def complete(templates: Mapping[str, str] | None) -> dict[str, str]:
    """Every template: those given that the catalogue knows and that check, the default for
    the rest (a copy kept before a template existed, or one that no longer checks, never
    leaves a gap)."""
    result = defaults()
    for key, template in (templates or {}).items():
        entry = ENTRIES.get(key)
        if entry is None or not isinstance(template, str):
            continue
        try:
            check_template(template, entry.allowed)
        except ValidationError:
            continue
        result[key] = template
    return result


def organisation_values(facts: OrganisationFacts, year: int) -> dict[str, object]:
    """The values of the placeholders every template may use."""
    steps = facts.decision_steps
    last = steps[-1].body if steps else ""
    before_last = steps[-2].body if len(steps) > 1 else last
    return {
        "år": year,
        "föregående_år": year - 1,
        "organisation": facts.name,
        "organisationens": facts.name_genitive,
        "kontoret": facts.office_name,
        "kontorets": facts.office_name_genitive,
        "styrdokument": facts.policy,
        "dokumenttyp": facts.document_type_label,
        "första_instans": steps[0].abbreviation if steps else "",
        "beredande_instans": before_last,
        "beslutande_instans": last,
    }


@dataclass(frozen=True)
class Wording:
    """A complete set of templates and the values every one of them may use."""

    templates: dict[str, str] = field(default_factory=defaults)
    values: dict[str, object] = field(default_factory=dict)
    # When a dict: the figures each template was first filled in with (the editing page shows
    # them beside the placeholders).
    seen: dict[str, dict[str, object]] | None = None

    @classmethod
    def build(
        cls,
        templates: Mapping[str, str] | None,
        facts: OrganisationFacts | None,
        year: int,
        *,
        seen: dict | None = None,
    ) -> Wording:
        return cls(
            templates=complete(templates),
            values=organisation_values(facts or UNNAMED, year),
            seen=seen,
        )

    def text(self, key: str, **values: object) -> str:
        """The template ``key`` filled in from the organisation's values and ``values``."""
        if self.seen is not None:
            self.seen.setdefault(key, values)
        return fill(self.templates[key], {**self.values, **values}, proper=self.proper)

    @property
    def proper(self) -> frozenset[str]:
        """The words of the organisation's name, which keep their capital mid-sentence."""
        return proper_words(str(self.values.get("organisation", "")))

    def in_sentence(self, name: str) -> str:
        """An administration's or company's name inside a sentence (``in_sentence``)."""
        return in_sentence(name, proper=self.proper)
