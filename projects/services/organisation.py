"""Saving the organisation's settings."""

from __future__ import annotations

from django.db import transaction

from projects.logos import LogoFile
from projects.models import DecisionStep, Organisation, OrganisationLogo, User


def organisation_logo_keep(logo: LogoFile) -> OrganisationLogo:
    """The kept logo with ``logo``'s content: the same image uploaded twice is kept once."""
    kept, _created = OrganisationLogo.objects.get_or_create(
        sha256=logo.sha256, defaults={"content_type": logo.content_type, "data": logo.data}
    )
    return kept


@transaction.atomic
def organisation_save(
    *,
    organisation: Organisation,
    steps: list[tuple[str, str]],
    user: User | None,
    logo: LogoFile | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Save the organisation and replace its decision path by ``steps`` (body, short form), in
    order; ``logo`` (read by ``projects.logos.read_logo``) becomes its logo, or ``remove_logo``
    leaves it without. Closed years keep their own copy (``ReportingYear.organisation_snapshot``),
    their logo included: a kept logo is never changed or deleted."""
    if logo is not None:
        organisation.logo = organisation_logo_keep(logo)
    elif remove_logo:
        organisation.logo = None
    organisation.full_clean()
    organisation._change_reason = "settings page"
    organisation._history_user = user
    organisation.save()
    current = list(organisation.decision_steps.order_by("position", "pk"))
    wanted = [(body.strip(), abbreviation.strip()) for body, abbreviation in steps]
    if [(step.body, step.abbreviation) for step in current] != wanted:
        organisation.decision_steps.all().delete()
        for position, (body, abbreviation) in enumerate(wanted, start=1):
            step = DecisionStep(
                organisation=organisation, position=position, body=body, abbreviation=abbreviation
            )
            step.full_clean()
            step._history_user = user
            step.save()
    return organisation
