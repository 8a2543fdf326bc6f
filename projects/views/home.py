from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from projects.models import ReportingYear
from projects.selectors.entry import open_submissions


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: what the signed-in user should work on."""

    template_name = "projects/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["years"] = list(ReportingYear.objects.all())
        context["submissions"] = (
            list(open_submissions(user).select_related("administration", "reporting_year"))
            if user.is_coordinator
            else []
        )
        return context
