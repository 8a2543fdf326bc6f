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
    """Another administration's submission answers 404; anyone who may not edit it, 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.submission = submission_for(request.user, kwargs["pk"])
        require(can_edit_submission(request.user, self.submission))
        return super().dispatch(request, *args, **kwargs)


def encode_versions(versions: dict[int, int]) -> str:
    """``{12: 3, 15: 1}`` -> ``"12:3,15:1"``: what the preview showed, sent back on confirm."""
    return ",".join(f"{pk}:{version}" for pk, version in sorted(versions.items()))


def decode_versions(text: str) -> dict[int, int]:
    """The inverse of ``encode_versions``; anything unreadable counts as not seen."""
    versions = {}
    for part in text.split(","):
        pk, _sep, version = part.partition(":")
        if pk.strip().isdigit() and version.strip().isdigit():
            versions[int(pk)] = int(version)
    return versions


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
                form.add_error("file", refusal.message)
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
        try:
            found = pending.load(token, submission_id=self.submission.pk, user_id=request.user.pk)
        except pending.PendingMissing:
            return None
        return token, found

    def _missing(self):
        messages.error(
            self.request, _("Den uppladdade filen finns inte längre. Ladda upp den igen.")
        )
        return redirect("projects:excel_upload", pk=self.submission.pk)

    def get(self, request, pk):
        found = self._pending(request)
        if found is None:
            return self._missing()
        token, kept = found
        try:
            plan = current_plan(submission=self.submission, data=kept.data, kept=kept.plan)
        except WorkbookRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("projects:excel_upload", pk=self.submission.pk)
        response = render(
            request,
            self.template_name,
            {
                "submission": self.submission,
                "plan": plan,
                "token": token,
                "seen_versions": encode_versions(plan.report_versions),
            },
        )
        if plan is not kept.plan:
            # Someone changed the submission since the upload: the page shows a new plan.
            pending.keep_plan(kept.name, plan)
        return response

    def post(self, request, pk):
        found = self._pending(request)
        if found is None:
            return self._missing()
        token, kept = found
        if not request.POST.get("confirm_warnings"):
            messages.error(request, _("Bekräfta att du har läst varningarna."))
            return redirect(reverse("projects:excel_preview", args=[pk]) + f"?t={token}")
        try:
            services.submission_import_workbook(
                submission=self.submission,
                data=kept.data,
                checksum=kept.checksum,
                seen_versions=decode_versions(request.POST.get("seen_versions", "")),
                by=request.user,
                plan=kept.plan,
            )
        except (WorkbookRefused, ValidationError) as error:
            text = error.message if isinstance(error, WorkbookRefused) else " ".join(error.messages)
            messages.error(request, text)
            return redirect(reverse("projects:excel_preview", args=[pk]) + f"?t={token}")
        pending.discard(kept.name)
        messages.success(request, _("Excel-filen är inläst och sparad i inrapporteringen."))
        return redirect(self.submission.get_absolute_url())
