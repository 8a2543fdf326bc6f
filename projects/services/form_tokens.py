"""A form saved once: each form that saves carries a one-time token, and the save claims it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from projects.models import FormToken, User


class FormTokenUsed(Exception):
    """The form was saved before with this token; ``url`` is the page that save led to."""

    def __init__(self, url: str):
        self.url = url
        super().__init__(url)


class FormTokenSave:
    """The save a token is claimed for: ``saved(url)`` says it went through, and where to."""

    def __init__(self) -> None:
        self.url: str | None = None

    def saved(self, url: str) -> str:
        self.url = url
        return url


@contextmanager
def form_token_once(*, token: uuid.UUID | None, user: User) -> Iterator[FormTokenSave]:
    """Run a form's save at most once per token: the token is claimed first, in the save's
    own transaction, and kept only if the block says ``saved(url)``.

    A second request with the token waits for the first to finish, then raises
    ``FormTokenUsed`` with the first one's page; a refused save (an exception, or no
    ``saved``) leaves the token unused. Without a token the block runs unguarded."""
    save = FormTokenSave()
    with transaction.atomic():
        claim = None
        if token is not None:
            try:
                # Written first, so a second request waits on the unique constraint here
                # (PostgreSQL) or on the write lock (SQLite) before anything is saved.
                with transaction.atomic():
                    claim = FormToken.objects.create(user=user, token=token)
            except IntegrityError:
                url = (
                    FormToken.objects.filter(user=user, token=token)
                    .values_list("redirect_url", flat=True)
                    .first()
                )
                raise FormTokenUsed(url or "") from None
        yield save
        if claim is not None:
            if save.url is None:
                claim.delete()
            else:
                FormToken.objects.filter(pk=claim.pk).update(redirect_url=save.url)
