"""Write the full-year workbook, or one administration's coordinator template."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q

from projects.excel.template import submission_template
from projects.models import Administration, ReportingYear, Submission
from reporting.exports import workbook as exports
from reporting.management.year_file import YearFileCommand


class Command(YearFileCommand):
    help = (
        "Skriver årets arbetsbok (projekt, utbetalningar, summor), eller med --administration "
        "den förvaltningens Excel-mall."
    )

    output_help = "Filen som skrivs (.xlsx)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--administration", help="Kortnamn eller namn: skriv mallen.")
        parser.add_argument(
            "--preliminary",
            action="store_true",
            help="Ta med alla inrapporteringar, inte bara godkända.",
        )

    def handle(self, *args, **options):
        year, output = options["year"], Path(options["output"])
        if not ReportingYear.objects.filter(year=year).exists():
            raise CommandError(f"Redovisningsåret {year} finns inte.")
        if options["administration"]:
            value = options["administration"]
            administration = Administration.objects.filter(
                Q(short_code__iexact=value) | Q(name__iexact=value)
            ).first()
            if administration is None:
                raise CommandError(f"Ingen förvaltning heter eller har kortnamnet ”{value}”.")
            submission = (
                Submission.objects.select_related("administration", "reporting_year")
                .filter(administration=administration, reporting_year__year=year)
                .first()
            )
            if submission is None:
                raise CommandError(f"{administration} har ingen inrapportering för {year}.")
            data = submission_template(submission)
        else:
            data = exports.year_workbook(
                exports.year_export_data(year, preliminary=options["preliminary"])
            )
        self.write(output, data)
