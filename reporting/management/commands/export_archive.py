from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.archive.check import verify
from reporting.archive.package import PackageRefused, archive_package, package_name
from reporting.models import PublishedMemo


class Command(BaseCommand):
    help = (
        "Write a published version's archival package (E-ARK SIP 2.1.0, FGS Paketstruktur 2.0) "
        "as a zip into --output DIR: the version's files, METS.xml, PREMIS and a SHA-256 for "
        "every file."
    )

    def add_base_argument(self, parser, *args, **kwargs):
        # --version names the published version here, not Django's.
        if "--version" not in args:
            super().add_base_argument(parser, *args, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Tjänsteskrivelsens år.")
        parser.add_argument("--version", type=int, required=True, help="Publicerad version.")
        parser.add_argument("--output", required=True, help="Mapp att skriva paketet i.")

    def handle(self, *args, year, version, output, **options):
        published = PublishedMemo.objects.filter(year=year, version=version).first()
        if published is None:
            raise CommandError(f"Ingen publicerad version {version} av {year}.")
        folder = Path(output)
        if not folder.is_dir():
            raise CommandError(f"{folder} är ingen mapp.")
        try:
            data = archive_package(published)
        except PackageRefused as refused:
            raise CommandError(
                f"Version {version} av {year} är inte som den publicerades: inget paket skrivet."
            ) from refused
        if not verify(data):
            raise CommandError("Paketets kontrollsummor stämmer inte: inget paket skrivet.")
        path = folder / f"{package_name(published)}.zip"
        path.write_bytes(data)
        self.stdout.write(f"{path} ({len(data)} byte)")
