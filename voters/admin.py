"""Django admin for the voters app: a superuser's maintenance view. Everyday work goes through the pages and
services, which check the rules and write the audit log; lists here show masked identity numbers (VOT-7)."""
from django.contrib import admin

from .models import Household, Registration, RegistrationConflict, Resident, ResidentGroup


@admin.register(ResidentGroup)
class ResidentGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "community", "buildings")
    list_filter = ("community",)
    search_fields = ("name", "buildings")


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("number", "community", "group", "address")
    list_filter = ("community",)
    search_fields = ("number", "address")
    list_select_related = ("community", "group")


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ("name", "masked_id", "sex", "birth_date", "community", "group", "household",
                    "is_representative", "is_group_leader")
    list_filter = ("community", "sex", "hukou_here", "is_representative", "is_group_leader", "deprived_of_rights",
                   "incapacity")
    search_fields = ("name",)
    list_select_related = ("community", "group", "household")
    raw_id_fields = ("household", "group")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("resident", "election", "status", "category", "after_posting", "decided_by", "decided_at")
    list_filter = ("status", "category", "after_posting")
    search_fields = ("resident__name",)
    list_select_related = ("resident", "election__community", "decided_by")
    raw_id_fields = ("resident", "election")
    readonly_fields = ("problems", "decided_by", "decided_at")


@admin.register(RegistrationConflict)
class RegistrationConflictAdmin(admin.ModelAdmin):
    list_display = ("pk", "found_at", "resolved", "kept", "decided_by")
    list_filter = ("resolved",)
    readonly_fields = ("id_number", "found_at", "kept", "decision", "decided_by", "decided_at", "resolved")
    filter_horizontal = ()
