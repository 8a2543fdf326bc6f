"""Read queries of the users page: everyone who can sign in, with their links to Entra ID."""

from __future__ import annotations

from django.db.models import Prefetch

from projects.models import SingleSignOnIdentity, User


def user_list():
    """Everyone who can sign in, those still without a role first ("" sorts before every role),
    with their confirmed Entra ID links (``sso_links``) and the administration."""
    links = SingleSignOnIdentity.objects.linked().select_related("linked_by")
    return (
        User.objects.select_related("administration")
        .prefetch_related(
            Prefetch(
                "sso_identities",
                queryset=links.order_by("linked_at", "pk"),
                to_attr="sso_links",
            )
        )
        .order_by("role", "full_name", "email")
    )


def users_without_role_count() -> int:
    """How many accounts wait for a role (superusers need none)."""
    return User.objects.filter(role="", is_superuser=False).count()


def pending_links():
    """Entra ID sign-ins waiting to be let into an account, oldest first."""
    return (
        SingleSignOnIdentity.objects.pending().select_related("user").order_by("requested_at", "pk")
    )
