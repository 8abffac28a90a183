from django.contrib import admin

from inspections.models import (
    ChecklistTemplate,
    Inspection,
    Item,
    ItemResult,
    Observation,
    SafetyWalk,
    Section,
)
from orgs.scoped_admin import ScopedAdmin, ScopedTabularInline


class SectionInline(ScopedTabularInline):
    model = Section
    extra = 0


class ItemInline(ScopedTabularInline):
    model = Item
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ScopedAdmin):
    list_display = ["name", "version", "valid_years", "is_default"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(ScopedAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]
    inlines = [ItemInline]


class ItemResultInline(ScopedTabularInline):
    model = ItemResult
    extra = 0
    fields = ["item", "outcome", "comment"]
    readonly_fields = ["item"]


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ["__str__", "organisation", "finished_at", "certified", "valid_until",
                    "shared"]
    list_filter = ["collaboration", "certified"]
    inlines = [ItemResultInline]


class ObservationInline(ScopedTabularInline):
    model = Observation
    extra = 0


@admin.register(SafetyWalk)
class SafetyWalkAdmin(ScopedAdmin):
    list_display = ["__str__", "organisation", "participant_count", "shared"]
    list_filter = ["collaboration"]
    inlines = [ObservationInline]
