"""The memo's headings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.memo.wording_catalogue.entry import Entry


def _heading(key, label, default):
    return Entry(key=f"heading_{key}", group="headings", label=label, default=default)


HEADINGS: tuple[Entry, ...] = (
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
)
