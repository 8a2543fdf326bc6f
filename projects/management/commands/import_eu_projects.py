"""Import an open file from an EU source: the projects that concern the organisation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.eu_data.files import SourceFileRefused
from projects.services.eu_data import IMPORTABLE, eu_projects_import


class Command(BaseCommand):
    help = (
        "Läser in EU:s öppna projektdata (CORDIS: zip-filen eller project.csv och "
        "organization.csv; Kohesio: CSV-filen för ett land eller en zip-fil med den) och sparar "
        "de projekt som rör organisationen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", help="Zip-filen, de två CSV-filerna (CORDIS) eller CSV-filen."
        )
        parser.add_argument("--source", required=True, choices=[str(s) for s in IMPORTABLE])

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Filen {path} finns inte.")
        try:
            result = eu_projects_import(
                source=options["source"], paths=[str(path) for path in paths]
            )
        except SourceFileRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if result.source_file is None:
            self.stdout.write("Filen är redan inläst; inget ändrades.")
            return
        self.stdout.write(
            f"{result.source_file.rows_read} rader lästa; {result.created} nya projekt, "
            f"{result.changed} ändrade, {result.unchanged} oförändrade."
        )
