from django.contrib import admin

from audit.models import AuditEntry
from orgs.permissions import can_browse_audit, visible_audit_entries


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "action", "report_id", "detail"]
    list_filter = ["action"]
    search_fields = ["actor_username", "report_id"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return visible_audit_entries(request.user)

    def has_module_permission(self, request):
        return can_browse_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return can_browse_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
