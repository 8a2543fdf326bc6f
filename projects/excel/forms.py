from django import forms
from django.utils.translation import gettext_lazy as _

from projects.excel.safety import MAX_UPLOAD_BYTES
from projects.uploads import RefusedUploadFormMixin


class WorkbookUploadForm(RefusedUploadFormMixin, forms.Form):
    """The filled template; size is checked before the file is read."""

    file = forms.FileField(
        label=_("Ifylld Excel-mall (.xlsx)"),
        help_text=_("Högst 10 MB. Ingenting sparas förrän du har sett förhandsgranskningen."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.too_large or upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen är större än 10 MB. Ta bort tomma rader eller dela upp den."),
                code="too_large",
            )
        return upload
