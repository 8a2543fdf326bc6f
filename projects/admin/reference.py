"""Reference data in the admin: administrations, council goals, funding programmes and the
reporting years (an open year's deadline and goals only)."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from projects import validation
from projects.admin.base import ReadOnlyAdminMixin, YearDataAdminMixin, locked_reports
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    ReportingYear,
    ReportingYearEvent,
)
from projects.services.reference import reference_names_refresh
from projects.services.versions import every_year_data_changed

YEAR_HELP = _(
    "Redovisningsår öppnas, stängs, öppnas igen och tas bort på sidan Redovisningsår i "
    "applikationen, som sparar vem som gjorde det och när. Här kan bara ett öppet års sista "
    "dag, mål och genomsnittskurs ändras."
)


REFERENCE_HELP = _(
    "En ändring här gäller öppna redovisningsår och senare år; stängda år behåller namnen, "
    "kortnamnen och fondfamiljerna de hade när de stängdes."
)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Administrations, goals and programmes: a change reaches the open years' rows at once
    and never a closed year's (``reference_names_refresh``), and the form says so. Every year's
    data version is raised: any year's pages may show the current names beside its rows."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "name" in form.base_fields:
            form.base_fields["name"].help_text = REFERENCE_HELP
        return form

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            every_year_data_changed()
            super().save_model(request, obj, form, change)
            reference_names_refresh()

    def delete_model(self, request, obj):
        with transaction.atomic():
            every_year_data_changed()
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            every_year_data_changed()
            super().delete_queryset(request, queryset)


@admin.register(Administration)
class AdministrationAdmin(ReferenceDataAdmin):
    list_display = ["name", "short_code", "valid_from_year", "valid_to_year", "is_city_office"]
    search_fields = ["name", "short_code"]

    def has_delete_permission(self, request, obj=None):
        # Deleting it would take it off the participants of reports nobody may change.
        if obj is not None and locked_reports().filter(participating_administrations=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(CouncilGoal)
class CouncilGoalAdmin(ReferenceDataAdmin):
    list_display = ["name", "valid_from_year", "valid_to_year", "order"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a goal would take it off the closed years that listed it.
        if obj is not None and obj.reporting_years.filter(is_open=False).exists():
            return False
        return super().has_delete_permission(request, obj)


class ReportingYearAdminForm(forms.ModelForm):
    """An open year's deadline, goals and exchange rate follow the same rule as opening it."""

    def clean(self):
        cleaned = super().clean()
        for finding in validation.check_year_opening(
            year=self.instance.year,
            deadline=cleaned.get("deadline"),
            council_goals=cleaned.get("council_goals") or (),
            eur_rate_sek=cleaned.get("eur_rate_sek"),
        ):
            self.add_error(finding.field, finding.message)
        return cleaned


@admin.register(ReportingYearEvent)
class ReportingYearEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The years' openings, closings and reopenings, read only: written by the services."""

    list_display = ["reporting_year", "kind", "created_at", "created_by", "reason"]
    list_filter = ["kind", "reporting_year"]
    list_select_related = ["reporting_year", "created_by"]


@admin.register(ReportingYear)
class ReportingYearAdmin(YearDataAdminMixin, admin.ModelAdmin):
    """Opening, closing, reopening and deleting a year are the application's (the year pages
    and their services record who and when); here only an open year's deadline and goals."""

    form = ReportingYearAdminForm
    list_display = ["year", "deadline", "is_open"]
    filter_horizontal = ["council_goals"]
    fieldsets = [
        (
            None,
            {
                "description": YEAR_HELP,
                "fields": [
                    "year",
                    "deadline",
                    "council_goals",
                    "eur_rate_sek",
                    "is_open",
                    "opened_at",
                    "closed_at",
                    "closed_by",
                ],
            },
        ),
    ]
    # A new number would move the year's submissions, approved ones too, into another year.
    readonly_fields = ["year", "is_open", "opened_at", "closed_at", "closed_by"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"year_help": YEAR_HELP, **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.is_open:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    year_path = "pk"

    def year_id_of(self, obj):
        return obj.pk


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(ReferenceDataAdmin):
    list_display = [
        "name",
        "short_name",
        "fund_family",
        "cofinancing_min",
        "cofinancing_max",
        "is_active",
    ]
    list_filter = ["fund_family", "is_active"]
