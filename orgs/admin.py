"""Organisations, collaborations, memberships, areas, properties, places and API tokens in
the admin (in Swedish), scoped by orgs/scoped_admin.py.

Superusers manage everything. An organisation admin (staff, with the admin role) sees its
own collaborations' areas, properties and places and its own organisations' memberships;
it changes the areas and places of its collaborations, the properties its organisations
own and the memberships of those organisations, for users already in one of them. Only
superusers create or change organisations, collaborations and who is a member of which,
and only they manage users, groups and API tokens.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from orgs.models import ApiToken, Area, Collaboration, Membership, Organisation, Place, Property
from orgs.scoped_admin import ScopedAdmin, SuperusersOnly


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Collaboration)
class CollaborationAdmin(ScopedAdmin):
    list_display = ["name", "municipality"]
    filter_horizontal = ["organisations"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    list_select_related = ["user", "organisation"]


@admin.register(Area)
class AreaAdmin(ScopedAdmin):
    list_display = ["name", "collaboration"]
    list_filter = ["collaboration"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Property)
class PropertyAdmin(ScopedAdmin):
    list_display = ["address", "area", "owner", "apartments"]
    list_filter = ["collaboration", "area"]
    search_fields = ["address"]


@admin.register(Place)
class PlaceAdmin(ScopedAdmin):
    list_display = ["name", "kind", "area"]
    list_filter = ["collaboration", "area"]
    search_fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(SuperusersOnly, ScopedAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "user", "created_at", "last_used_at"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False  # tokens are created with `tryggve token USERNAME`


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class SuperuserUserAdmin(SuperusersOnly, UserAdmin):
    pass


@admin.register(Group)
class SuperuserGroupAdmin(SuperusersOnly, GroupAdmin):
    pass
