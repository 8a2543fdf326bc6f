"""The rows of a template checked with the entry rules and compared with the submission."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects import validation
from projects.eu_data.differences import compare
from projects.eu_data.identifiers import normalise_grant_number
from projects.excel import layout
from projects.excel.cells import (
    Sheet,
    cell_text,
    lookup,
)
from projects.excel.payout_planner import PayoutPlanner
from projects.excel.plan import (
    PROJECT_FIELDS,
    ImportPlan,
    LeftOutRow,
    ProjectRow,
    fact_changes,
)
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Project,
    ProjectReport,
)
from projects.selectors.eu_data import source_records
from projects.validation.eu_data import source_findings

DUPLICATE_PROJECT_KEY = gettext_lazy("Projektnyckeln %(key)s finns på flera rader.")
UNKNOWN_PROJECT_KEY = gettext_lazy(
    "Projektnyckeln %(key)s hör inte till förvaltningens projekt. "
    "Ändra inte nyckeln; töm den för ett nytt projekt."
)


class Planner(PayoutPlanner):
    def __init__(self, plan: ImportPlan):
        super().__init__(plan)
        submission = plan.submission
        self.submission = submission
        self.year = submission.reporting_year.year
        self.administration = submission.administration
        reports = list(
            submission.project_reports.select_related("project").prefetch_related(
                "participating_administrations", "payouts"
            )
        )
        plan.existing_reports = {report.project_id: report for report in reports}
        plan.report_versions = {report.pk: report.version for report in reports}
        self.existing_payouts = {
            payout.pk: payout for report in reports for payout in report.payouts.all()
        }
        self.programmes = lookup(FundingProgramme.objects.all(), "name", "short_name")
        # "Erasmus" is Erasmus+ (and "ESF" ESF+): a programme is found without its closing plus
        # too, where no other programme has that name.
        for name, programme in list(self.programmes.items()):
            self.programmes.setdefault(name.rstrip("+").strip(), programme)
        self.administrations = lookup(
            Administration.objects.valid_in(self.year), "name", "short_code"
        )
        reporting_year = submission.reporting_year
        # check_project_report iterates council_goals.all(): prefetch it once.
        self.reporting_year = (
            type(reporting_year).objects.prefetch_related("council_goals").get(pk=reporting_year.pk)
        )
        # The year's goals win over older goals with the same name.
        year_goals = list(self.reporting_year.council_goals.all())
        self.goals = lookup(
            [*year_goals, *CouncilGoal.objects.exclude(pk__in=[g.pk for g in year_goals])],
            "name",
        )
        # The duplicate check against other administrations, read once instead of per row.
        self.duplicates = validation.ReportedElsewhere.load(
            year=self.year, administration=self.administration
        )
        # Keys and names (casefolded) of the rows left out of the import.
        self.left_out: set[str] = set()
        self.grant_sources = {}
        for value, label in ProjectReport.GrantSource.choices:
            self.grant_sources[value.casefold()] = value
            self.grant_sources[str(label).casefold()] = value
        self.roles = {}
        for value, label in ProjectReport.Role.choices:
            self.roles[value.casefold()] = value
            self.roles[str(label).casefold()] = value

    # -- projects --

    def run(self, projects: Sheet, payouts: Sheet) -> None:
        raw_projects = self._read_rows(projects)
        raw_payouts = self._read_rows(payouts)
        wanted = {
            pk
            for _row, cells in raw_projects
            if (pk := layout.parse_key(cell_text(cells["key"].value), layout.PROJECT_KEY_PREFIX))
        }
        known = {project.pk: project for project in Project.objects.filter(pk__in=wanted)}
        for report in self.plan.existing_reports.values():
            known[report.project_id] = report.project
        # A row without a project key (a file filled in before its first import, uploaded
        # again) is this year's project of the same name, if no row names that project's key.
        self.unkeyed_reports = {}
        for report in sorted(self.plan.existing_reports.values(), key=lambda r: r.pk):
            if report.project_id not in wanted:
                self.unkeyed_reports.setdefault(report.name.strip().casefold(), report)
        keyed_payouts = {
            pk
            for _row, cells in raw_payouts
            if (pk := layout.parse_key(cell_text(cells["key"].value), layout.PAYOUT_KEY_PREFIX))
        }
        self.unkeyed_payouts = defaultdict(list)
        for pk, payout in self.existing_payouts.items():
            if pk not in keyed_payouts:
                self.unkeyed_payouts[payout.report_id].append(payout)
        rows_by_key: dict[str, ProjectRow] = {}
        rows_by_name: dict[str, ProjectRow] = {}
        for row_number, cells in raw_projects:
            project_row = self._project_row(projects, row_number, cells, known, rows_by_key)
            if project_row is None:
                continue
            self.plan.project_rows.append(project_row)
            if project_row.key:
                rows_by_key[project_row.key.casefold()] = project_row
            name = (project_row.values.get("name") or "").casefold()
            if name:
                rows_by_name.setdefault(name, project_row)

        self._check_sources(projects)

        kept = {row.project.pk for row in self.plan.project_rows if row.project}
        self.plan.reports_removed = [
            report
            for project_id, report in self.plan.existing_reports.items()
            if project_id not in kept
        ]

        for row_number, cells in raw_payouts:
            payout_row = self._payout_row(payouts, row_number, cells, rows_by_key, rows_by_name)
            if payout_row is not None:
                self.plan.payout_rows.append(payout_row)
        listed = {row.payout.pk for row in self.plan.payout_rows if row.payout}
        self.plan.payouts_removed = [
            payout for pk, payout in self.existing_payouts.items() if pk not in listed
        ]
        self._check_payout_totals(projects)

    def _choice(self, sheet, row, cells, key, table, failed, message):
        text = self._value(sheet, row, cells, key, failed)
        if not text:
            return None
        found = table.get(text.casefold())
        if found is None:
            failed.add(key)
            self.issue(sheet, row, key, message % {"value": text}, code="unknown_choice")
        return found

    def _project_row(self, sheet, row, cells, known, rows_by_key) -> ProjectRow | None:
        failed: set[str] = set()
        key = self._value(sheet, row, cells, "key", failed) or ""
        project = None
        if key:
            if key.casefold() in rows_by_key:
                self.key_refused(sheet, row, DUPLICATE_PROJECT_KEY, key, code="duplicate_key")
                return None
            pk = layout.parse_key(key, layout.PROJECT_KEY_PREFIX)
            if pk is not None:
                project = known.get(pk)
                if project is None or project.administration_id != self.administration.pk:
                    self.key_refused(sheet, row, UNKNOWN_PROJECT_KEY, key, code="unknown_key")
                    return None
        row_name = self._value(sheet, row, cells, "name", failed) or ""
        if project is None and row_name:
            same_name = self.unkeyed_reports.pop(row_name.strip().casefold(), None)
            if same_name is not None:
                project = same_name.project
        include = self._yes_no(sheet, row, cells, "include", failed)
        in_submission = project is not None and project.pk in self.plan.existing_reports
        # A project not in this year's submission (last year's, prefilled) is taken only when
        # the coordinator says Ja; any row is left out with Nej.
        if include is False or (include is None and project is not None and not in_submission):
            self.plan.rows_left_out.append(LeftOutRow(row=row, name=row_name or key))
            self.left_out.update(text.casefold() for text in (key, row_name) if text)
            return None
        values = {
            name: self._value(sheet, row, cells, name, failed)
            for name in PROJECT_FIELDS
            if name not in ("programme", "role", "grant_source")
        }
        for name in ("name", "acronym", "lead_organisation", "partner_locations"):
            values[name] = values[name] or ""
        values["description"] = values["description"] or ""
        values["grant_number"] = normalise_grant_number(values["grant_number"] or "")
        values["grant_source"] = (
            self._choice(
                sheet,
                row,
                cells,
                "grant_source",
                self.grant_sources,
                failed,
                _("Källan ”%(value)s” finns inte i listan. Välj en källa i listan."),
            )
            or ""
        )
        values["website"] = values["website"] or ""
        values["programme"] = self._choice(
            sheet,
            row,
            cells,
            "programme",
            self.programmes,
            failed,
            _("Programmet ”%(value)s” finns inte i listan. Välj ett program i listan."),
        )
        role = self._value(sheet, row, cells, "role", failed)
        values["role"] = self.roles.get((role or "").casefold()) if role else None
        if role and values["role"] is None:
            failed.add("role")
            self.issue(
                sheet,
                row,
                "role",
                _("Rollen ”%(value)s” finns inte. Välj Projektägare eller Projektpartner.")
                % {"value": role},
                code="unknown_choice",
            )

        participating = []
        for n in range(1, layout.PARTICIPATING_COLUMNS + 1):
            column_key = f"participating_{n}"
            text = self._value(sheet, row, cells, column_key, failed) or ""
            for name in filter(None, (part.strip() for part in text.split(";"))):
                administration = self.administrations.get(name.casefold())
                if administration is None:
                    self.issue(
                        sheet,
                        row,
                        column_key,
                        _("Förvaltningen ”%(value)s” finns inte i listan.") % {"value": name},
                        code="unknown_choice",
                    )
                elif administration not in participating:
                    participating.append(administration)

        council_goal = self._choice(
            sheet,
            row,
            cells,
            "council_goal",
            self.goals,
            failed,
            _("Kommunfullmäktigemålet ”%(value)s” finns inte. Välj ett mål i listan."),
        )
        results = self._value(sheet, row, cells, "results", failed) or ""
        suggested = bool(self._yes_no(sheet, row, cells, "suggested_as_example", failed))

        # The same checks as the entry forms, from the same code.
        findings = validation.check_project(
            values=values,
            administration=self.administration,
            year=self.year,
            exclude_project_id=project.pk if project else None,
            duplicates=self.duplicates,
        )
        findings += validation.check_project_report(
            council_goal=council_goal, reporting_year=self.reporting_year
        )
        for finding in validation.check_participants(
            administration=self.administration, participants=participating
        ):
            # Reported at the first column of participating administrations.
            self.issue(sheet, row, "participating_1", finding.message, code=finding.code)
        self._findings(sheet, row, findings, failed)
        self._field_errors(sheet, row, ProjectReport, values, failed)

        report = self.plan.existing_reports.get(project.pk) if project is not None else None
        project_row = ProjectRow(
            row=row,
            key=key,
            project=project,
            report=report,
            values=values,
            participating=participating,
            council_goal=council_goal,
            results=results,
            suggested_as_example=suggested,
        )
        if report is not None:
            project_row.changes = fact_changes(report, values, participating)
        return project_row

    def _check_sources(self, sheet: Sheet) -> None:
        """Each row with a project number beside its imported EU record: the differences are
        warnings (one query for the whole file)."""
        keys = {
            row.row: (row.values.get("grant_source") or "", row.values.get("grant_number") or "")
            for row in self.plan.project_rows
        }
        records = source_records(keys.values())
        for row in self.plan.project_rows:
            record = records.get(keys[row.row])
            if record is not None:
                comparison = compare(row.values, record, self.reporting_year.eur_rate_sek)
                self._findings(sheet, row.row, source_findings(comparison), set())

    def _yes_no(self, sheet, row, cells, key, failed) -> bool | None:
        """Ja (True), Nej (False) or an empty cell (None); anything else is an issue."""
        text = (self._value(sheet, row, cells, key, failed) or "").casefold()
        if not text:
            return None
        if text in ("ja", "j", "x", "1", "true", "sant", "yes"):
            return True
        if text not in ("nej", "n", "0", "false", "falskt", "no"):
            failed.add(key)
            self.issue(sheet, row, key, _("Skriv Ja eller Nej."), code="invalid_value")
            return None
        return False
