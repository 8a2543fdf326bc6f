import json

from django.core.management.base import BaseCommand, CommandError

from projects.years import FIRST_YEAR, LAST_YEAR, is_plausible_year
from reporting.selectors import figures_with_status, year_figures, year_status


class Command(BaseCommand):
    help = (
        "Print the figures of a year as JSON, with the year's status: approved submissions "
        "only, or all submissions with --preliminary. The keys are documented in "
        "docs/report-summary.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Redovisningsåret, t.ex. 2023.")
        parser.add_argument(
            "--preliminary",
            action="store_true",
            help="Räkna med alla inrapporteringar, även de som inte är godkända.",
        )

    def handle(self, *args, year, preliminary, **options):
        if not is_plausible_year(year):
            raise CommandError(f"Året måste ligga mellan {FIRST_YEAR} och {LAST_YEAR}.")
        figures = year_figures(year, preliminary=preliminary)
        data = figures_with_status(figures, year_status(year))
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
