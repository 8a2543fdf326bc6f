"""Entry data in the admin: projects, their reports and payouts, submissions and their
comments, read only once the submission is locked."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects import validation
from projects.admin.base import (
    HistoryAdmin,
    LockedEntryAdmin,
    LockedParentInline,
    UnlockedTargetForm,
    YearDataAdminMixin,
    locked_reports,
)
from projects.models import (
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    Submission,
    SubmissionComment,
)
from projects.services.locks import TRANSITION_STAMPS

YEAR_CLOSED = _("Redovisningsåret är stängt och kan inte ändras. Välj ett öppet år.")


def is_workflow_record(comment: SubmissionComment) -> bool:
    """A comment the review workflow wrote (submitted, returned, approved, reopened)."""
    return comment.kind != SubmissionComment.Kind.COMMENT


@admin.register(Project)
class ProjectAdmin(YearDataAdminMixin, HistoryAdmin):
    """A project's identity; what it was each year is in its reports."""

    list_display = ["__str__", "administration", "created_at"]
    list_filter = ["administration"]
    list_select_related = ["administration"]

    def has_add_permission(self, request):
        # A project comes into being with its first report, through the entry form or import.
        return False

    def has_change_permission(self, request, obj=None):
        # Moving a project to another administration would move approved years with it.
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and locked_reports().filter(project=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    # Removing a project removes its reports, in every year it has one.
    year_path = "reports__submission__reporting_year"

    def year_id_of(self, obj):
        return None


class PayoutInline(LockedParentInline):
    model = Payout

    def submission_of(self, parent):
        return parent.submission


class ProjectReportAdminForm(UnlockedTargetForm):
    def clean(self):
        cleaned = super().clean()
        submission = cleaned.get("submission") or getattr(self.instance, "submission", None)
        if submission is not None:
            for finding in validation.check_participants(
                administration=submission.administration,
                participants=cleaned.get("participating_administrations") or (),
            ):
                self.add_error(finding.field, finding.message)
        return cleaned


@admin.register(ProjectReport)
class ProjectReportAdmin(YearDataAdminMixin, LockedEntryAdmin, HistoryAdmin):
    form = ProjectReportAdminForm
    list_display = ["name", "acronym", "submission", "role", "programme", "council_goal"]
    list_select_related = [
        "submission__administration",
        "submission__reporting_year",
        "programme",
        "council_goal",
    ]
    list_filter = ["submission__reporting_year", "role", "council_goal", "suggested_as_example"]
    search_fields = ["name", "acronym"]
    # A website typed without a scheme gets https, as in the entry form (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["participating_administrations"]
    inlines = [PayoutInline]
    year_path = "submission__reporting_year"

    def submission_of(self, obj):
        return obj.submission

    def year_id_of(self, obj):
        return obj.submission.reporting_year_id


class PayoutAdminForm(UnlockedTargetForm):
    target_field = "report"

    def target_choices(self):
        unlocked = Submission.objects.unlocked()
        return ProjectReport.objects.filter(submission__in=unlocked).select_related(
            "submission__reporting_year"
        )

    def target_is_locked(self, target):
        return target.submission.is_locked


@admin.register(Payout)
class PayoutAdmin(YearDataAdminMixin, LockedEntryAdmin, HistoryAdmin):
    form = PayoutAdminForm
    list_display = ["report", "payment_date", "amount_sek"]
    list_select_related = ["report__submission__reporting_year"]
    date_hierarchy = "payment_date"
    year_path = "report__submission__reporting_year"

    def submission_of(self, obj):
        return obj.report.submission

    def year_id_of(self, obj):
        return obj.report.submission.reporting_year_id


COMMENT_READONLY = ["kind", "report", "payout", "target_label", "confirmed_warnings"]


class SubmissionCommentFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The workflow's record stays as written: shown, never edited or deleted.
        if form.instance.pk is not None and is_workflow_record(form.instance):
            for field in form.fields.values():
                field.disabled = True


class SubmissionCommentInline(LockedParentInline):
    model = SubmissionComment
    formset = SubmissionCommentFormSet
    # Comments written here are plain comments; only the workflow writes the other kinds, and
    # only the review page says which project or payout a comment is about.
    readonly_fields = COMMENT_READONLY

    def submission_of(self, parent):
        return parent


class SubmissionAdminForm(UnlockedTargetForm):
    target_field = "reporting_year"
    locked_message = YEAR_CLOSED

    def target_choices(self):
        return ReportingYear.objects.filter(is_open=True)

    def target_is_locked(self, target):
        return not target.is_open


@admin.register(Submission)
class SubmissionAdmin(YearDataAdminMixin, LockedEntryAdmin, HistoryAdmin):
    form = SubmissionAdminForm
    list_display = ["administration", "reporting_year", "state", "updated_at"]
    list_filter = ["reporting_year", "state"]
    list_select_related = ["administration", "reporting_year"]
    inlines = [SubmissionCommentInline]
    # State changes go through the review workflow, which records who and why.
    readonly_fields = ["state", *TRANSITION_STAMPS]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None:
            return readonly
        # Moving a submission would carry its reports and its record into another year.
        return ["administration", "reporting_year", *readonly]

    year_path = "reporting_year"

    def submission_of(self, obj):
        return obj

    def year_id_of(self, obj):
        return obj.reporting_year_id


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(LockedEntryAdmin):
    """The review workflow's record: its own entries are never edited or deleted here, and
    nothing is once the submission is locked; plain comments of an open one may be."""

    form = UnlockedTargetForm
    list_display = ["submission", "kind", "author", "created_at"]
    list_select_related = ["submission__administration", "submission__reporting_year", "author"]
    readonly_fields = COMMENT_READONLY

    def submission_of(self, obj):
        return obj.submission

    def has_change_permission(self, request, obj=None):
        if obj is not None and is_workflow_record(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_workflow_record(obj):
            return False
        return super().has_delete_permission(request, obj)
