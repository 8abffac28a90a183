"""The admin site, scoped to the user's organisations and collaborations.

Every ModelAdmin and inline of the project derives from ``ScopedAdmin`` / ``ScopedInline``,
which take every decision from orgs/scopes.py (and so from orgs/permissions.py):

- lists, change forms, history, delete pages and actions see only ``visible`` rows; any
  other id answers 404, whichever view it is asked of;
- every ForeignKey and ManyToMany field (select or autocomplete; raw-id fields become
  selects, since the raw-id widget labels any id it is given) offers only rows
  the user may act with: the organisations on whose behalf they change this model, the
  collaborations of those organisations, and visible rows of those collaborations;
- a related list filter lists only what the visible rows refer to;
- a row is changed or deleted only where ``may_edit`` / ``may_delete`` allow, before and
  after the change, and the model's ``clean()`` keeps its links inside its collaboration;
- models without rules in orgs/scopes.py are for superusers only, and so is every
  ModelAdmin that is not a ScopedAdmin (``close_unscoped_admins``, run when the apps are
  ready, after the admin has found every app's admin module).

Superusers see and change everything, as before.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from orgs import scopes
from orgs.consistency import link_errors
from orgs.models import Collaboration, Organisation
from orgs.permissions import access_for

NOT_YOURS = _("Du får inte spara det här för den organisationen eller samverkan.")


def _superuser(request) -> bool:
    return access_for(request.user).is_superuser


def choices_for(request, model, field) -> models.QuerySet:
    """The rows a non-superuser may pick in ``field`` of a ``model`` they add or change."""
    user, related = request.user, field.related_model
    if scopes.owner_field(model) == field.name:
        return Organisation.objects.filter(pk__in=scopes.acting_organisations(user, model))
    collaborations = scopes.acting_collaborations(user, model)
    if related is Collaboration:
        return Collaboration.objects.filter(pk__in=collaborations)
    if related is Organisation:
        return Organisation.objects.filter(collaborations__in=collaborations).distinct()
    if related is get_user_model():
        acting = scopes.acting_organisations(user, model)
        return related.objects.filter(memberships__organisation_id__in=acting).distinct()
    rows = scopes.visible(user, related)
    if any(f.name == "collaboration" for f in related._meta.get_fields()):
        rows = rows.filter(collaboration_id__in=collaborations)
    return rows


def _relation_fields(model) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.get_fields()
            if f.concrete and (f.many_to_one or f.many_to_many or f.one_to_one)}


def scope_form(form_class, request, model, obj=None):
    """Narrow every relation field of a (model) form class to ``choices_for``; values the
    row already holds stay choosable, so saving it unchanged never empties a field."""
    if _superuser(request):
        return form_class
    relations = _relation_fields(model)
    for name, form_field in form_class.base_fields.items():
        field = relations.get(name)
        if field is None or not isinstance(form_field, forms.ModelChoiceField):
            continue
        allowed = choices_for(request, model, field)
        if obj is not None and obj.pk is not None:
            current = (getattr(obj, name).values_list("pk", flat=True) if field.many_to_many
                       else [getattr(obj, field.attname)])
            kept = field.related_model._default_manager.filter(pk__in=list(current))
            allowed = field.related_model._default_manager.filter(
                models.Q(pk__in=allowed.values("pk")) | models.Q(pk__in=kept.values("pk")))
        form_field.queryset = allowed
    return form_class


class ScopedModelForm(forms.ModelForm):
    """Refuses to save a row the user could not change once saved, and many-to-many links
    outside the row's collaboration (a model's clean() cannot see those)."""

    scoped_user = None  # set per request on the class the admin builds

    def clean(self):
        data = super().clean()
        model = self._meta.model
        collaboration = data.get("collaboration") or getattr(self.instance, "collaboration",
                                                             None)
        m2m = {name: data[name] for name, field in _relation_fields(model).items()
               if field.many_to_many and name in data}
        for name, messages in link_errors(getattr(collaboration, "pk", None), model,
                                          m2m).items():
            self.add_error(name, messages)
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.scoped_user is not None and not self.errors and not scopes.may_edit(
                self.scoped_user, self.instance):
            self.add_error(None, NOT_YOURS)


def _scoped_form_class(form_class, request, model, obj):
    form_class.scoped_user = None if _superuser(request) else request.user
    return scope_form(form_class, request, model, obj)


class ScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """A filter on a relation that lists only what the visible rows refer to."""


class ScopedAdmin(admin.ModelAdmin):
    form = ScopedModelForm
    view_on_site = False

    # Rows -------------------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = scopes.visible(request.user, self.model)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404  # the same answer for "never existed" and "not yours"
        return found

    def get_list_filter(self, request):
        relations = _relation_fields(self.model)
        return [(item, ScopedRelatedFilter) if isinstance(item, str)
                and item.split("__")[0] in relations else item
                for item in super().get_list_filter(request)]

    # Permissions -----------------------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        if obj is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        if _superuser(request):
            return super().has_add_permission(request)
        return (super().has_add_permission(request)
                and bool(scopes.acting_organisations(request.user, self.model)))

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if _superuser(request):
            return True
        if obj is None:
            return bool(scopes.acting_organisations(request.user, self.model))
        return scopes.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if _superuser(request):
            return True
        if obj is None:
            return bool(scopes.acting_organisations(request.user, self.model))
        return scopes.may_delete(request.user, obj)

    def delete_queryset(self, request, queryset):
        if not all(self.has_delete_permission(request, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    # Forms -----------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not _superuser(request) and "collaboration" in _relation_fields(
                self.model):
            fields.append("collaboration")  # a record never moves to another collaboration
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.raw_id_fields and not _superuser(request):
            # A raw-id widget prints the label of whatever id it is given, looked up past
            # any scope: a plain select of the scoped choices instead.
            kwargs.setdefault("widget", forms.Select)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.raw_id_fields and not _superuser(request):
            kwargs.setdefault("widget", forms.SelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return _scoped_form_class(form, request, self.model, obj)

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        formset.form = _scoped_form_class(formset.form, request, self.model, None)
        return formset

    def save_model(self, request, obj, form, change):
        if not scopes.may_edit(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class ScopedInline:
    """Rows shown inside a scoped parent: changed exactly when the parent may be."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if _superuser(request):
            return queryset
        return queryset.filter(pk__in=scopes.visible(request.user, self.model).values("pk"))

    def _parent_editable(self, request, obj) -> bool:
        """The parent being added (None) is checked by its own admin when saved."""
        return _superuser(request) or obj is None or scopes.may_edit(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return (super().has_change_permission(request, obj)
                and self._parent_editable(request, obj))

    def has_delete_permission(self, request, obj=None):
        return (super().has_delete_permission(request, obj)
                and self._parent_editable(request, obj))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = scope_form(formset.form, request, self.model, None)
        return formset


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class SuperusersOnly:
    """For the platform's own tables (users, groups, tokens): superusers only."""

    def get_object(self, request, object_id, from_field=None):
        if not _superuser(request):
            raise PermissionDenied
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404
        return found

    def has_module_permission(self, request):
        return _superuser(request)

    def has_view_permission(self, request, obj=None):
        return _superuser(request)

    def has_add_permission(self, request, *args):
        return _superuser(request)

    def has_change_permission(self, request, obj=None):
        return _superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _superuser(request)


def close_unscoped_admins(site=None) -> None:
    """Make every ModelAdmin that is neither a ScopedAdmin nor SuperusersOnly (a library's
    own, such as django-axes') for superusers only: the admin fails closed."""
    site = site or admin.site
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ScopedAdmin | SuperusersOnly):
            continue
        closed = type(f"SuperusersOnly{type(model_admin).__name__}",
                      (SuperusersOnly, type(model_admin)), {})
        site.unregister(model)
        site.register(model, closed)
