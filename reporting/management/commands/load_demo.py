import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.demo_data import DEMO_PASSWORD, load_demo, load_users
from reporting.memo.demo import load_demo_history, load_demo_memo, publish_demo_memo

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = (
        "Load demo data (reference data, users, the approved 2022 and 2023 rounds matching the "
        "2023 council memo, an open 2024 round whose deadline is four weeks after today). "
        "Running it twice changes nothing else. "
        f"Refuses to run with DEBUG off unless given {NOT_PRODUCTION_FLAG}."
    )

    def add_arguments(self, parser):
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
        if options["logins_only"]:
            self._print_logins(load_users())
            return
        users = load_demo(today=options["today"] or timezone.localdate())
        load_demo_memo()
        load_demo_history()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        if options["publish_memo"]:
            published = publish_demo_memo()
            if published is not None:
                self.stdout.write(f"Tjänsteskrivelsen för {published.year} är publicerad.")
        # Last, so that the logins are what a newcomer sees.
        self._print_logins(users)

    def _print_logins(self, users):
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for user in users:
            where = f", {user.administration}" if user.administration else ""
            self.stdout.write(f"  {user.get_role_display()}{where}: {user.email}")
