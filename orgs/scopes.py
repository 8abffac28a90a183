"""For any model: the rows a user may see, whether they may change one, and on behalf of
which organisations; one table over the rules in orgs/permissions.py.

The admin site (orgs/scoped_admin.py) asks this module for every list, form field, filter
and permission, so that a model without an entry here is shown to superusers only: a new
model is closed until someone writes down who may see it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from orgs import permissions as p
from orgs.models import ApiToken, Area, Collaboration, Membership, Organisation, Place, Property


def _nobody(user, obj) -> bool:
    return False


@dataclass(frozen=True)
class Scope:
    """``visible(user)``: the rows the user may see. ``editable(user, obj)``: may change
    (and delete) that row. ``acting``: the roles with which an organisation changes such
    rows; ``owner``: the field naming that organisation (None: the row belongs to the
    whole collaboration). ``members_delete``: deleting stays within the owner's rows
    (False where a delete would clear or cascade into other organisations' records)."""

    visible: Callable[..., QuerySet]
    editable: Callable[..., bool] = _nobody
    acting: frozenset = frozenset()
    owner: str | None = None
    members_delete: bool = True


def _in_collaborations(model) -> Callable[..., QuerySet]:
    return lambda user: p.scoped_to_collaborations(user, model.objects.all())


def _everything(model) -> Callable[..., QuerySet]:
    return lambda user: model.objects.all()


def _through(parent_visible, field: str, model) -> Callable[..., QuerySet]:
    """Rows that belong to a visible parent (a report's status changes, an inspection's
    results)."""
    return lambda user: model.objects.filter(**{f"{field}__in": parent_visible(user)})


def _collaboration_admin(user, obj) -> bool:
    """Areas and places belong to the whole collaboration: an admin of any member."""
    return bool(p.access_for(user).orgs_with(p.CAN_ADMINISTER, obj.collaboration_id))


def _property_admin(user, obj) -> bool:
    return obj.owner_id in p.access_for(user).orgs_with(p.CAN_ADMINISTER, obj.collaboration_id)


def _target_editor(user, obj) -> bool:
    owners = p.survey_owners(user, obj.collaboration_id)
    return bool(owners) and (obj.organisation_id is None or obj.organisation_id in owners)


def _users_sharing_an_organisation(user) -> QuerySet:
    users = get_user_model().objects.all()
    if p.access_for(user).is_superuser:
        return users
    return users.filter(
        memberships__organisation_id__in=p.access_for(user).organisation_ids).distinct()


def _own_tokens(user) -> QuerySet:
    if p.access_for(user).is_superuser:
        return ApiToken.objects.all()
    return ApiToken.objects.filter(user_id=user.pk) if user.is_authenticated else \
        ApiToken.objects.none()


def _build() -> dict[str, Scope]:
    from audit.models import AuditEntry
    from inspections.models import (
        ChecklistTemplate,
        Inspection,
        Item,
        ItemResult,
        Observation,
        SafetyWalk,
        Section,
    )
    from measures.models import Measure
    from meetings.models import Assignment, Meeting, Priority, ProblemCase
    from reports.models import Report, StatusChange
    from surveys.models import Survey, Target

    def inspection_editor(user, obj):
        return p.can_edit_inspection(user, obj.inspection)

    def walk_editor(user, obj):
        return p.can_edit_safety_walk(user, obj.walk)

    scopes = {
        Organisation: Scope(p.visible_organisations),
        Collaboration: Scope(p.visible_collaborations),
        # Read-only in the admin: memberships change through accounts/ (invitations, roles,
        # removing leavers), whose rules (the last admin, tokens, sessions) the admin lacks.
        Membership: Scope(p.visible_memberships),
        Area: Scope(_in_collaborations(Area), _collaboration_admin, p.CAN_ADMINISTER,
                    members_delete=False),
        Place: Scope(_in_collaborations(Place), _collaboration_admin, p.CAN_ADMINISTER,
                     members_delete=False),
        Property: Scope(_in_collaborations(Property), _property_admin, p.CAN_ADMINISTER,
                        owner="owner", members_delete=False),
        ApiToken: Scope(_own_tokens),
        get_user_model(): Scope(_users_sharing_an_organisation),
        Report: Scope(p.visible_reports),
        StatusChange: Scope(_through(p.visible_reports, "report", StatusChange)),
        AuditEntry: Scope(p.visible_audit_entries),
        Survey: Scope(p.visible_surveys, p.can_manage_survey, p.CAN_MANAGE_SURVEYS,
                      owner="owner"),
        Target: Scope(_in_collaborations(Target), _target_editor, p.CAN_MANAGE_SURVEYS,
                      owner="organisation"),
        Measure: Scope(p.visible_measures, p.can_edit_measure, p.CAN_EDIT_MEASURES,
                       owner="responsible"),
        Inspection: Scope(p.visible_inspections, p.can_edit_inspection, p.CAN_INSPECT,
                          owner="organisation"),
        ItemResult: Scope(_through(p.visible_inspections, "inspection", ItemResult),
                          inspection_editor),
        SafetyWalk: Scope(p.visible_safety_walks, p.can_edit_safety_walk, p.CAN_INSPECT,
                          owner="organisation"),
        Observation: Scope(_through(p.visible_safety_walks, "walk", Observation), walk_editor),
        ChecklistTemplate: Scope(_everything(ChecklistTemplate)),
        Section: Scope(_everything(Section)),
        Item: Scope(_everything(Item)),
        Meeting: Scope(_in_collaborations(Meeting)),
        Priority: Scope(lambda user: Priority.objects.filter(
            meeting__in=p.scoped_to_collaborations(user, Meeting.objects.all()))),
        Assignment: Scope(_in_collaborations(Assignment)),
        ProblemCase: Scope(_in_collaborations(ProblemCase)),
    }
    return {model._meta.label_lower: scope for model, scope in scopes.items()}


_SCOPES: dict[str, Scope] | None = None


def scope_of(model) -> Scope | None:
    global _SCOPES
    if _SCOPES is None:
        _SCOPES = _build()
    return _SCOPES.get(model._meta.label_lower)


def visible(user, model) -> QuerySet:
    """Every row of ``model`` the user may see; none of a model nobody wrote rules for."""
    if p.access_for(user).is_superuser:
        return model._default_manager.all()
    scope = scope_of(model)
    if scope is None or not user.is_authenticated:
        return model._default_manager.none()
    return scope.visible(user)


def may_edit(user, obj: Model) -> bool:
    if p.access_for(user).is_superuser:
        return True
    scope = scope_of(type(obj))
    return scope is not None and user.is_authenticated and scope.editable(user, obj)


def may_delete(user, obj: Model) -> bool:
    if p.access_for(user).is_superuser:
        return True
    scope = scope_of(type(obj))
    return scope is not None and scope.members_delete and may_edit(user, obj)


def acting_organisations(user, model) -> list[int]:
    """The organisations on whose behalf the user may add or change rows of ``model``."""
    scope = scope_of(model)
    if scope is None or not scope.acting:
        return []
    return p.access_for(user).orgs_with(set(scope.acting))


def acting_collaborations(user, model) -> set[int]:
    """The collaborations in which the user may add or change rows of ``model``."""
    access = p.access_for(user)
    return {c for org in acting_organisations(user, model)
            for c in access.collaborations_of_org.get(org, ())}


def owner_field(model) -> str | None:
    scope = scope_of(model)
    return scope.owner if scope else None
