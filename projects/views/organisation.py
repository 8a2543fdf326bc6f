"""The organisation's settings page (names, identifiers, letterhead and decision path) and the
stylesheet that gives the site the organisation's colours."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView, View

from projects import access
from projects.form_tokens import FormTokenMixin
from projects.forms_organisation import DecisionStepFormSet, OrganisationForm
from projects.middleware import session_untouched
from projects.models import Organisation, OrganisationLogo
from projects.selectors import organisation_changes, organisation_letterhead
from projects.services.organisation import organisation_save


class OrganisationView(FormTokenMixin, access.DevelopmentCoordinatorRequiredMixin, TemplateView):
    """The development coordinator edits the organisation; its change history below."""

    template_name = "projects/organisation_form.html"

    def get_organisation(self) -> Organisation:
        # An empty installation has none yet: the first save creates the one row.
        return Organisation.objects.first() or Organisation()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = kwargs.get("organisation") or self.get_organisation()
        context.setdefault("form", OrganisationForm(instance=organisation))
        context.setdefault(
            "steps_formset", DecisionStepFormSet(instance=organisation, prefix="steps")
        )
        context["changes"] = organisation_changes(organisation)
        return context

    def post(self, request, *args, **kwargs):
        organisation = self.get_organisation()
        form = OrganisationForm(request.POST, request.FILES, instance=organisation)
        steps_formset = DecisionStepFormSet(request.POST, instance=organisation, prefix="steps")
        if form.is_valid() and steps_formset.is_valid():
            try:
                organisation_save(
                    organisation=form.instance,
                    steps=steps_formset.steps(),
                    user=request.user,
                    logo=form.cleaned_data["logo"],
                    remove_logo=form.cleaned_data["remove_logo"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Organisationens uppgifter är sparade."))
                url = reverse("projects:organisation")
                self.form_token.saved(url)
                return redirect(url)
        return self.render_to_response(
            self.get_context_data(form=form, steps_formset=steps_formset, organisation=organisation)
        )


class OrganisationLogoView(access.DevelopmentCoordinatorRequiredMixin, View):
    """A logo as it was uploaded, shown on the organisation page beside the field that
    replaces it. Named by its content, so it never changes under its address. Asked for
    beside the page, it leaves the session alone (``session_untouched`` in the URLs)."""

    def get(self, request, sha256):
        logo = get_object_or_404(OrganisationLogo, sha256=sha256)
        return HttpResponse(
            bytes(logo.data),
            content_type=logo.content_type,
            headers={
                "Cache-Control": "private, max-age=31536000, immutable",
                # Opened on its own, an SVG runs nothing and loads nothing.
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            },
        )


@session_untouched
@require_safe
def organisation_stylesheet(request):
    """The site's colours as CSS custom properties, for every page (signed in or not): a served
    stylesheet, so the pages need no inline style. A browser keeps it five minutes, then asks
    again and gets 304 while the colours are unchanged. Asked for beside every page's own
    request, it leaves the session alone (``session_untouched``)."""
    css = organisation_letterhead().site_stylesheet()
    etag = f'"{hashlib.sha256(css.encode()).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=300"}
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponse(status=304, headers=headers)
    return HttpResponse(css, content_type="text/css; charset=utf-8", headers=headers)
