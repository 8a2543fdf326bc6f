"""Receivers that keep the sign-in record (projects.audit) from Django's and axes's signals.

Connected in ``ProjectsConfig.ready``. They record what happened; no workflow depends on them.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from projects.audit import login_event_record, user_for_username
from projects.middleware import mark_signed_in
from projects.models import LoginEvent


@receiver(user_logged_in, dispatch_uid="projects.audit.logged_in")
def record_login(sender, request, user, **kwargs):
    mark_signed_in(request)
    login_event_record(kind=LoginEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="projects.audit.logged_out")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        login_event_record(kind=LoginEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="projects.audit.login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    login_event_record(
        kind=LoginEvent.Kind.FAILED,
        request=request,
        user=user_for_username(username),
        username=username,
    )


@receiver(user_locked_out, dispatch_uid="projects.audit.locked_out")
def record_lockout(sender, request, username=None, ip_address=None, **kwargs):
    login_event_record(
        kind=LoginEvent.Kind.LOCKED_OUT,
        request=request,
        user=user_for_username(username or ""),
        username=username or "",
    )
