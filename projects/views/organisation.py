"""The organisation's settings page: names, identifiers, letterhead and decision path."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects import access
from projects.form_tokens import FormTokenMixin
from projects.forms_organisation import DecisionStepFormSet, OrganisationForm
from projects.models import Organisation
from projects.selectors import organisation_changes
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
