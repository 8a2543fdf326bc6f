"""Saving the organisation's settings."""

from __future__ import annotations

from django.db import transaction

from projects.models import DecisionStep, Organisation, User


@transaction.atomic
def organisation_save(
    *, organisation: Organisation, steps: list[tuple[str, str]], user: User | None
) -> Organisation:
    """Save the organisation and replace its decision path by ``steps`` (body, short form), in
    order. Closed years keep their own copy (``ReportingYear.organisation_snapshot``)."""
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
