"""The rows of the template's payout sheet, checked and matched with the submission's payouts."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects import validation
from projects.excel import layout
from projects.excel.cells import Reader, Sheet
from projects.excel.plan import PAYOUT_FIELDS, PayoutRow
from projects.models import Payout

UNKNOWN_PAYOUT_KEY = gettext_lazy(
    "Utbetalningsnyckeln %(key)s finns inte i inrapporteringen. Töm cellen för en ny utbetalning."
)


class PayoutPlanner(Reader):
    """The payout half of ``Planner``, which sets ``existing_payouts``, ``unkeyed_payouts`` and
    ``left_out`` and reads the project rows first."""

    def _payout_row(self, sheet, row, cells, rows_by_key, rows_by_name) -> PayoutRow | None:
        failed: set[str] = set()
        key = self._value(sheet, row, cells, "key", failed) or ""
        payout = None
        if key:
            pk = layout.parse_key(key, layout.PAYOUT_KEY_PREFIX)
            payout = self.existing_payouts.get(pk) if pk is not None else None
            if payout is None:
                self.key_refused(sheet, row, UNKNOWN_PAYOUT_KEY, key, code="unknown_key")
                return None
        project_key = self._value(sheet, row, cells, "project_key", failed) or ""
        project_name = self._value(sheet, row, cells, "project_name", failed) or ""
        project_row = rows_by_key.get(project_key.casefold()) if project_key else None
        if project_row is None and not project_key and project_name:
            project_row = rows_by_name.get(project_name.casefold())
        if project_row is None and (project_key or project_name).casefold() in self.left_out:
            self.issue(
                sheet,
                row,
                "project_key" if project_key else "project_name",
                _(
                    "Projektet ”%(project)s” har inte Ja i kolumnen %(column)s i bladet Projekt. "
                    "Skriv Ja där för att läsa in projektet och dess utbetalningar."
                )
                % {"project": project_key or project_name, "column": layout.INCLUDE_HEADER},
                code="project_not_included",
            )
        elif project_row is None:
            self.issue(
                sheet,
                row,
                "project_key" if project_key or not project_name else "project_name",
                _(
                    "Projektet ”%(project)s” finns inte i bladet Projekt. Ange projektets "
                    "nyckel från bladet Projekt."
                )
                % {"project": project_key or project_name or "–"},
                code="unknown_project",
            )
        values = {name: self._value(sheet, row, cells, name, failed) for name in PAYOUT_FIELDS}
        values["note"] = values["note"] or ""
        if payout is None and project_row is not None and project_row.report is not None:
            payout = self._unkeyed_payout(project_row.report, values)
        project_values = project_row.values if project_row else {}
        findings = validation.check_payout(
            payment_date=values["payment_date"],
            amount_sek=values["amount_sek"],
            year=self.year,
            project_start=project_values.get("start_date"),
            project_end=project_values.get("end_date"),
        )
        self._findings(sheet, row, findings, failed)
        self._field_errors(sheet, row, Payout, values, failed)
        payout_row = PayoutRow(row=row, payout=payout, project_row=project_row, values=values)
        if payout is not None:
            payout_row.changes = [
                str(Payout._meta.get_field(name).verbose_name)
                for name in PAYOUT_FIELDS
                if getattr(payout, name) != values[name]
            ]
            if (
                project_row is None
                or project_row.project is None
                or (payout.report.project_id != project_row.project.pk)
            ):
                payout_row.changes.append(str(_("projekt")))
        return payout_row

    def _unkeyed_payout(self, report, values) -> Payout | None:
        """The project's payout with the same date and amount that no row names by key."""
        candidates = self.unkeyed_payouts.get(report.pk, [])
        for payout in candidates:
            if payout.payment_date == values.get(
                "payment_date"
            ) and payout.amount_sek == values.get("amount_sek"):
                candidates.remove(payout)
                return payout
        return None

    def _check_payout_totals(self, projects: Sheet) -> None:
        paid: dict[int, Decimal] = defaultdict(Decimal)
        for payout_row in self.plan.payout_rows:
            if payout_row.project_row is not None and payout_row.values.get("amount_sek"):
                paid[id(payout_row.project_row)] += payout_row.values["amount_sek"]
        # Payouts of the same projects reported in other years count towards the share too.
        elsewhere = validation.paid_in_other_years(
            [row.project.pk for row in self.plan.project_rows if row.project],
            submission=self.submission,
        )
        for project_row in self.plan.project_rows:
            findings = validation.check_payout_total(
                year=self.year,
                this_year_sek=paid.get(id(project_row), Decimal("0")),
                other_years_sek=(
                    elsewhere.get(project_row.project.pk) or Decimal("0")
                    if project_row.project is not None
                    else Decimal("0")
                ),
                own_budget_sek=project_row.values.get("own_budget_sek"),
            )
            self._findings(projects, project_row.row, findings, set())
