"""Users and their sign-in record in the admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from projects.admin.base import ReadOnlyAdminMixin
from projects.audit import login_event_record
from projects.models import (
    LoginEvent,
    SingleSignOnIdentity,
    User,
)


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
