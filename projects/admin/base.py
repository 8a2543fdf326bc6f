"""What the admin pages share: records only the application writes, a history that asks for
the change permission, and entry data that is read only once its submission is locked."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from projects.access import SUBMISSION_LOCKED, SubmissionLocked
from projects.models import (
    ProjectReport,
    Submission,
)
from projects.services.versions import year_data_changed


def locked_reports():
    """Reports of locked submissions: nothing that deletes along with another row may touch them."""
    return ProjectReport.objects.filter(submission__in=Submission.objects.locked())


class YearDataAdminMixin:
    """A save or removal here raises the data version of each year it touches (the year the
    row is in, and the one it is moved out of), in the same transaction as the change.

    ``year_path`` leads from the model to its reporting year."""

    year_path = ""

    def year_ids(self, queryset) -> set[int]:
        return {
            pk
            for pk in queryset.order_by().values_list(self.year_path, flat=True).distinct()
            if pk is not None
        }

    def year_id_of(self, obj) -> int | None:
        """The year the object as about to be saved is in (the form's choice)."""
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            stored = self.year_ids(self.model.objects.filter(pk=obj.pk)) if change else set()
            # A report or payout may be moved: the year it goes to changes too.
            year_data_changed(year_ids=stored | {self.year_id_of(obj)} - {None})
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with transaction.atomic():
            year_data_changed(year_ids=self.year_ids(self.model.objects.filter(pk=obj.pk)))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            year_data_changed(year_ids=self.year_ids(queryset))
            super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin:
    """A record the application alone writes: the admin shows it, never adds, changes or
    removes it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
