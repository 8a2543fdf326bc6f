"""The catalogue's parts: what each placeholder stands for, those every template may use, the
groups the editing page shows, and ``Entry``, one template of the catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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
