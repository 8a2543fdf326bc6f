"""The sentences of the section on the year's projects: what the figures rest on, the count
and its comparison with the year before, the budgets and the list per administration."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.memo.wording_catalogue.entry import Entry

PROJECTS: tuple[Entry, ...] = (
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
)
