"""Confirm a waiting Entra ID sign-in from the command line: for when nobody who could confirm
it on the Users page can sign in (the first development coordinator after an upgrade)."""

import uuid

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects import services
from projects.audit import user_for_username
from projects.models import SingleSignOnIdentity


class Command(BaseCommand):
    help = (
        "Kopplar en väntande inloggning med organisationskonto till kontot med e-postadressen, "
        "som knappen Koppla inloggningen på sidan Användare."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Kontots e-postadress.")
        parser.add_argument(
            "--object-id", help="Objekt-id i Entra ID, när flera inloggningar väntar på kontot."
        )

    def handle(self, *args, email, object_id=None, **options):
        user = user_for_username(email)
        if user is None:
            raise CommandError(f"Inget konto har e-postadressen {email}.")
        waiting = SingleSignOnIdentity.objects.pending().filter(user=user).order_by("pk")
        if object_id:
            try:
                waiting = waiting.filter(object_id=uuid.UUID(object_id))
            except ValueError as error:
                raise CommandError(f"{object_id} är inget objekt-id.") from error
        identities = list(waiting)
        if not identities:
            raise CommandError(f"Ingen inloggning väntar på koppling till {user.email}.")
        if len(identities) > 1:
            listed = ", ".join(str(identity.object_id) for identity in identities)
            raise CommandError(f"Flera inloggningar väntar; välj en med --object-id: {listed}.")
        try:
            identity = services.single_sign_on_link_confirm(identity=identities[0], by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Objekt-id {identity.object_id} är kopplat till {user.email}.")
        )
