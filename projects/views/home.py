from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, IntegerField, Value, When
from django.views.generic import TemplateView

from projects.models import ReportingYear, Submission


def needing_action_first(submissions):
    """Order submissions so the one the coordinator should work on comes first.

    A returned submission waits for the administration, so it beats a newer year's draft;
    then drafts; then the newest year.
    """
    return submissions.annotate(
        action_rank=Case(
            When(state=Submission.State.RETURNED, then=Value(0)),
            When(state=Submission.State.DRAFT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("action_rank", "-reporting_year__year", "administration__name")


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: what the signed-in user should work on."""

    template_name = "projects/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["years"] = list(ReportingYear.objects.all())
        context["submissions"] = (
            list(
                needing_action_first(
                    Submission.objects.visible_to(user)
                    .filter(reporting_year__is_open=True)
                    .select_related("administration", "reporting_year")
                )
            )
            if user.is_coordinator
            else []
        )
        return context
