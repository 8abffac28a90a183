from django.contrib import admin

from measures.models import Measure
from orgs.scoped_admin import ScopedAdmin


@admin.register(Measure)
class MeasureAdmin(ScopedAdmin):
    list_display = ["title", "kind", "corner", "status", "responsible", "started_on",
                    "ended_on", "shared"]
    list_filter = ["collaboration", "kind", "corner", "status"]
    search_fields = ["title"]
    raw_id_fields = ["case", "created_by"]
    list_select_related = ["responsible"]
