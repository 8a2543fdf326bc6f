"""Excel template download, upload, preview and confirmed import for a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from projects import services
from projects.access import can_edit_submission, require, submission_for
from projects.excel import pending
from projects.excel.forms import WorkbookUploadForm
from projects.excel.importer import current_plan, plan_import
from projects.excel.safety import WorkbookRefused
from projects.excel.template import submission_template, template_filename
from projects.uploads import upload_refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _EditableSubmissionMixin(LoginRequiredMixin):
    """Another administration's submission answers 404; anyone who may not edit it, 403. The
    administration's own coordinator is told why: the year is closed, or the submission is
    sent in or approved."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.submission = submission_for(request.user, kwargs["pk"])
        if not can_edit_submission(request.user, self.submission) and (
            request.user.is_coordinator
            and request.user.administration_id == self.submission.administration_id
        ):
            return render(
                request,
                "projects/excel_locked.html",
                {"submission": self.submission},
                status=403,
            )
        require(can_edit_submission(request.user, self.submission))
        return super().dispatch(request, *args, **kwargs)


class TemplateDownloadView(_EditableSubmissionMixin, View):
    """The administration's template for the open year, prefilled."""

    def get(self, request, pk):
        response = HttpResponse(submission_template(self.submission), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="{template_filename(self.submission)}"'
        )
        return response


class UploadView(_EditableSubmissionMixin, View):
    """Receive a filled template; refusals and errors are shown, nothing is saved."""

    template_name = "projects/excel_upload.html"

    def get(self, request, pk):
        return self._render(WorkbookUploadForm())

    def post(self, request, pk):
        # Reading the body is what may refuse an oversized file, so FILES comes first.
        files = request.FILES
        too_large = upload_refused(request)
        form = WorkbookUploadForm(request.POST, files, too_large=too_large)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                plan = plan_import(submission=self.submission, data=data)
            except WorkbookRefused as refusal:
                form.add_error("file", ValidationError(refusal.message, code=refusal.code))
            else:
                # The plan is kept with the file: preview and confirm do not parse it again.
                token = pending.store(
                    data=data,
                    submission_id=self.submission.pk,
                    user_id=request.user.pk,
                    plan=plan,
                )
                return redirect(
                    reverse("projects:excel_preview", args=[self.submission.pk]) + f"?t={token}"
                )
        return self._render(form, status=400)

    def _render(self, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"submission": self.submission, "form": form},
            status=status,
        )


class PreviewView(_EditableSubmissionMixin, View):
    """Show what the upload would create, change and remove; confirm to save it all."""

    template_name = "projects/excel_preview.html"

    def _pending(self, request):
        token = request.POST.get("t") or request.GET.get("t") or ""
        return token, pending.load(token, submission_id=self.submission.pk, user_id=request.user.pk)

    def _missing(self, error: pending.PendingMissing):
        if isinstance(error, pending.PlanExpired):
            text = _(
                "Förhandsgranskningen har gått ut eller gjordes av en äldre version av tjänsten. "
                "Ladda upp filen igen."
            )
        else:
            text = _("Den uppladdade filen finns inte längre. Ladda upp den igen.")
        messages.error(self.request, text)
        return redirect("projects:excel_upload", pk=self.submission.pk)

    def _again(self, token):
        return redirect(
            reverse("projects:excel_preview", args=[self.submission.pk]) + f"?t={token}"
        )

    def get(self, request, pk):
        try:
            token, found = self._pending(request)
            kept = pending.kept_plan(found, submission=self.submission)
        except pending.PendingMissing as error:
            return self._missing(error)
        except pending.PlanOutdated:
            kept = None
        try:
            plan = current_plan(submission=self.submission, data=found.data, kept=kept)
        except WorkbookRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("projects:excel_upload", pk=self.submission.pk)
        response = render(
            request,
            self.template_name,
            {"submission": self.submission, "plan": plan, "token": token},
        )
        if plan is not kept:
            # Someone changed the submission since the upload: the page shows a new plan, and
            # the confirm now holds the coordinator to that one.
            pending.keep_plan(found.name, plan)
        return response

    def post(self, request, pk):
        try:
            token, found = self._pending(request)
            # The plan the preview showed, kept on the server: the form sends only the token.
            plan = pending.kept_plan(found, submission=self.submission)
        except pending.PendingMissing as error:
            return self._missing(error)
        except pending.PlanOutdated:
            messages.error(
                request,
                _(
                    "Något som filen pekar på (ett program, ett mål, en förvaltning eller ett "
                    "projekt) har tagits bort sedan förhandsgranskningen. Ingenting har sparats. "
                    "Granska förhandsvisningen igen."
                ),
            )
            return self._again(token)
        if not request.POST.get("confirm_warnings"):
            # The page again, with an error summary that leads to the box to tick.
            return render(
                request,
                self.template_name,
                {
                    "submission": self.submission,
                    "plan": plan,
                    "token": token,
                    "confirm_error": _("Bekräfta att du har läst varningarna."),
                },
                status=400,
            )
        try:
            services.submission_import_workbook(
                submission=self.submission,
                data=found.data,
                checksum=found.checksum,
                plan=plan,
                by=request.user,
            )
        except (WorkbookRefused, ValidationError) as error:
            text = error.message if isinstance(error, WorkbookRefused) else " ".join(error.messages)
            messages.error(request, text)
            return self._again(token)
        pending.discard(found.name)
        messages.success(request, _("Excel-filen är inläst och sparad i inrapporteringen."))
        return redirect(self.submission.get_absolute_url())
