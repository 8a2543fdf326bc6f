"""Every fixed sentence and heading of the memo, as a template with named placeholders.

The catalogue (``CATALOGUE``) holds, per template: its key, label, help, the placeholders it may
use beyond the organisation's and the year's (``COMMON``) and its default. The defaults are the
wording of Malmö's 2023 memo written with placeholders, so the seed memo comes out word for
word. ``Wording`` is a complete set of templates with the organisation's values, as the
drafting functions read it: the organisation's current wording, or the copy a memo took when it
was drafted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.organisation import UNNAMED, OrganisationFacts
from projects.text import in_sentence, proper_words
from reporting.memo.wording import check_template, fill
from reporting.models import Memo

# The memo is written in Swedish, whatever language the person drafting it uses.
MEMO_LANGUAGE = "sv"

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


def _heading(key, label, default):
    return Entry(key=f"heading_{key}", group="headings", label=label, default=default)


CATALOGUE: tuple[Entry, ...] = (
    _heading("summary", _("Rubrik: sammanfattning"), "Sammanfattning"),
    _heading("proposed_decision", _("Rubrik: förslag till beslut"), "Förslag till beslut"),
    _heading("decision_basis", _("Rubrik: beslutsunderlag"), "Beslutsunderlag"),
    _heading("decision_planning", _("Rubrik: beslutsplanering"), "Beslutsplanering"),
    _heading("recipients", _("Rubrik: beslutet skickas till"), "Beslutet skickas till"),
    _heading("matter", _("Rubrik: ärendet"), "Ärendet"),
    _heading(
        "international",
        _("Rubrik: förvaltningarnas internationella arbete"),
        "Förvaltningarnas internationella arbete",
    ),
    _heading(
        "payouts_by_administration",
        _("Rubrik: utbetalda EU-medel per förvaltning"),
        "Utbetalda EU-medel {år} fördelat på förvaltning",
    ),
    _heading(
        "payouts_by_goal",
        _("Rubrik: utbetalda EU-medel per kommunfullmäktigemål"),
        "Utbetalda EU-medel {år} fördelat på kommunfullmäktigemål",
    ),
    _heading(
        "examples",
        _("Rubrik: exempel"),
        "Exempel från förvaltningarnas internationella arbete",
    ),
    _heading("assessment", _("Rubrik: bedömningen"), "{kontorets} bedömning"),
    _heading("officials", _("Rubrik: ansvariga"), "Ansvariga"),
    Entry(
        key="title",
        group="texts",
        label=_("Tjänsteskrivelsens rubrik"),
        default="Redovisning av internationellt arbete {år}",
    ),
    Entry(
        key="summary",
        group="texts",
        label=_("Sammanfattning"),
        multiline=True,
        default=(
            "{organisationens} internationella arbete ställs varje år samman i en redovisning "
            "med hjälp av underlag som respektive förvaltning har i uppdrag att rapportera. Detta "
            "sker i enlighet med Policy för {organisationens} internationella arbete som är ett "
            "kommunövergripande styrdokument antagen av kommunfullmäktige 2016 (STK-2015-1008). "
            "Syftet med redovisningen är att tydliggöra nyttan med den internationella "
            "verksamheten i staden samt att ge en överblick över förvaltningarnas arbete med "
            "internationella projekt. {kontoret} föreslår att redovisningen läggs till "
            "handlingarna."
        ),
    ),
    Entry(
        key="proposed_decision",
        group="texts",
        label=_("Förslag till beslut"),
        multiline=True,
        default=(
            "{beredande_instans} föreslår {beslutande_instans:gemen} besluta\n\n"
            "1. {beslutande_instans} lägger den internationella redovisningen för {år} till "
            "handlingarna."
        ),
    ),
    Entry(
        key="decision_basis",
        group="texts",
        label=_("Beslutsunderlag"),
        multiline=True,
        own=("sammanträde",),
        default=(
            "- G-{dokumenttyp} {första_instans}{sammanträde} Redovisning av internationellt "
            "arbete {år}"
        ),
    ),
    Entry(
        key="recipients",
        group="texts",
        label=_("Beslutet skickas till"),
        help=_("En mottagare per rad."),
        multiline=True,
        default=(
            "Samtliga nämnder\n{kontoret}, Avdelningen Omvärld och näringsliv\n"
            "{kontorets} handläggare"
        ),
    ),
    Entry(
        key="matter",
        group="texts",
        label=_("Ärendet"),
        multiline=True,
        default=(
            "Varje år ställer {kontoret:gemen} samman en redovisning över {organisationens} "
            "internationella arbete med hjälp av underlag som respektive förvaltning har i "
            "uppdrag att rapportera. Detta sker i enlighet med Policy för {organisationens} "
            "internationella arbete som är ett kommunövergripande styrdokument som antogs av "
            "kommunfullmäktige 2016 (STK-2015-1008). Syftet med redovisningen är att tydliggöra "
            "nyttan med stadens internationella verksamhet samt att ge en överblick över "
            "förvaltningarnas arbete med internationella projekt. Förvaltningarna har i uppdrag "
            "att redovisa för sina internationella projekt samt för sitt internationella arbete "
            "på förvaltningen under året och vilka kvalitativa resultat som uppnåtts. "
            "Förvaltningarna riktar i den aktuella redovisningen sitt arbete mot de aktuella "
            "kommunfullmäktigemålen för {år}."
        ),
    ),
    Entry(
        key="international_intro",
        group="texts",
        label=_("Förvaltningarnas internationella arbete, inledning"),
        multiline=True,
        default=(
            "Den internationella redovisningen för {år} visar förvaltningarnas stora engagemang "
            "på den internationella arenan. I redovisningarna från förvaltningarna framgår vidare "
            "att det internationella arbetet bidrar till ett värdefullt utvecklingsarbete med "
            "kunskaps- och erfarenhetsutbyte och nätverkande med andra städer.\n\n"
            "Det internationella engagemanget följer också {kontorets:gemen} internationella "
            "policy som fokuserar på verksamhetsutveckling, strategisk påverkan och profilering. "
            "Utöver det har förvaltningarna egna prioriterade inriktningar för sitt "
            "internationella arbete. Vikten av samverkan med andra länder, både i och utanför "
            "EU, liksom värdet av studiebesök och utbyten betonas."
        ),
    ),
    Entry(
        key="assessment",
        group="texts",
        label=_("Bedömningen"),
        multiline=True,
        default="{kontoret} föreslår att redovisningen läggs till handlingarna.",
    ),
    Entry(
        key="basis",
        group="projects",
        label=_("Underlaget, när inte alla förvaltningar är godkända"),
        help=_("Inleder avsnittet medan året vilar på en del av förvaltningarna."),
        own=("godkända", "antal_förvaltningar"),
        default=(
            "Redovisningen bygger på uppgifter från {godkända} av {antal_förvaltningar} "
            "förvaltningar."
        ),
    ),
    Entry(
        key="basis_one",
        group="projects",
        label=_("Underlaget, när det finns en förvaltning och den inte är godkänd"),
        own=("godkända", "antal_förvaltningar"),
        default=(
            "Redovisningen bygger på uppgifter från {godkända} av {antal_förvaltningar} "
            "förvaltning."
        ),
    ),
    Entry(
        key="projects_intro",
        group="projects",
        label=_("Projekten, första meningen (utan jämförelse)"),
        help=_("När året inte jämförs med året före."),
        default=(
            "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade "
            "genom EU-medel."
        ),
    ),
    Entry(
        key="projects_intro_increase",
        group="projects",
        label=_("Projekten, första meningen, fler projekt än året före"),
        default=(
            "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade genom "
            "EU-medel och projektverksamheten har ökat i antal under {år} jämfört med "
            "{föregående_år}."
        ),
    ),
    Entry(
        key="projects_intro_decrease",
        group="projects",
        label=_("Projekten, första meningen, färre projekt än året före"),
        default=(
            "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade genom "
            "EU-medel och projektverksamheten har minskat i antal under {år} jämfört med "
            "{föregående_år}."
        ),
    ),
    Entry(
        key="projects_intro_same",
        group="projects",
        label=_("Projekten, första meningen, lika många projekt som året före"),
        default=(
            "Projekten som förvaltningarna deltar i är nästan uteslutande medfinansierade genom "
            "EU-medel och projektverksamheten är lika stor till antalet under {år} som under "
            "{föregående_år}."
        ),
    ),
    Entry(
        key="projects_count",
        group="projects",
        label=_("Projekten, antal"),
        own=("antal_projekt", "antal_projektägare", "antal_projektpartner"),
        default=(
            "Under {år} redovisade {organisationens} förvaltningar medverkan i {antal_projekt} "
            "EU-projekt, antingen som projektägare ({antal_projektägare}) eller som "
            "projektpartner ({antal_projektpartner})."
        ),
    ),
    Entry(
        key="projects_count_none",
        group="projects",
        label=_("Projekten, inga projekt"),
        default="Under {år} redovisade {organisationens} förvaltningar inte medverkan i något "
        "EU-projekt.",
    ),
    Entry(
        key="projects_previous",
        group="projects",
        label=_("Projekten, jämförelse med året före"),
        own=("föregående_antal_projekt",),
        default=(
            "Detta kan jämföras med {föregående_år} då förvaltningarna redovisade medverkan i "
            "{föregående_antal_projekt} EU-projekt."
        ),
    ),
    Entry(
        key="projects_budget_range",
        group="projects",
        label=_("Projektbudgetarna, från minsta till största"),
        own=("lägsta_budget", "lägsta_projekttyp", "högsta_budget", "högsta_projekttyp"),
        default=(
            "De enskilda projektbudgetarna för {år} sträcker sig från {lägsta_budget} för mindre "
            "{lägsta_projekttyp} till {högsta_budget} för stora {högsta_projekttyp}."
        ),
    ),
    Entry(
        key="projects_budget_same",
        group="projects",
        label=_("Projektbudgeten, när alla är lika stora"),
        own=("budget", "projekttyp"),
        default="Projektbudgeten för {år} är {budget} ({projekttyp}).",
    ),
    Entry(
        key="projects_list_intro",
        group="projects",
        label=_("Projekten, före listan per förvaltning"),
        default="Nedan listas antalet EU-projekt som förvaltningarna redovisat deltagande i.",
    ),
    Entry(
        key="projects_list_row",
        group="projects",
        label=_("Projekten, en rad i listan per förvaltning"),
        own=("förvaltning", "antal"),
        default="{förvaltning}, {antal} projekt.",
    ),
    Entry(
        key="payouts_total",
        group="payouts",
        label=_("Utbetalt under året"),
        own=("utbetalt",),
        default=(
            "Under {år} utbetalades sammanlagt {utbetalt} till stadens förvaltningar i EU-medel "
            "där förvaltningen antingen var projektägare eller projektpartner."
        ),
    ),
    Entry(
        key="payouts_previous",
        group="payouts",
        label=_("Utbetalt året före"),
        own=("föregående_utbetalt",),
        default="Motsvarande siffror för {föregående_år} var {föregående_utbetalt}.",
    ),
    Entry(
        key="payouts_programmes",
        group="payouts",
        label=_("Programmen som betalade ut mest"),
        own=("program",),
        default="För {år} utbetalades medel från i första hand {program}.",
    ),
    Entry(
        key="payouts_more_programmes",
        group="payouts",
        label=_("Övriga program"),
        own=("fler_program",),
        default="Därefter kom {fler_program}.",
    ),
    Entry(
        key="cofinancing_range",
        group="payouts",
        label=_("Medfinansieringen, social- och regionalfonder med olika andelar"),
        own=("andelar",),
        default="EU:s medfinansiering sträcker sig mellan {andelar} för social- och "
        "regionalfondsprojekt.",
    ),
    Entry(
        key="cofinancing_range_others",
        group="payouts",
        label=_("Medfinansieringen, olika andelar, och andra program"),
        own=("andelar", "andra_program"),
        default=(
            "EU:s medfinansiering sträcker sig mellan {andelar} för social- och "
            "regionalfondsprojekt medan finansieringsgraden i andra program skiftar "
            "({andra_program})."
        ),
    ),
    Entry(
        key="cofinancing_same",
        group="payouts",
        label=_("Medfinansieringen, social- och regionalfonder med en andel"),
        own=("andelar",),
        default="EU:s medfinansiering är {andelar} för social- och regionalfondsprojekt.",
    ),
    Entry(
        key="cofinancing_same_others",
        group="payouts",
        label=_("Medfinansieringen, en andel, och andra program"),
        own=("andelar", "andra_program"),
        default=(
            "EU:s medfinansiering är {andelar} för social- och regionalfondsprojekt medan "
            "finansieringsgraden i andra program skiftar ({andra_program})."
        ),
    ),
    Entry(
        key="cofinancing_others_only",
        group="payouts",
        label=_("Medfinansieringen, inga social- eller regionalfondsprojekt"),
        own=("andra_program",),
        default="EU:s medfinansiering skiftar mellan programmen ({andra_program}).",
    ),
    Entry(
        key="cofinancing_rest",
        group="payouts",
        label=_("Medfinansieringen, resten"),
        default="Stadens förvaltningar bidrar med resten i form av kontanta medel eller "
        "arbetsinsats.",
    ),
    Entry(
        key="payouts_list_row",
        group="payouts",
        label=_("Utbetalt, en rad i listan per förvaltning"),
        own=("förvaltning", "belopp"),
        default="{förvaltning}, {belopp}",
    ),
    Entry(
        key="payouts_goal_row",
        group="payouts",
        label=_("Utbetalt, en rad i listan per kommunfullmäktigemål"),
        own=("mål", "belopp"),
        default="{mål}, {belopp}",
    ),
    Entry(
        key="payouts_none",
        group="payouts",
        label=_("Utbetalt per kommunfullmäktigemål, inga utbetalningar"),
        default="Inga EU-medel betalades ut under {år}.",
    ),
    Entry(
        key="example_owner",
        group="examples",
        label=_("Exempel, projektägare"),
        own=("förvaltning", "projektet", "program"),
        default="{förvaltning} leder projektet {projektet} inom {program}.",
    ),
    Entry(
        key="example_partner",
        group="examples",
        label=_("Exempel, projektpartner"),
        own=("förvaltning", "projektet", "program"),
        default="{förvaltning} deltar som partner i projektet {projektet} inom {program}.",
    ),
    Entry(
        key="example_theme",
        group="examples",
        label=_("Exempel inom samma kommunfullmäktigemål, flera förvaltningar"),
        help=_("Inleder stycket när flera valda exempel hör till samma mål."),
        own=("mål", "förvaltningar", "antal_i_ord", "projekten"),
        default=(
            "Inom kommunfullmäktigemålet ”{mål}” arbetade {förvaltningar} tillsammans i "
            "{antal_i_ord} EU-projekt: {projekten}."
        ),
    ),
    Entry(
        key="example_theme_one",
        group="examples",
        label=_("Exempel inom samma kommunfullmäktigemål, en förvaltning"),
        own=("mål", "förvaltningar", "antal_i_ord", "projekten"),
        default=(
            "Inom kommunfullmäktigemålet ”{mål}” arbetade {förvaltningar} i {antal_i_ord} "
            "EU-projekt: {projekten}."
        ),
    ),
    Entry(
        key="example_cooperation",
        group="examples",
        label=_("Exempel, samverkan med andra förvaltningar"),
        own=("förvaltning", "andra_förvaltningar"),
        default="I projektet samverkar {förvaltning:gemen} med {andra_förvaltningar}.",
    ),
    Entry(
        key="narrative_networks",
        group="examples",
        label=_("Förvaltningens nätverk, uppräknade"),
        own=("nätverk",),
        default="Förvaltningen deltar i internationella nätverk som {nätverk}.",
    ),
    Entry(
        key="narrative_opening",
        group="examples",
        label=_("Förvaltningens internationella arbete, inledning"),
        own=("förvaltning",),
        default="{förvaltning} lyfter fram sitt internationella arbete.",
    ),
)

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
