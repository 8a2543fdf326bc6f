"""Payouts: dated inside the year and the project, and not above the organisation's share across
years."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.models import Payout, Submission
from projects.numbers import format_sek, sum_sek
from projects.validation.findings import Finding, required


def check_payout(
    *,
    payment_date: datetime.date | None,
    amount_sek: Decimal | None,
    year: int,
    project_start: datetime.date | None,
    project_end: datetime.date | None,
) -> list[Finding]:
    """A payout is dated inside the reporting year and inside the project's period."""
    findings = []
    if payment_date is None:
        findings.append(required("payment_date"))
    if amount_sek is None:
        findings.append(required("amount_sek"))
    elif amount_sek < 0:
        findings.append(
            Finding("amount_sek", _("Beloppet kan inte vara negativt."), True, "negative_amount")
        )
    if payment_date is None:
        return findings
    if payment_date.year != year:
        findings.append(
            Finding(
                "payment_date",
                _("Datumet %(date)s ligger utanför redovisningsåret %(year)s.")
                % {"date": payment_date.isoformat(), "year": year},
                True,
                "payout_outside_year",
            )
        )
    if project_start and project_end and not (project_start <= payment_date <= project_end):
        findings.append(
            Finding(
                "payment_date",
                _("Datumet %(date)s ligger utanför projektets period (%(start)s – %(end)s).")
                % {
                    "date": payment_date.isoformat(),
                    "start": project_start.isoformat(),
                    "end": project_end.isoformat(),
                },
                True,
                "payout_outside_project",
            )
        )
    return findings


def check_payout_removal(
    *, number: int, payment_date: datetime.date, amount_sek: Decimal
) -> list[Finding]:
    """A saved payout marked for removal: the coordinator confirms it on save (or unmarks it)."""
    return [
        Finding(
            "",
            _(
                "Utbetalning %(number)s (%(date)s, %(amount)s) tas bort när du sparar. "
                "Avmarkera ”Ta bort” på raden om den ska vara kvar."
            )
            % {
                "number": number,
                "date": payment_date.isoformat(),
                "amount": format_sek(amount_sek),
            },
            False,
            "payout_removed",
        )
    ]


def paid_in_other_years(project_ids, *, submission: Submission) -> dict[int, Decimal]:
    """EU money paid to each project in its reports of other years (one query)."""
    return dict(
        Payout.objects.filter(report__project_id__in=list(project_ids))
        .exclude(report__submission=submission)
        .values_list("report__project_id")
        .annotate(total=sum_sek("amount_sek"))
        .values_list("report__project_id", "total")
    )


def check_payout_total(
    *,
    year: int,
    this_year_sek: Decimal,
    other_years_sek: Decimal,
    own_budget_sek: Decimal | None,
) -> list[Finding]:
    """Warn when the EU money paid out for a project, all years together, exceeds the organisation's
    share of its budget; the message says what this year adds."""
    total = this_year_sek + other_years_sek
    if own_budget_sek is None or total <= own_budget_sek:
        return []
    if other_years_sek:
        paid = _("alla år: %(total)s, varav %(year)s: %(this_year)s") % {
            "total": format_sek(total),
            "year": year,
            "this_year": format_sek(this_year_sek),
        }
    else:
        paid = format_sek(total)
    return [
        Finding(
            "",
            _(
                "Utbetalningarna till projektet (%(paid)s) är större än organisationens del av "
                "budgeten (%(share)s). Kontrollera beloppen."
            )
            % {"paid": paid, "share": format_sek(own_budget_sek)},
            False,
            "payouts_above_share",
        )
    ]
