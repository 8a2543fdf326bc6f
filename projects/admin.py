from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    SubmissionComment,
    User,
)


@admin.register(Administration)
class AdministrationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_code", "valid_from_year", "valid_to_year", "is_city_office"]
    search_fields = ["name", "short_code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "administration", "role", "is_active", "is_staff"]
    list_filter = ["role", "administration", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    list_select_related = ["administration"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "title", "administration", "role")}),
        (
            _("Behörighet"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "administration",
                    "role",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(CouncilGoal)
class CouncilGoalAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from_year", "valid_to_year", "order"]


@admin.register(ReportingYear)
class ReportingYearAdmin(admin.ModelAdmin):
    list_display = ["year", "deadline", "is_open"]
    filter_horizontal = ["council_goals"]


@admin.register(FundingProgramme)
class FundingProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "short_name",
        "fund_family",
        "cofinancing_min",
        "cofinancing_max",
        "is_active",
    ]
    list_filter = ["fund_family", "is_active"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "acronym",
        "administration",
        "programme",
        "role",
        "start_date",
        "end_date",
    ]
    list_filter = ["administration", "programme", "role"]
    search_fields = ["name", "acronym"]
    list_select_related = ["administration", "programme"]
    filter_horizontal = ["participating_administrations"]


class PayoutInline(admin.TabularInline):
    model = Payout
    extra = 0


@admin.register(ProjectReport)
class ProjectReportAdmin(SimpleHistoryAdmin):
    list_display = ["project", "submission", "council_goal", "suggested_as_example"]
    list_select_related = [
        "project",
        "submission__administration",
        "submission__reporting_year",
        "council_goal",
    ]
    list_filter = ["submission__reporting_year", "council_goal", "suggested_as_example"]
    inlines = [PayoutInline]


@admin.register(Payout)
class PayoutAdmin(SimpleHistoryAdmin):
    list_display = ["report", "payment_date", "amount_sek"]
    list_select_related = ["report__project", "report__submission__reporting_year"]
    date_hierarchy = "payment_date"


class SubmissionCommentInline(admin.TabularInline):
    model = SubmissionComment
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["administration", "reporting_year", "state", "updated_at"]
    list_filter = ["reporting_year", "state"]
    list_select_related = ["administration", "reporting_year"]
    inlines = [SubmissionCommentInline]


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(admin.ModelAdmin):
    list_display = ["submission", "kind", "author", "created_at"]
    list_select_related = ["submission__administration", "submission__reporting_year", "author"]
