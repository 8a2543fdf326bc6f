"""Import a filled coordinator template from the command line, with the web's checks."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from projects import services
from projects.excel.importer import plan_import
from projects.excel.safety import MAX_UPLOAD_BYTES, WorkbookRefused
from projects.models import Administration, Submission


def administration_by_code_or_name(value: str) -> Administration:
    found = Administration.objects.filter(Q(short_code__iexact=value) | Q(name__iexact=value))
    administration = found.first()
    if administration is None:
        raise CommandError(f"Ingen förvaltning heter eller har kortnamnet ”{value}”.")
    return administration


class Command(BaseCommand):
    help = "Läser in en ifylld Excel-mall i en inrapportering, med samma kontroller som webben."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Den ifyllda mallen (.xlsx).")
        parser.add_argument("--administration", required=True, help="Kortnamn eller namn.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara vad som skulle hända."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError("Filen är större än 10 MB och läses inte in.")
        administration = administration_by_code_or_name(options["administration"])
        submission = (
            Submission.objects.select_related("administration", "reporting_year")
            .filter(administration=administration, reporting_year__year=options["year"])
            .first()
        )
        if submission is None:
            raise CommandError(f"{administration} har ingen inrapportering för {options['year']}.")
        data = path.read_bytes()
        try:
            plan = plan_import(submission=submission, data=data)
        except WorkbookRefused as refusal:
            raise CommandError(refusal.message) from refusal

        for issue in plan.errors:
            self.stderr.write(f"Fel: {issue}")
        for issue in plan.warnings:
            self.stdout.write(f"Varning: {issue}")
        counts = {
            "created": len(plan.projects_created),
            "changed": len(plan.projects_changed),
            "added": len(plan.reports_created),
            "removed": len(plan.reports_removed),
            "p_created": len(plan.payouts_created),
            "p_changed": len(plan.payouts_changed),
            "p_removed": len(plan.payouts_removed),
        }
        self.stdout.write(
            "Projekt: {created} nya, {changed} ändrade, {added} tas med från tidigare "
            "år, {removed} tas bort. Utbetalningar: {p_created} nya, {p_changed} ändrade, "
            "{p_removed} tas bort.".format(**counts)
        )
        if plan.has_errors:
            raise CommandError(f"{len(plan.errors)} fel: ingenting har sparats.")
        if options["dry_run"]:
            self.stdout.write("Provkörning: ingenting har sparats.")
            return
        try:
            services.submission_import_workbook(
                submission=submission,
                data=data,
                checksum=plan.checksum,
                plan=plan,
                by=None,
            )
        except (WorkbookRefused, ValidationError) as error:
            message = error.message if isinstance(error, WorkbookRefused) else error.messages
            raise CommandError(f"Ingenting har sparats: {message}") from error
        self.stdout.write(self.style.SUCCESS("Filen är inläst."))
