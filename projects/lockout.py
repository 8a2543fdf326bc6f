"""Lockout of password sign-in after repeated failures, on top of django-axes.

After ``AXES_FAILURE_LIMIT`` failures for a user name or for an address, sign-in is refused for
``LOGIN_LOCKOUT_BASE``; every further failure doubles the wait, up to ``LOGIN_LOCKOUT_MAX``.
Failures are remembered for ``LOGIN_LOCKOUT_MAX`` after the latest one, so a wait that has run
out is followed by a longer one at the next failure. A successful sign-in, or the development
coordinator's unlock, forgets them. Settings: see ``AXES_*`` and ``LOGIN_LOCKOUT_*``.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.audit import client_ip, login_event_record, normalized_username
from projects.models import LoginEvent, User

# The two things a lockout applies to; AXES_LOCKOUT_PARAMETERS in settings names the same.
USERNAME = "username"
IP_ADDRESS = "ip_address"
PARAMETERS = (USERNAME, IP_ADDRESS)
# Beyond this many doublings the maximum wait applies anyway.
MAX_DOUBLINGS = 16


def wait_after(failures: int) -> datetime.timedelta:
    """How long sign-in stays locked after the latest of ``failures`` failures."""
    doublings = min(max(failures - settings.AXES_FAILURE_LIMIT, 0), MAX_DOUBLINGS)
    return min(settings.LOGIN_LOCKOUT_BASE * 2**doublings, settings.LOGIN_LOCKOUT_MAX)


def locked_until(failures: int, latest: datetime.datetime | None) -> datetime.datetime | None:
    """When the lock over ``failures`` failures (the latest at ``latest``) ends; None if none
    holds now."""
    if latest is None or failures < settings.AXES_FAILURE_LIMIT:
        return None
    until = latest + wait_after(failures)
    return until if until > timezone.now() else None


def client_username(request, credentials=None) -> str | None:
    """The user name axes counts failures for (``AXES_USERNAME_CALLABLE``): lower case."""
    if credentials:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    elif request is not None:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        value = None
    return normalized_username(value) or None


def _attempt_totals(username: str | None, ip_address: str | None):
    """(failures, latest failure) for the user name and for the address that have any."""
    totals = []
    for parameter, value in ((USERNAME, username), (IP_ADDRESS, ip_address)):
        if not value:
            continue
        total = AccessAttempt.objects.filter(**{parameter: value}).aggregate(
            failures=Sum("failures_since_start"), latest=Max("attempt_time")
        )
        if total["failures"]:
            totals.append((total["failures"], total["latest"]))
    return totals


def _counting_failures(failures: int, latest) -> int:
    """Failures that count now: all of them below the limit or while the lock holds; none once
    the wait has run out (the next failure then locks again, for longer)."""
    if failures < settings.AXES_FAILURE_LIMIT or locked_until(failures, latest) is not None:
        return failures
    return 0


def cool_off(request=None) -> datetime.timedelta:
    """``AXES_COOLOFF_TIME``: the wait that the request's failures so far lead to."""
    if request is None:
        return settings.LOGIN_LOCKOUT_BASE
    totals = _attempt_totals(client_username(request), client_ip(request))
    return wait_after(max((failures for failures, _latest in totals), default=0))


def request_locked_until(request, credentials=None) -> datetime.datetime | None:
    """When the lock that refuses this request ends, or None when it is not locked."""
    totals = _attempt_totals(client_username(request, credentials), client_ip(request))
    ends = [locked_until(failures, latest) for failures, latest in totals]
    return max((end for end in ends if end is not None), default=None)


class LockoutHandler(AxesDatabaseHandler):
    """Axes's database handler, with the growing wait and the longer memory described above."""

    def get_failures(self, request, credentials=None) -> int:
        totals = _attempt_totals(client_username(request, credentials), client_ip(request))
        return max((_counting_failures(failures, latest) for failures, latest in totals), default=0)

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        # Axes would forget failures once one wait has passed; keep them for the longest wait.
        threshold = timezone.now() - settings.LOGIN_LOCKOUT_MAX
        count, _deleted = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count


def lockout_message(until: datetime.datetime) -> str:
    """The Swedish sentence that says the sign-in is locked and when to try again."""
    local = timezone.localtime(until)
    # Round up, so "try again at 14:05" is never a minute too early.
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if local.date() == timezone.localdate():
        when = _("kl. %(time)s") % {"time": date_format(local, "H:i")}
    else:
        when = _("den %(date)s kl. %(time)s") % {
            "date": date_format(local, "j F"),
            "time": date_format(local, "H:i"),
        }
    return _(
        "För många misslyckade inloggningsförsök: inloggningen är spärrad. "
        "Försök igen %(when)s. Varje nytt försök innan dess förlänger spärren."
    ) % {"when": when}


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the sign-in page again, with the lockout in its error summary."""
    from projects.forms.account import LoginForm

    until = request_locked_until(request, credentials) or (
        timezone.now() + settings.LOGIN_LOCKOUT_BASE
    )
    form = LoginForm(request, initial={"username": client_username(request, credentials) or ""})
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "lockout_message": lockout_message(until),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
        status=429,
    )


@dataclass(frozen=True)
class Lockout:
    """A user name or an address whose sign-in is locked now."""

    parameter: str
    value: str
    failures: int
    since: datetime.datetime
    until: datetime.datetime
    user: User | None = None


def current_lockouts() -> list[Lockout]:
    """Every lock that holds now, the most recent first (three queries)."""
    lockouts = []
    for parameter in PARAMETERS:
        groups = (
            AccessAttempt.objects.filter(**{f"{parameter}__isnull": False})
            .values(parameter)
            .annotate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
            .order_by()
        )
        for group in groups:
            until = locked_until(group["failures"], group["latest"])
            if group[parameter] and until is not None:
                lockouts.append(
                    Lockout(
                        parameter=parameter,
                        value=group[parameter],
                        failures=group["failures"],
                        since=group["latest"],
                        until=until,
                    )
                )
    usernames = [lockout.value for lockout in lockouts if lockout.parameter == USERNAME]
    if usernames:
        users = {user.email: user for user in User.objects.filter(email__in=usernames)}
        lockouts = [
            dataclasses.replace(lockout, user=users.get(lockout.value))
            if lockout.parameter == USERNAME
            else lockout
            for lockout in lockouts
        ]
    return sorted(lockouts, key=lambda lockout: lockout.since, reverse=True)


@transaction.atomic
def lockout_release(*, parameter: str, value: str, by: User, request=None) -> int:
    """Forget the failures of a user name or an address, and record who lifted the lock."""
    if parameter not in PARAMETERS or not value:
        raise ValueError(f"Unknown lockout {parameter}={value!r}")
    if parameter == USERNAME:
        value = normalized_username(value)
        count = AxesProxyHandler.reset_attempts(username=value)
        unlocked = {"user": User.objects.filter(email=value).first(), "username": value}
    else:
        count = AxesProxyHandler.reset_attempts(ip_address=value)
        unlocked = {"locked_ip_address": value}
    login_event_record(kind=LoginEvent.Kind.UNLOCKED, request=request, changed_by=by, **unlocked)
    return count
