"""Which account an Entra ID sign-in reaches, and the development coordinator's confirmation of
a link that an e-mail address alone may not make.

An account is bound to the person's tenant and object id (``tid``, ``oid``), which Entra ID
never gives to anyone else; the e-mail address is neither verified nor fixed, so it finds an
account for a new person only when no account has that address yet.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.audit import login_event_record, normalized_username
from projects.models import LoginEvent, SingleSignOnIdentity, User


class SingleSignOnRefused(Exception):
    """The sign-in reaches no account; ``code`` says why."""

    NO_IDENTITY = "no_identity"
    OTHER_TENANT = "other_tenant"
    NO_EMAIL = "no_email"
    LINK_PENDING = "link_pending"

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _guid(value) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def single_sign_on_sign_in(*, tenant_id, object_id, email: str, name: str = "") -> User:
    """The account of a verified identity; a new one, without a role, for an unknown identity
    whose e-mail address no account has.

    ``tenant_id`` and ``object_id`` must come from the verified ID token. An unknown identity
    whose address an account has already is refused and recorded as waiting for the
    development coordinator (``single_sign_on_link_confirm``)."""
    tenant, person = _guid(tenant_id), _guid(object_id)
    if tenant is None or person is None:
        raise SingleSignOnRefused(SingleSignOnRefused.NO_IDENTITY)
    if tenant != _guid(settings.OIDC_TENANT_ID):
        raise SingleSignOnRefused(SingleSignOnRefused.OTHER_TENANT)
    # The refusal is raised after the transaction, so the waiting link it records is kept.
    with transaction.atomic():
        user = _account_for(tenant=tenant, person=person, email=email, name=name[:200])
    if user is None:
        raise SingleSignOnRefused(SingleSignOnRefused.LINK_PENDING)
    return user


def _account_for(*, tenant: uuid.UUID, person: uuid.UUID, email: str, name: str) -> User | None:
    identity = (
        SingleSignOnIdentity.objects.select_for_update()
        .select_related("user")
        .filter(tenant_id=tenant, object_id=person)
        .first()
    )
    if identity is not None and identity.is_linked:
        user = identity.user
        # The name follows Entra ID; the e-mail address stays as the account has it.
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user
    address = normalized_username(email)
    if "@" not in address or len(address) > 254:
        raise SingleSignOnRefused(SingleSignOnRefused.NO_EMAIL)
    if identity is None:
        identity = SingleSignOnIdentity(tenant_id=tenant, object_id=person)
    identity.requested_at = timezone.now()
    identity.email, identity.name = address, name
    owner = User.objects.filter(email__iexact=address).first()
    if owner is None:
        # No password: the account signs in through Entra ID only.
        owner = User.objects.create_user(email=address, full_name=name)
        identity.linked_at = identity.requested_at
    identity.user = owner
    identity.full_clean()
    identity.save()
    return identity.user if identity.is_linked else None


@transaction.atomic
def single_sign_on_link_confirm(
    *, identity: SingleSignOnIdentity, by: User | None, request=None
) -> SingleSignOnIdentity:
    """Let a waiting identity sign in to the account its e-mail address belongs to; the
    confirmation goes into the sign-in record (``by`` empty: from the command line)."""
    identity = (
        SingleSignOnIdentity.objects.select_for_update().select_related("user").get(pk=identity.pk)
    )
    if identity.is_linked:
        raise ValidationError(
            _("Inloggningen är redan kopplad till kontot."), code="already_linked"
        )
    identity.linked_at = timezone.now()
    identity.linked_by = by
    identity.full_clean()
    identity.save(update_fields=["linked_at", "linked_by"])
    login_event_record(
        kind=LoginEvent.Kind.SSO_LINKED, request=request, user=identity.user, changed_by=by
    )
    return identity
