from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from projects.demo_data import DEMO_PASSWORD, load_demo
from reporting.memo.demo import load_demo_history, load_demo_memo

NOT_PRODUCTION_FLAG = "--i-know-this-is-not-production"


class Command(BaseCommand):
    help = (
        "Load demo data (reference data, users, the approved 2022 and 2023 rounds matching the "
        "2023 council memo, an open 2024 round). Running it twice changes nothing. "
        f"Refuses to run with DEBUG off unless given {NOT_PRODUCTION_FLAG}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            NOT_PRODUCTION_FLAG,
            action="store_true",
            dest="not_production",
            help="Load the demo data although DEBUG is off (a test or staging server).",
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
        users = load_demo()
        load_demo_memo()
        load_demo_history()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for user in users:
            where = f", {user.administration}" if user.administration else ""
            self.stdout.write(f"  {user.get_role_display()}{where}: {user.email}")
