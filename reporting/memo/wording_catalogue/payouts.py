"""The sentences of the section on the EU funds paid out: the year's total and the year
before's, the programmes, the EU's co-financing and the lists per administration and goal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.memo.wording_catalogue.entry import Entry

PAYOUTS: tuple[Entry, ...] = (
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
)
