"""Every fixed sentence and heading of the memo, as a template with named placeholders.

The catalogue (``CATALOGUE``) holds, per template: its key, label, help, the placeholders it may
use beyond the organisation's and the year's (``COMMON``) and its default. The defaults are data:
``default_wording.toml`` beside this module holds the wording of the 2023 seed memo written with
placeholders (so the seed memo comes out word for word), each template's group and its own
placeholders; this module gives each its label and help in the interface's languages.
``Wording`` is a complete set of templates with the organisation's values, as the drafting
functions read it: the organisation's current wording, or the copy a memo took when it was
drafted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.organisation import UNNAMED, OrganisationFacts
from projects.text import in_sentence, proper_words
from reporting.memo.wording import check_template, fill
from reporting.models import Memo

# The memo is written in Swedish, whatever language the person drafting it uses.
MEMO_LANGUAGE = "sv"

DEFAULT_WORDING = Path(__file__).with_name("default_wording.toml")

# What each placeholder stands for, as the editing page lists it.
PLACEHOLDERS = {
    "år": _("redovisningsåret"),
    "föregående_år": _("året före redovisningsåret"),
    "organisation": _("organisationens namn"),
    "organisationens": _("organisationens namn i genitiv"),
    "kontoret": _("kontoret som sammanställer"),
    "kontorets": _("kontoret som sammanställer, i genitiv"),
    "styrdokument": _("styrdokumentet redovisningen följer"),
    "dokumenttyp": _("dokumenttypen, till exempel Tjänsteskrivelse"),
    "första_instans": _("kortformen för beslutsgångens första instans"),
    "beredande_instans": _("instansen före den sista i beslutsgången"),
    "beslutande_instans": _("den sista instansen i beslutsgången"),
    "godkända": _("antal förvaltningar med godkänd redovisning"),
    "antal_förvaltningar": _("antal förvaltningar som ska redovisa"),
    "antal_projekt": _("antal EU-projekt under året"),
    "antal_projektägare": _("antal projekt som projektägare"),
    "antal_projektpartner": _("antal projekt som projektpartner"),
    "föregående_antal_projekt": _("antal EU-projekt året före"),
    "budget": _("projektbudgeten, i kronor"),
    "projekttyp": _("programmets projekt, till exempel Erasmus+projekt"),
    "lägsta_budget": _("den minsta projektbudgeten, i kronor"),
    "lägsta_projekttyp": _("programmet för den minsta projektbudgeten"),
    "högsta_budget": _("den största projektbudgeten, i kronor"),
    "högsta_projekttyp": _("programmet för den största projektbudgeten"),
    "förvaltning": _("förvaltningens namn"),
    "antal": _("förvaltningens antal projekt"),
    "belopp": _("beloppet"),
    "mål": _("kommunfullmäktigemålet"),
    "utbetalt": _("utbetalda EU-medel under året, avrundat"),
    "föregående_utbetalt": _("utbetalda EU-medel året före, avrundat"),
    "program": _("de tre program som betalade ut mest"),
    "fler_program": _("övriga program som betalade ut"),
    "andelar": _("EU:s medfinansiering för social- och regionalfondsprojekt, i procent"),
    "andra_program": _("EU:s medfinansiering i andra program"),
    "projektet": _("projektets namn inom citattecken, med förkortning"),
    "andra_förvaltningar": _("förvaltningarna som samverkar i projektet"),
    "förvaltningar": _("förvaltningarna som arbetade inom målet"),
    "antal_i_ord": _("antalet projekt, i ord"),
    "projekten": _("projekten med förkortning och program"),
    "sammanträde": _(
        "datumkoden för första instansens sammanträde, med mellanslag före; tom utan datum"
    ),
    "nätverk": _("nätverken förvaltningen räknar upp"),
}

# The organisation's facts and the year: every template may use them.
COMMON = (
    "år",
    "föregående_år",
    "organisation",
    "organisationens",
    "kontoret",
    "kontorets",
    "styrdokument",
    "dokumenttyp",
    "första_instans",
    "beredande_instans",
    "beslutande_instans",
)


@dataclass(frozen=True)
class Entry:
    key: str
    group: str
    label: str
    default: str
    help: str = ""
    own: tuple[str, ...] = ()
    multiline: bool = False

    @property
    def allowed(self) -> tuple[str, ...]:
        return (*COMMON, *self.own)


GROUPS = {
    "headings": _("Rubriker"),
    "texts": _("Texter som ett nytt utkast börjar med"),
    "projects": _("Projekten"),
    "payouts": _("Utbetalda EU-medel"),
    "examples": _("Exemplen"),
}


# Each template's label on the wording page, in the order of default_wording.toml.
LABELS = {
    "heading_summary": _("Rubrik: sammanfattning"),
    "heading_proposed_decision": _("Rubrik: förslag till beslut"),
    "heading_decision_basis": _("Rubrik: beslutsunderlag"),
    "heading_decision_planning": _("Rubrik: beslutsplanering"),
    "heading_recipients": _("Rubrik: beslutet skickas till"),
    "heading_matter": _("Rubrik: ärendet"),
    "heading_international": _("Rubrik: förvaltningarnas internationella arbete"),
    "heading_payouts_by_administration": _("Rubrik: utbetalda EU-medel per förvaltning"),
    "heading_payouts_by_goal": _("Rubrik: utbetalda EU-medel per kommunfullmäktigemål"),
    "heading_examples": _("Rubrik: exempel"),
    "heading_assessment": _("Rubrik: bedömningen"),
    "heading_officials": _("Rubrik: ansvariga"),
    "title": _("Tjänsteskrivelsens rubrik"),
    "summary": _("Sammanfattning"),
    "proposed_decision": _("Förslag till beslut"),
    "decision_basis": _("Beslutsunderlag"),
    "recipients": _("Beslutet skickas till"),
    "matter": _("Ärendet"),
    "international_intro": _("Förvaltningarnas internationella arbete, inledning"),
    "assessment": _("Bedömningen"),
    "basis": _("Underlaget, när inte alla förvaltningar är godkända"),
    "basis_one": _("Underlaget, när det finns en förvaltning och den inte är godkänd"),
    "projects_intro": _("Projekten, första meningen (utan jämförelse)"),
    "projects_intro_increase": _("Projekten, första meningen, fler projekt än året före"),
    "projects_intro_decrease": _("Projekten, första meningen, färre projekt än året före"),
    "projects_intro_same": _("Projekten, första meningen, lika många projekt som året före"),
    "projects_count": _("Projekten, antal"),
    "projects_count_none": _("Projekten, inga projekt"),
    "projects_previous": _("Projekten, jämförelse med året före"),
    "projects_budget_range": _("Projektbudgetarna, från minsta till största"),
    "projects_budget_same": _("Projektbudgeten, när alla är lika stora"),
    "projects_list_intro": _("Projekten, före listan per förvaltning"),
    "projects_list_row": _("Projekten, en rad i listan per förvaltning"),
    "payouts_total": _("Utbetalt under året"),
    "payouts_previous": _("Utbetalt året före"),
    "payouts_programmes": _("Programmen som betalade ut mest"),
    "payouts_more_programmes": _("Övriga program"),
    "cofinancing_range": _("Medfinansieringen, social- och regionalfonder med olika andelar"),
    "cofinancing_range_others": _("Medfinansieringen, olika andelar, och andra program"),
    "cofinancing_same": _("Medfinansieringen, social- och regionalfonder med en andel"),
    "cofinancing_same_others": _("Medfinansieringen, en andel, och andra program"),
    "cofinancing_others_only": _("Medfinansieringen, inga social- eller regionalfondsprojekt"),
    "cofinancing_rest": _("Medfinansieringen, resten"),
    "payouts_list_row": _("Utbetalt, en rad i listan per förvaltning"),
    "payouts_goal_row": _("Utbetalt, en rad i listan per kommunfullmäktigemål"),
    "payouts_none": _("Utbetalt per kommunfullmäktigemål, inga utbetalningar"),
    "example_owner": _("Exempel, projektägare"),
    "example_partner": _("Exempel, projektpartner"),
    "example_theme": _("Exempel inom samma kommunfullmäktigemål, flera förvaltningar"),
    "example_theme_one": _("Exempel inom samma kommunfullmäktigemål, en förvaltning"),
    "example_cooperation": _("Exempel, samverkan med andra förvaltningar"),
    "narrative_networks": _("Förvaltningens nätverk, uppräknade"),
    "narrative_opening": _("Förvaltningens internationella arbete, inledning"),
}

# The templates that need a word of help beyond their label.
HELP = {
    "recipients": _("En mottagare per rad."),
    "basis": _("Inleder avsnittet medan året vilar på en del av förvaltningarna."),
    "projects_intro": _("När året inte jämförs med året före."),
    "example_theme": _("Inleder stycket när flera valda exempel hör till samma mål."),
}


def _catalogue() -> tuple[Entry, ...]:
    """The templates of ``default_wording.toml``, each with its label: the file and the labels
    must name the same templates (a test holds them together)."""
    with DEFAULT_WORDING.open("rb") as file:
        wording = tomllib.load(file)
    if set(wording) != set(LABELS):
        raise ValueError(
            f"{DEFAULT_WORDING.name} and LABELS name different templates: "
            f"{sorted(set(wording) ^ set(LABELS))}"
        )
    return tuple(
        Entry(
            key=key,
            group=template["group"],
            label=LABELS[key],
            default=template["text"],
            help=HELP.get(key, ""),
            own=tuple(template.get("own", ())),
            multiline=template.get("multiline", False),
        )
        for key, template in wording.items()
    )


CATALOGUE: tuple[Entry, ...] = _catalogue()

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
