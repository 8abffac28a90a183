"""Organisations, collaborations, areas, properties and places in the admin (in Swedish).

Superusers manage everything. Staff users with the admin role see and edit only what
belongs to their own collaborations.
"""

from django.contrib import admin

from orgs.models import ApiToken, Area, Collaboration, Membership, Organisation, Place, Property
from orgs.permissions import access_for, scoped_to_collaborations, visible_organisations


class ScopedToCollaboration(admin.ModelAdmin):
    def get_queryset(self, request):
        return scoped_to_collaborations(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "collaboration" and not request.user.is_superuser:
            ids = access_for(request.user).collaboration_ids
            kwargs["queryset"] = Collaboration.objects.filter(id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return visible_organisations(request.user)


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality"]
    filter_horizontal = ["organisations"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(id__in=access_for(request.user).collaboration_ids)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user", "organisation")
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation_id__in=access_for(request.user).organisation_ids)


@admin.register(Area)
class AreaAdmin(ScopedToCollaboration):
    list_display = ["name", "collaboration"]
    list_filter = ["collaboration"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Property)
class PropertyAdmin(ScopedToCollaboration):
    list_display = ["address", "area", "owner", "apartments"]
    list_filter = ["collaboration", "area"]
    search_fields = ["address"]


@admin.register(Place)
class PlaceAdmin(ScopedToCollaboration):
    list_display = ["name", "kind", "area"]
    list_filter = ["collaboration", "area"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False  # tokens are created with `tryggve token USERNAME`

    def has_module_permission(self, request):
        return request.user.is_superuser
