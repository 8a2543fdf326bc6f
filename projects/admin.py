from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from projects import validation
from projects.access import SUBMISSION_LOCKED, SubmissionLocked
from projects.audit import login_event_record
from projects.models import (
    Administration,
    CouncilGoal,
    FundingProgramme,
    LoginEvent,
    Payout,
    Project,
    ProjectReport,
    ReportingYear,
    ReportingYearEvent,
    SingleSignOnIdentity,
    Submission,
    SubmissionComment,
    User,
)
from projects.services.locks import TRANSITION_STAMPS
from projects.services.reference import reference_names_refresh

YEAR_CLOSED = _("Redovisningsåret är stängt och kan inte ändras. Välj ett öppet år.")
YEAR_HELP = _(
    "Redovisningsår öppnas, stängs, öppnas igen och tas bort på sidan Redovisningsår i "
    "applikationen, som sparar vem som gjorde det och när. Här kan bara ett öppet års sista "
    "dag och mål ändras."
)


def locked_reports():
    """Reports of locked submissions: nothing that deletes along with another row may touch them."""
    return ProjectReport.objects.filter(submission__in=Submission.objects.locked())


def is_workflow_record(comment: SubmissionComment) -> bool:
    """A comment the review workflow wrote (submitted, returned, approved, reopened)."""
    return comment.kind != SubmissionComment.Kind.COMMENT


REFERENCE_HELP = _(
    "En ändring här gäller öppna redovisningsår och senare år; stängda år behåller namnen, "
    "kortnamnen och fondfamiljerna de hade när de stängdes."
)


class ReferenceDataAdmin(admin.ModelAdmin):
    """Administrations, goals and programmes: a change reaches the open years' rows at once
    and never a closed year's (``reference_names_refresh``), and the form says so."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "name" in form.base_fields:
            form.base_fields["name"].help_text = REFERENCE_HELP
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reference_names_refresh()


@admin.register(Administration)
class AdministrationAdmin(ReferenceDataAdmin):
    list_display = ["name", "short_code", "valid_from_year", "valid_to_year", "is_city_office"]
    search_fields = ["name", "short_code"]

    def has_delete_permission(self, request, obj=None):
        # Deleting it would take it off the participants of reports nobody may change.
        if obj is not None and locked_reports().filter(participating_administrations=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users are created here; each role change is kept in the sign-in record."""

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

    def save_model(self, request, obj, form, change):
        old_role = form.initial.get("role", "") if change else ""
        super().save_model(request, obj, form, change)
        if obj.role != old_role:
            login_event_record(
                kind=LoginEvent.Kind.ROLE_CHANGED,
                request=request,
                user=obj,
                changed_by=request.user,
                old_role=old_role,
                new_role=obj.role,
            )


class ReadOnlyAdminMixin:
    """A record the application alone writes: the admin shows it, never adds, changes or
    removes it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The sign-in record, read only: events are written by the application alone."""

    list_display = ["created_at", "kind", "username", "ip_address", "changed_by"]
    list_filter = ["kind", "created_at"]
    search_fields = ["username", "user__full_name"]
    list_select_related = ["changed_by"]


@admin.register(SingleSignOnIdentity)
class SingleSignOnIdentityAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Links to Entra ID are made by sign-ins and confirmed on the Users page; here a wrong
    link can only be removed (the identity then asks again at its next sign-in)."""

    list_display = ["user", "object_id", "tenant_id", "email", "requested_at", "linked_at"]
    list_filter = ["linked_at"]
    search_fields = ["user__email", "user__full_name", "email"]
    list_select_related = ["user"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(CouncilGoal)
class CouncilGoalAdmin(ReferenceDataAdmin):
    list_display = ["name", "valid_from_year", "valid_to_year", "order"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a goal would take it off the closed years that listed it.
        if obj is not None and obj.reporting_years.filter(is_open=False).exists():
            return False
        return super().has_delete_permission(request, obj)


class ReportingYearAdminForm(forms.ModelForm):
    """An open year's deadline and goals follow the same rule as opening it."""

    def clean(self):
        cleaned = super().clean()
        for finding in validation.check_year_opening(
            year=self.instance.year,
            deadline=cleaned.get("deadline"),
            council_goals=cleaned.get("council_goals") or (),
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
class ReportingYearAdmin(admin.ModelAdmin):
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


class UnlockedTargetForm(forms.ModelForm):
    """A row is never added to or moved into a locked submission: the target field offers only
    unlocked ones, and one posted anyway, or locked since the page was shown, is refused."""

    target_field = "submission"
    # Said on the field at fault when a row would be added to or moved into a locked submission,
    # both when such a choice is posted and when it was locked after the page was shown.
    locked_message = SUBMISSION_LOCKED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get(self.target_field):
            field.queryset = self.target_choices()
            field.error_messages["invalid_choice"] = self.locked_message

    def target_choices(self):
        return Submission.objects.unlocked().select_related("administration", "reporting_year")

    def target_is_locked(self, target) -> bool:
        return target.is_locked

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get(self.target_field)
        if target is not None and self.target_is_locked(target):
            self.add_error(
                self.target_field,
                ValidationError(self.locked_message, code=SubmissionLocked.code),
            )
        return cleaned


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's revert page saves its form without asking for the change
    permission: a row the admin may not change is not changed by reverting it either."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LockedEntryAdmin(admin.ModelAdmin):
    """Entry data of an approved submission or a closed year is read only here too.

    The yearly workflow (reopening with a reason) is the only way back; the admin is for
    correcting open data, never for rewriting figures that officials have signed. Where a row
    may be moved to is its form's (``UnlockedTargetForm``)."""

    def submission_of(self, obj) -> Submission | None:
        raise NotImplementedError

    def is_locked(self, obj) -> bool:
        submission = self.submission_of(obj) if obj is not None else None
        return submission is not None and submission.is_locked

    def has_change_permission(self, request, obj=None):
        if self.is_locked(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)


class LockedParentInline(admin.TabularInline):
    """Rows under a locked submission are neither added, changed nor removed."""

    extra = 0

    def submission_of(self, parent) -> Submission:
        raise NotImplementedError

    def is_locked(self, parent) -> bool:
        return parent is not None and self.submission_of(parent).is_locked

    def has_add_permission(self, request, obj=None):
        return not self.is_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self.is_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.is_locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
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
class ProjectReportAdmin(LockedEntryAdmin, HistoryAdmin):
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

    def submission_of(self, obj):
        return obj.submission


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
class PayoutAdmin(LockedEntryAdmin, HistoryAdmin):
    form = PayoutAdminForm
    list_display = ["report", "payment_date", "amount_sek"]
    list_select_related = ["report__submission__reporting_year"]
    date_hierarchy = "payment_date"

    def submission_of(self, obj):
        return obj.report.submission


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
    # Comments written here are plain comments; only the workflow writes the other kinds.
    readonly_fields = ["kind"]

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
class SubmissionAdmin(LockedEntryAdmin, HistoryAdmin):
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

    def submission_of(self, obj):
        return obj


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(LockedEntryAdmin):
    """The review workflow's record: its own entries are never edited or deleted here, and
    nothing is once the submission is locked; plain comments of an open one may be."""

    form = UnlockedTargetForm
    list_display = ["submission", "kind", "author", "created_at"]
    list_select_related = ["submission__administration", "submission__reporting_year", "author"]
    readonly_fields = ["kind"]

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
