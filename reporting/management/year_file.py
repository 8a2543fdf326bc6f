"""What the commands that write one file of a reporting year share."""

from pathlib import Path

from django.core.management.base import BaseCommand


class YearFileCommand(BaseCommand):
    """Writes one file for ``--year`` to ``--output`` and says how large it is."""

    output_help = "File to write."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help=self.output_help)

    def write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Skrev {path} ({len(data)} byte)."))
