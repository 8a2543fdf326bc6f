"""The hand-written texts a new draft starts with: title, summary, proposed decision and the
rest of the memo's fixed sections."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.memo.wording_catalogue.entry import Entry

TEXTS: tuple[Entry, ...] = (
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
)
