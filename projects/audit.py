"""The sign-in record: who signed in, failed, was locked out, signed out or changed role.

Every event carries the time (stored in UTC) and the address the request came from.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

from projects.models import LoginEvent, User


def _valid_ip(value: str | None) -> bool:
    if not value:
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request) -> str | None:
    """The client's address: the connection's, or the one trusted proxies put in X-Forwarded-For.

    Anyone can send X-Forwarded-For, so it counts only with ``TRUSTED_PROXY_COUNT`` set, and
    then only the entry the nearest trusted proxies appended (counted from the right).
    Axes locks by this address too (``AXES_CLIENT_IP_CALLABLE``)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies and _valid_ip(forwarded[-proxies]):
            return forwarded[-proxies]
    return remote if _valid_ip(remote) else None


def normalized_username(value) -> str:
    """User names are work e-mail addresses, matched case-insensitively."""
    return value.strip().lower() if isinstance(value, str) else ""


def login_event_record(
    *,
    kind: str,
    request=None,
    user: User | None = None,
    username: str = "",
    changed_by: User | None = None,
    old_role: str = "",
    new_role: str = "",
    locked_ip_address: str | None = None,
) -> LoginEvent:
    """Store one event; the user name defaults to the user's e-mail address."""
    name = normalized_username(username) or (user.email if user is not None else "")
    return LoginEvent.objects.create(
        kind=kind,
        user=user,
        username=name[:254],
        ip_address=client_ip(request),
        changed_by=changed_by,
        old_role=old_role or "",
        new_role=new_role or "",
        locked_ip_address=locked_ip_address,
    )


def user_for_username(username: str) -> User | None:
    """The account a typed user name belongs to, if any."""
    name = normalized_username(username)
    return User.objects.filter(email__iexact=name).first() if name else None
