"""The development coordinator's upload of the EU's open files (CORDIS, Kohesio), imported by
the worker; the latest uploads and the files imported."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects import access
from projects.eu_data import cordis, kohesio
from projects.forms.eu_imports import EuFileUploadForm, upload_limit_mb
from projects.selectors.eu_imports import eu_import_jobs, eu_source_files
from projects.services.eu_requests import eu_import_request
from projects.uploads import upload_refused


class EuImportView(access.DevelopmentCoordinatorRequiredMixin, TemplateView):
    """Upload a file for the worker; see what became of it and every file imported."""

    template_name = "projects/eu_imports.html"

    @staticmethod
    def max_upload_size() -> int:
        # Read by projects.uploads before the body: these files are larger than a workbook.
        return settings.EU_UPLOAD_MAX_SIZE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", EuFileUploadForm())
        jobs = eu_import_jobs()
        context.update(
            jobs=jobs,
            waiting=any(job.is_waiting for job in jobs),
            files=eu_source_files(),
            limit_mb=upload_limit_mb(),
            cordis_rows=cordis.MAX_ROWS,
            kohesio_rows=kohesio.MAX_ROWS,
        )
        return context

    def post(self, request, *args, **kwargs):
        # Reading the body is what may refuse an oversized file, so FILES comes first.
        files = request.FILES
        form = EuFileUploadForm(request.POST, files, too_large=upload_refused(request))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        job = eu_import_request(
            source=form.cleaned_data["source"], upload=form.cleaned_data["file"], user=request.user
        )
        # The same file sent before is the same job: the page shows what became of it.
        messages.success(request, _("Filen är mottagen. Se importen i listan nedan."))
        return redirect(reverse("projects:eu_imports") + f"#import-{job.pk}")
