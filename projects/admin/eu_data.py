"""The EU's open files as imported, their records and the upload jobs: written only by the
import (docs/eu-data.md), so the admin shows them read only."""

from django.contrib import admin

from projects.admin.base import ReadOnlyAdminMixin
from projects.models import EuImportJob, EuProjectRecord, EuSourceFile


@admin.register(EuSourceFile)
class EuSourceFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "file_name",
        "source",
        "file_date",
        "records_kept",
        "rows_read",
        "imported_by",
        "imported_at",
    )
    list_filter = ("source",)
    list_select_related = ("imported_by",)
    search_fields = ("file_name", "sha256")


@admin.register(EuProjectRecord)
class EuProjectRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("grant_number", "source", "acronym", "title", "match", "source_file")
    list_filter = ("source", "match")
    list_select_related = ("source_file",)
    search_fields = ("grant_number", "acronym", "title", "coordinator_name")


@admin.register(EuImportJob)
class EuImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("file_name", "source", "status", "code", "requested_by", "requested_at")
    list_filter = ("source", "status")
    list_select_related = ("requested_by",)
