"""Reports in the admin: read-only, scoped by orgs.permissions, every read logged.

Changes to reports go through the product's pages and API (do_change_status), so that
validation and the audit log apply; the admin is for looking things up.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote

from audit import log
from audit.models import Action
from orgs.scoped_admin import ScopedAdmin, ScopedTabularInline
from reports.models import Report, StatusChange


class StatusChangeInline(ScopedTabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    list_display = ["occurred_at", "category", "level", "area", "organisation", "status",
                    "visibility"]
    list_filter = ["status", "level", "visibility", "source", "collaboration"]
    search_fields = ["id", "text", "address"]
    date_hierarchy = "occurred_at"
    list_select_related = ["area", "organisation"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))  # 404 unless visible
        log.record(request.user, Action.READ, report, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)
