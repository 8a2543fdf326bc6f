"""The pages' side of a form saved once: the hidden token field, and the view mixin that claims
it (the claim itself is ``projects.services.form_tokens``)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from projects.services.form_tokens import FormTokenUsed, form_token_once

FORM_TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret


def posted_form_token(request) -> uuid.UUID | None:
    """The token the form was sent with; None when there is none or it is not a token.

    A form without one (a page opened before tokens existed, a script) is saved as before:
    the token only recognises a form sent again, the permission checks guard the rest."""
    try:
        return uuid.UUID(request.POST.get(FORM_TOKEN_FIELD, ""))
    except ValueError:
        return None


class FormTokenMixin:
    """A view whose POST saves at most once per form token: it runs in one transaction with
    the token's claim, and the view calls ``self.form_token.saved(url)`` when the save went
    through. The same form sent again goes to that page, with a message that it was saved.

    Put it first among the bases: a form sent again is recognised before the checks that
    the first save may have changed (a submission sent in is no longer editable)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        try:
            with form_token_once(
                token=posted_form_token(request), user=request.user
            ) as self.form_token:
                return super().dispatch(request, *args, **kwargs)
        except FormTokenUsed as used:
            # The class lets the page put away the form's kept draft (static/js/session.js).
            messages.info(request, _("Uppgifterna var redan sparade."), extra_tags="form-saved")
            return redirect(used.url or request.path)
