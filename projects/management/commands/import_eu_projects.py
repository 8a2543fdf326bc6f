"""Import an open file from an EU source: the projects that concern the organisation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from projects.eu_data.cordis import SourceFileRefused
from projects.services.eu_data import eu_projects_import


class Command(BaseCommand):
    help = (
        "Läser in EU:s öppna projektdata (CORDIS: zip-filen eller project.csv och "
        "organization.csv) och sparar de projekt som rör organisationen."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Zip-filen, eller de två CSV-filerna.")
        parser.add_argument("--source", required=True, choices=["cordis"])

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
