"""Historical totals: what old memos state for the years before the application."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import User
from reporting.models import HistoricalTotal
from reporting.selectors.trend import years_with_reporting_data


def year_has_reporting_data(year: int) -> bool:
    """Whether the application holds reporting data (a round with submissions) for the year."""
    return bool(years_with_reporting_data([year]))


def check_historical_total(
    *, year: int | None, project_count: int | None, owner_count=None, partner_count=None
) -> None:
    """Refuse what the model's own checks cannot see: a year the application computes (the
    two never mix for a year) and roles adding up to more projects than the total.

    The one owner of these rules: the form, the admin and ``historical_total_save`` call it."""
    errors = {}
    if year is not None and year_has_reporting_data(year):
        errors["year"] = _(
            "%(year)s finns redan som redovisningsår med inrapporteringar i applikationen. "
            "Siffrorna för det året beräknas från inrapporteringarna och kan inte läggas in "
            "för hand."
        ) % {"year": year}
    if None not in (project_count, owner_count, partner_count) and (
        owner_count + partner_count > project_count
    ):
        errors["project_count"] = _(
            "Antalet EU-projekt kan inte vara mindre än projektägare och partner tillsammans."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def historical_total_save(
    *,
    user: User | None,
    year: int,
    project_count: int,
    source: str,
    owner_count: int | None = None,
    partner_count: int | None = None,
    payouts_sek: Decimal | None = None,
    payouts_wording: str = "",
    note: str = "",
    instance: HistoricalTotal | None = None,
) -> HistoricalTotal:
    """Create or change a year's historical total, after every check (the year rule included)."""
    total = instance if instance is not None else HistoricalTotal()
    if total.pk is not None:
        # Changed under a lock, so two edits of the same year do not interleave.
        total = HistoricalTotal.objects.select_for_update().get(pk=total.pk)
    total.year = year
    total.project_count = project_count
    total.owner_count = owner_count
    total.partner_count = partner_count
    total.payouts_sek = payouts_sek
    total.payouts_wording = payouts_wording.strip()
    total.source = source.strip()
    total.note = note.strip()
    total.entered_by = user
    errors: dict[str, list] = {}
    try:
        total.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        check_historical_total(
            year=year,
            project_count=project_count,
            owner_count=owner_count,
            partner_count=partner_count,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    total.save()
    return total


@transaction.atomic
def historical_total_delete(*, total: HistoricalTotal) -> int:
    """Remove a year's historical total (entered by hand, it can be entered again); the year."""
    year = total.year
    HistoricalTotal.objects.filter(pk=total.pk).delete()
    return year
