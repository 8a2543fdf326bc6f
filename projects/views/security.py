"""The development coordinator's sign-in pages: locked sign-ins, the sign-in record, and the
users with their roles and their links to Entra ID."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from projects import services
from projects.access import DevelopmentCoordinatorRequiredMixin
from projects.forms_security import LockoutReleaseForm, LoginEventFilterForm, UserRoleForm
from projects.lockout import USERNAME, current_lockouts, lockout_release
from projects.models import LoginEvent, SingleSignOnIdentity, User
from projects.selectors.users import pending_links, user_list, users_without_role_count


class LockoutListView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Who cannot sign in now, since when and until when; each lock can be lifted here."""

    template_name = "projects/lockout_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lockouts=current_lockouts(), failure_limit=settings.AXES_FAILURE_LIMIT)
        return context


class LockoutReleaseView(DevelopmentCoordinatorRequiredMixin, View):
    """Lift one lock at once, before its wait runs out."""

    def post(self, request):
        form = LockoutReleaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Spärren kunde inte hävas: okänd spärr."))
            return redirect("projects:lockouts")
        parameter, value = form.cleaned_data["parameter"], form.cleaned_data["value"]
        lockout_release(parameter=parameter, value=value, by=request.user, request=request)
        if parameter == USERNAME:
            text = _("Spärren för %(username)s är hävd. Personen kan logga in igen.")
            messages.success(request, text % {"username": value}, extra_tags="unlocked")
        else:
            text = _("Spärren för IP-adressen %(address)s är hävd.")
            messages.success(request, text % {"address": value}, extra_tags="unlocked")
        return redirect("projects:lockouts")


class LoginEventListView(DevelopmentCoordinatorRequiredMixin, ListView):
    """Sign-ins, failures, lockouts, sign-outs and role changes, newest first, filterable."""

    template_name = "projects/login_event_list.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        self.form = LoginEventFilterForm(self.request.GET or None)
        events = LoginEvent.objects.select_related("user", "changed_by")
        if not self.form.is_bound:
            return events
        if not self.form.is_valid():
            return events.none()
        return events.matching(**self.form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=self.form, filter_query=query.urlencode())
        return context


class UserListView(DevelopmentCoordinatorRequiredMixin, ListView):
    """Everyone who can sign in, those still without a role first."""

    template_name = "projects/user_list.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self):
        return user_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["without_role"] = users_without_role_count()
        context["pending_links"] = pending_links()
        return context


class SingleSignOnLinkConfirmView(DevelopmentCoordinatorRequiredMixin, View):
    """Let a waiting Entra ID sign-in into the account that has its e-mail address."""

    def post(self, request, identity_pk):
        # Looked up after the mixin's permission check, as on the role page.
        identity = get_object_or_404(
            SingleSignOnIdentity.objects.select_related("user"), pk=identity_pk
        )
        try:
            services.single_sign_on_link_confirm(
                identity=identity, by=request.user, request=request
            )
        except ValidationError as error:
            # Linked already (the button pressed twice, or by someone else meanwhile).
            messages.info(
                request, " ".join(error.messages), extra_tags=getattr(error, "code", None) or ""
            )
        else:
            text = _("Inloggningen med organisationskonto är kopplad till %(person)s.")
            messages.success(request, text % {"person": identity.user.get_full_name()})
        return redirect("projects:users")


class UserRoleView(DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Give one person a role and an administration."""

    template_name = "projects/user_role.html"

    @cached_property
    def person(self) -> User:
        # Looked up when the page is built, after the mixin's permission check: a visitor
        # without the right cannot tell which accounts exist.
        return get_object_or_404(
            User.objects.select_related("administration"), pk=self.kwargs["user_pk"]
        )

    def get(self, request, *args, **kwargs):
        form = UserRoleForm(
            initial={"role": self.person.role, "administration": self.person.administration_id}
        )
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = UserRoleForm(request.POST)
        if form.is_valid():
            try:
                services.user_role_assign(
                    user=self.person,
                    role=form.cleaned_data["role"],
                    administration=form.cleaned_data["administration"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(person)s har nu rollen %(role)s.")
                    % {
                        "person": self.person.get_full_name(),
                        "role": dict(User.Role.choices)[form.cleaned_data["role"]],
                    },
                )
                return redirect("projects:users")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        return context
