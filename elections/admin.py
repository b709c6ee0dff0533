from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import (Account, AuditLog, BackdatedAct, CalendarYear, CommitteeMember, Community, District, Election,
                     Meeting, NoticeRepost, Override, Postponement, Role, RuleProfile, Street)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Election data, organisations, users and roles change only through the services, which check the rules and
    write the audit log (the administration pages: /manage/)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "default_profile"]
    search_fields = ["code", "name"]


@admin.register(Street)
class StreetAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    search_fields = ["code", "name"]


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "street", "households", "population", "deferred", "is_pilot"]
    list_filter = ["street__district", "street", "deferred", "is_pilot"]
    search_fields = ["code", "name"]


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "district", "street", "community", "election"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name"]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["user", "must_change_password", "created_by"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class ReadOnlyUserAdmin(ReadOnlyAdmin, UserAdmin):
    pass


@admin.register(RuleProfile)
class RuleProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "district", "builtin"]

    def has_change_permission(self, request, obj=None):
        # Shipped profiles are read-only; copies change through the profile pages (audited).
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ["community", "term", "is_rehearsal", "method", "election_date", "state"]
    list_filter = ["state", "is_rehearsal", "method"]


@admin.register(CommitteeMember, Meeting, Override, CalendarYear, BackdatedAct, Postponement, NoticeRepost)
class ElectionDataAdmin(ReadOnlyAdmin):
    pass


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "election", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    date_hierarchy = "at"
