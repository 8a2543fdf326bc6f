"""The development coordinator gives people their role and administration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.audit import login_event_record
from projects.models import Administration, LoginEvent, User


@transaction.atomic
def user_role_assign(
    *,
    user: User,
    role: str,
    administration: Administration | None,
    by: User,
    request=None,
) -> User:
    """Set a person's role and administration; a change of role goes into the sign-in record.

    A coordinator needs an administration; the other roles read the whole city's data, so their
    administration only says where they work."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if role == User.Role.COORDINATOR and administration is None:
        raise ValidationError(
            {
                "administration": ValidationError(
                    _("En förvaltningssamordnare måste höra till en förvaltning."),
                    code="administration_required",
                )
            }
        )
    if user.pk == by.pk and role != user.role:
        raise ValidationError(
            {"role": _("Du kan inte ändra din egen roll; be en annan utvecklingssamordnare.")}
        )
    old_role = user.role
    user.role = role
    user.administration = administration
    user.full_clean()
    user.save(update_fields=["role", "administration"])
    if old_role != role:
        login_event_record(
            kind=LoginEvent.Kind.ROLE_CHANGED,
            request=request,
            user=user,
            changed_by=by,
            old_role=old_role,
            new_role=role,
        )
    return user
