from django.contrib import admin

from projects.admin.base import ReadOnlyAdminMixin
from reporting.models import HistoricalTotal, Memo, MemoDecisionStep, MemoOfficial, PublishedMemo
from reporting.trend.forms import HistoricalTotalForm
from reporting.trend.services import historical_total_save


class MemoDecisionStepInline(admin.TabularInline):
    model = MemoDecisionStep
    extra = 0


class MemoOfficialInline(admin.TabularInline):
    model = MemoOfficial
    extra = 0


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "case_number", "date", "updated_at", "updated_by"]
    search_fields = ["title", "case_number"]
    readonly_fields = ["figures_hash", "figures_drafted_at", "updated_by", "figures_snapshot"]
    filter_horizontal = ["examples"]
    inlines = [MemoDecisionStepInline, MemoOfficialInline]


@admin.register(PublishedMemo)
class PublishedMemoAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Published versions are a record: they can be read here, never added, changed or removed."""

    list_display = ["year", "version", "title", "published_at", "published_by_name", "sha256"]
    list_filter = ["year"]
    fields = [
        "year",
        "version",
        "title",
        "case_number",
        "published_at",
        "published_by",
        "published_by_name",
        "size",
        "sha256",
        "pdf_variant",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).without_file().select_related("published_by")


@admin.register(HistoricalTotal)
class HistoricalTotalAdmin(admin.ModelAdmin):
    """The same form and service as the development coordinator's page: the same rules."""

    form = HistoricalTotalForm
    list_display = ["year", "project_count", "payouts_sek", "payouts_wording", "source"]
    readonly_fields = ["entered_at", "entered_by"]

    def save_model(self, request, obj, form, change):
        historical_total_save(user=request.user, instance=obj, **form.service_arguments())
