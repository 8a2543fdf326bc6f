from django.core.management.base import BaseCommand

from projects.demo_data import DEMO_PASSWORD, load_demo
from reporting.demo_memo import load_demo_memo


class Command(BaseCommand):
    help = (
        "Load demo data (reference data, users, the approved 2022 and 2023 rounds matching the "
        "2023 council memo, an open 2024 round). Running it twice changes nothing."
    )

    def handle(self, *args, **options):
        users = load_demo()
        load_demo_memo()
        self.stdout.write(self.style.SUCCESS("Demodata inläst."))
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {DEMO_PASSWORD}):")
        for user in users:
            where = f", {user.administration}" if user.administration else ""
            self.stdout.write(f"  {user.get_role_display()}{where}: {user.email}")
