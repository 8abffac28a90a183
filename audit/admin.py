from django.contrib import admin

from audit.models import AuditEntry
from orgs.permissions import can_browse_audit
from orgs.scoped_admin import ScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    """Read-only: admins see the entries about their own organisations (orgs.scopes)."""

    list_display = ["at", "actor_username", "action", "report_id", "detail"]
    list_filter = ["action"]
    search_fields = ["actor_username", "report_id"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return can_browse_audit(request.user)

    def has_view_permission(self, request, obj=None):
        if not can_browse_audit(request.user):
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
