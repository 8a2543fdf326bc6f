import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.demo import CITIES, DEFAULT, DemoRefused, load_demo, load_users
from reporting.memo.demo import load_demo_history, load_demo_memo, publish_demo_memo

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = (
        "Load a demo city into an empty database (its organisation, reference data, users, "
        "two approved years with a drafted 2023 memo, an open 2024 round whose deadline is four "
        "weeks after today). Running it twice changes nothing else; another organisation's "
        f"data is refused. Refuses to run with DEBUG off unless given {NOT_PRODUCTION_FLAG}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--city",
            choices=sorted(CITIES),
            default=DEFAULT.key,
            help=f"Which demo city (default {DEFAULT.key}).",
        )
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            action="store_true",
            dest="not_production",
            help="Load the demo data although DEBUG is off (a test or staging server).",
        )
        parser.add_argument(
            "--publish-memo",
            action="store_true",
            help="Also publish the 2023 memo (renders its PDF and Word file; takes a while).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The day the open round's deadline is counted from (YYYY-MM-DD; default today).",
        )
        parser.add_argument(
            "--logins-only",
            action="store_true",
            help="Only print the demo logins (of demo data already loaded).",
        )

    def handle(self, *args, **options):
        # The demo users share one published password: never on a production database. The
        # test configuration (TESTING) runs with DEBUG off on throwaway databases.
        if not (settings.DEBUG or settings.TESTING or options["not_production"]):
            raise CommandError(
                _(
                    "load_demo vägrar köra när DEBUG är av: demoanvändarna har ett känt lösenord "
                    "och hör inte hemma i en produktionsdatabas. Kör med DEBUG=1 i utveckling, "
                    "eller lägg till %(flag)s på en test- eller demoserver."
                )
                % {"flag": NOT_PRODUCTION_FLAG}
            )
        city = CITIES[options["city"]]
        if options["logins_only"]:
            self._print_logins(city, load_users(city))
            return
        try:
            users = load_demo(city, today=options["today"] or timezone.localdate())
        except DemoRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        load_demo_memo(city)
        load_demo_history(city)
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        if options["publish_memo"]:
            published = publish_demo_memo(city)
            if published is not None:
                self.stdout.write(f"Tjänsteskrivelsen för {published.year} är publicerad.")
        # Last, so that the logins are what a newcomer sees.
        self._print_logins(city, users)

    def _print_logins(self, city, users):
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {city.password}):")
        for user in users:
            where = f", {user.administration}" if user.administration else ""
            self.stdout.write(f"  {user.get_role_display()}{where}: {user.email}")
