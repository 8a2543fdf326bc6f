"""The upload of an open file from an EU source (CORDIS or Kohesio) for the worker to import."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from projects.eu_data.identifiers import GrantSource
from projects.uploads import RefusedUploadFormMixin

EXTENSIONS = (".zip", ".csv", ".json")


def upload_limit_mb() -> int:
    return settings.EU_UPLOAD_MAX_SIZE // 1024 // 1024


class EuFileUploadForm(RefusedUploadFormMixin, forms.Form):
    """The source and its file; the size is checked before the file is read."""

    source = forms.ChoiceField(
        label=_("Källa"),
        choices=[
            (GrantSource.CORDIS, _("CORDIS (Horisont 2020, Horisont Europa)")),
            (GrantSource.KOHESIO, _("Kohesio (ERUF, ESF och Interreg 2014–2020)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj vilken källa filen kommer från.")},
    )
    file = forms.FileField(
        label=_("Fil (zip, CSV eller JSON)"),
        error_messages={"required": _("Välj filen som ska läsas in.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.too_large or (upload and upload.size > settings.EU_UPLOAD_MAX_SIZE):
            raise forms.ValidationError(
                _("Filen är större än %(limit)s MB och tas inte emot.")
                % {"limit": upload_limit_mb()},
                code="too_large",
            )
        if os.path.splitext(upload.name)[1].lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _("Filen ska vara en zip-, CSV- eller JSON-fil."), code="file_type"
            )
        return upload
