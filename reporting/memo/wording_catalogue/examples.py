"""The sentences of the example paragraphs: an owner's or a partner's project, projects under
one goal, cooperation, and an administration's own international work."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.memo.wording_catalogue.entry import Entry

EXAMPLES: tuple[Entry, ...] = (
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
