from django.contrib import admin

from measures.models import Measure
from orgs.permissions import visible_measures


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "corner", "status", "responsible", "started_on",
                    "ended_on", "shared"]
    list_filter = ["collaboration", "kind", "corner", "status"]
    search_fields = ["title"]
    raw_id_fields = ["case", "created_by"]

    def get_queryset(self, request):
        return visible_measures(request.user).select_related("responsible")
