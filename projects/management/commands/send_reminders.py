"""Remind coordinators of administrations that have not submitted their report (meant for cron)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects import services
from projects.models import ReportingYear


class Command(BaseCommand):
    help = "E-posta samordnarna på förvaltningar som inte har skickat in årets inrapportering."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Redovisningsåret, t.ex. 2023.")

    def handle(self, *args, year, **options):
        reporting_year = ReportingYear.objects.filter(year=year).first()
        if reporting_year is None:
            raise CommandError(f"Redovisningsåret {year} finns inte. Öppna året först.")
        try:
            result = services.reminders_send(reporting_year=reporting_year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for administration, count in result.sent.items():
            self.stdout.write(f"{administration}: {count} e-post")
        for administration in result.without_coordinator:
            self.stderr.write(f"{administration}: ingen aktiv samordnare, ingen påminnelse skickad")
        one = result.email_count == 1
        emails = "påminnelse skickad" if one else "påminnelser skickade"
        administrations = "förvaltning" if len(result.sent) == 1 else "förvaltningar"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.email_count} {emails} till "
                f"{len(result.sent)} {administrations} för {year}."
            )
        )
