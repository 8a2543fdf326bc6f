"""The administrations taking part in a project."""

from __future__ import annotations

from django.utils.translation import gettext as _

from projects.models import Administration
from projects.validation.findings import Finding


def check_participants(*, administration, participants) -> list[Finding]:
    """The other administrations taking part: never the reporting administration itself."""
    own = getattr(administration, "pk", administration)
    if any(getattr(item, "pk", item) == own for item in participants):
        name = administration.name if isinstance(administration, Administration) else ""
        return [
            Finding(
                "participating_administrations",
                _(
                    "%(administration)s rapporterar projektet och kan inte också stå som "
                    "medverkande förvaltning. Välj bara andra förvaltningar."
                )
                % {"administration": name or _("Den egna förvaltningen")},
                True,
                "participant_is_reporter",
            )
        ]
    return []
