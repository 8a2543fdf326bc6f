import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reporting.exports.services import export_files_cleanup


class Command(BaseCommand):
    help = (
        "Remove the Excel export files made (or failed) longer ago than --older-than-hours, "
        "by default settings.EXPORT_FILES_MAX_AGE_HOURS; files being made stay. For cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=None,
            help="Ta bort filer som skapades för mer än så många timmar sedan "
            "(standard: EXPORT_FILES_MAX_AGE_HOURS).",
        )

    def handle(self, *args, older_than_hours, **options):
        hours = older_than_hours
        if hours is None:
            hours = settings.EXPORT_FILES_MAX_AGE_HOURS
        if hours < 0:
            raise CommandError("Antalet timmar får inte vara negativt.")
        removed = export_files_cleanup(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"{removed} exportfiler äldre än {hours} timmar togs bort.")
