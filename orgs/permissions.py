"""The one place that decides who sees and does what.

Rules (DESIGN.md, "Data rules"):
- A user belongs to organisations with a role; an organisation belongs to collaborations.
- A report is *shared* (every member organisation of its collaboration sees it) or
  *internal* (only its reporting organisation sees it).
- Roles: reporters report; coordinators also change status and import files; analysts read
  and export; viewers read; admins do everything and browse the audit log.
- Superusers are the platform's operators and see everything.

Views and API endpoints ask these functions; they never filter reports themselves.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from orgs.models import Collaboration, Membership, Organisation, Role

CAN_REPORT = {Role.REPORTER, Role.COORDINATOR, Role.ADMIN}
CAN_CHANGE_STATUS = {Role.COORDINATOR, Role.ADMIN}
CAN_IMPORT = {Role.COORDINATOR, Role.ADMIN}
CAN_EXPORT = {Role.ANALYST, Role.COORDINATOR, Role.ADMIN}
CAN_AUDIT = {Role.ADMIN}


@dataclass(frozen=True)
class Access:
    """What one user may reach: computed once per request and cached on the user."""

    is_superuser: bool = False
    roles: dict[int, str] = field(default_factory=dict)  # organisation id -> role
    collaborations_of_org: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.roles)

    @property
    def collaboration_ids(self) -> frozenset[int]:
        return frozenset(c for cs in self.collaborations_of_org.values() for c in cs)

    def orgs_with(self, roles: set[str], collaboration_id: int | None = None) -> list[int]:
        """Organisations in which the user holds one of ``roles`` (in that collaboration)."""
        return [
            org
            for org, role in self.roles.items()
            if role in roles
            and (
                collaboration_id is None
                or collaboration_id in self.collaborations_of_org.get(org, ())
            )
        ]


NO_ACCESS = Access()


def access_for(user) -> Access:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_tryggve_access", None)
    if cached is not None:
        return cached
    if user.pk is None:  # the console operator (reports.management.commands._actor)
        return Access(is_superuser=user.is_superuser)
    roles = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
    collabs: dict[int, set[int]] = {org: set() for org in roles}
    through = Collaboration.organisations.through.objects.filter(organisation_id__in=roles)
    for org_id, collab_id in through.values_list("organisation_id", "collaboration_id"):
        collabs[org_id].add(collab_id)
    access = Access(
        is_superuser=user.is_superuser,
        roles=roles,
        collaborations_of_org={org: frozenset(c) for org, c in collabs.items()},
    )
    user._tryggve_access = access
    return access


def forget_access(user) -> None:
    """Drop the cached access, e.g. after memberships changed within one request."""
    if hasattr(user, "_tryggve_access"):
        del user._tryggve_access


# Reports -------------------------------------------------------------------------------


def report_visibility_q(access: Access) -> Q:
    from reports.models import Visibility

    return Q(collaboration_id__in=access.collaboration_ids, visibility=Visibility.SHARED) | Q(
        organisation_id__in=access.organisation_ids
    )


def visible_reports(user) -> QuerySet:
    from reports.models import Report

    access = access_for(user)
    if access.is_superuser:
        return Report.objects.all()
    if not access.roles:
        return Report.objects.none()
    return Report.objects.filter(report_visibility_q(access))


def can_view_report(user, report) -> bool:
    from reports.models import Visibility

    access = access_for(user)
    if access.is_superuser:
        return True
    if report.organisation_id in access.roles:
        return True
    return (
        report.visibility == Visibility.SHARED
        and report.collaboration_id in access.collaboration_ids
    )


def can_change_status(user, report) -> bool:
    """Coordinators and admins of the reporting organisation, or, for a shared report,
    of any member organisation of its collaboration."""
    from reports.models import Visibility

    access = access_for(user)
    if access.is_superuser:
        return True
    if access.roles.get(report.organisation_id) in CAN_CHANGE_STATUS:
        return True
    return report.visibility == Visibility.SHARED and bool(
        access.orgs_with(CAN_CHANGE_STATUS, report.collaboration_id)
    )


def reporting_organisations(user, collaboration_id: int) -> list[int]:
    """Organisations the user may report on behalf of, in that collaboration."""
    return access_for(user).orgs_with(CAN_REPORT, collaboration_id)


def reportable_collaborations(user) -> QuerySet:
    access = access_for(user)
    ids = {c for org in access.orgs_with(CAN_REPORT) for c in access.collaborations_of_org[org]}
    return Collaboration.objects.filter(id__in=ids)


def can_import(user, collaboration_id: int | None = None) -> bool:
    return bool(access_for(user).orgs_with(CAN_IMPORT, collaboration_id))


def can_export(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.orgs_with(CAN_EXPORT))


# Collaborations, areas, places ---------------------------------------------------------


def visible_collaborations(user) -> QuerySet:
    access = access_for(user)
    if access.is_superuser:
        return Collaboration.objects.all()
    return Collaboration.objects.filter(id__in=access.collaboration_ids)


def scoped_to_collaborations(user, queryset: QuerySet) -> QuerySet:
    """Areas, properties, places: visible to every member of their collaboration."""
    access = access_for(user)
    if access.is_superuser:
        return queryset
    return queryset.filter(collaboration_id__in=access.collaboration_ids)


def visible_organisations(user) -> QuerySet:
    access = access_for(user)
    if access.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        collaborations__id__in=access.collaboration_ids
    ).distinct()


# Audit log -----------------------------------------------------------------------------


def can_browse_audit(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.orgs_with(CAN_AUDIT))


def visible_audit_entries(user) -> QuerySet:
    """Admins see the entries about their own organisations' users and reports."""
    from audit.models import AuditEntry

    access = access_for(user)
    if access.is_superuser:
        return AuditEntry.objects.all()
    orgs = access.orgs_with(CAN_AUDIT)
    if not orgs:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        Q(actor_organisation_id__in=orgs) | Q(report_organisation_id__in=orgs)
    )


# Meetings, assignments and problem cases ----------------------------------------------

CAN_RUN_MEETING = {Role.COORDINATOR, Role.ADMIN}
CAN_WORK_CASES = {Role.COORDINATOR, Role.ADMIN, Role.ANALYST}


def is_member(user, collaboration_id: int) -> bool:
    access = access_for(user)
    return access.is_superuser or collaboration_id in access.collaboration_ids


def can_run_meeting(user, collaboration_id: int) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.orgs_with(CAN_RUN_MEETING, collaboration_id))


def can_update_assignment(user, assignment) -> bool:
    """The collaboration's coordinators, and anyone but viewers in the responsible
    organisation (the guard company marks its own rounds as done)."""
    access = access_for(user)
    if can_run_meeting(user, assignment.collaboration_id):
        return True
    role = access.roles.get(assignment.responsible_id)
    return role is not None and role != Role.VIEWER


def can_work_cases(user, collaboration_id: int) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.orgs_with(CAN_WORK_CASES, collaboration_id))


def can_report(user) -> bool:
    return bool(access_for(user).orgs_with(CAN_REPORT))


def visible_reports_in(user, collaboration) -> QuerySet:
    """The reports of one collaboration the user may see.

    Same rule as visible_reports, written so the database sees one equality on the
    collaboration and the visibility test inside it; with the collaboration repeated
    inside the OR, PostgreSQL misjudges the row count and leaves the covering index
    (bench/picture_bench.py measured 19 → 10 ms at 10 M reports).
    """
    from reports.models import Report, Visibility

    access = access_for(user)
    cid = getattr(collaboration, "pk", collaboration)
    reports = Report.objects.filter(collaboration_id=cid)
    if access.is_superuser:
        return reports
    if cid in access.collaboration_ids:
        return reports.filter(Q(visibility=Visibility.SHARED)
                              | Q(organisation_id__in=access.organisation_ids))
    return reports.filter(organisation_id__in=access.organisation_ids)


# Surveys --------------------------------------------------------------------------------

CAN_MANAGE_SURVEYS = {Role.COORDINATOR, Role.ADMIN, Role.ANALYST}


def visible_surveys(user) -> QuerySet:
    """Shared surveys of the user's collaborations, and every survey of their own
    organisations (a housing company may keep its tenant survey to itself)."""
    from surveys.models import Survey

    access = access_for(user)
    if access.is_superuser:
        return Survey.objects.all()
    return Survey.objects.filter(
        Q(collaboration_id__in=access.collaboration_ids, shared=True)
        | Q(owner_id__in=access.organisation_ids))


def survey_owners(user, collaboration_id: int) -> list[int]:
    """Organisations on whose behalf the user may create, import and edit surveys and
    targets in that collaboration."""
    return access_for(user).orgs_with(CAN_MANAGE_SURVEYS, collaboration_id)


def can_manage_survey(user, survey) -> bool:
    access = access_for(user)
    return access.is_superuser or access.roles.get(survey.owner_id) in CAN_MANAGE_SURVEYS


# Measures and inspections ---------------------------------------------------------------

CAN_EDIT_MEASURES = {Role.COORDINATOR, Role.ADMIN, Role.ANALYST, Role.REPORTER}


def visible_measures(user) -> QuerySet:
    """Shared measures of the user's collaborations, and every measure of their own
    organisations."""
    from measures.models import Measure

    access = access_for(user)
    if access.is_superuser:
        return Measure.objects.all()
    return Measure.objects.filter(
        Q(collaboration_id__in=access.collaboration_ids, shared=True)
        | Q(responsible_id__in=access.organisation_ids))


def measure_organisations(user, collaboration_id: int) -> list[int]:
    """Organisations for which the user may register measures in that collaboration."""
    return access_for(user).orgs_with(CAN_EDIT_MEASURES, collaboration_id)


def can_edit_measure(user, measure) -> bool:
    """An organisation edits only its own measures."""
    access = access_for(user)
    return access.is_superuser or access.roles.get(measure.responsible_id) in CAN_EDIT_MEASURES


# Inspections and safety walks -----------------------------------------------------------
#
# An organisation edits only its own inspections and safety walks; shared ones are visible
# to every member of the collaboration, unshared ones only to the organisation itself.

CAN_INSPECT = {Role.REPORTER, Role.COORDINATOR, Role.ADMIN}


def _owned_or_shared(user, model) -> QuerySet:
    access = access_for(user)
    if access.is_superuser:
        return model.objects.all()
    if not access.roles:
        return model.objects.none()
    return model.objects.filter(
        Q(collaboration_id__in=access.collaboration_ids, shared=True)
        | Q(organisation_id__in=access.organisation_ids))


def _may_see(user, record) -> bool:
    access = access_for(user)
    return (access.is_superuser or record.organisation_id in access.roles
            or (record.shared and record.collaboration_id in access.collaboration_ids))


def _may_edit(user, record) -> bool:
    access = access_for(user)
    return access.is_superuser or access.roles.get(record.organisation_id) in CAN_INSPECT


def inspecting_organisations(user, collaboration_id: int) -> list[int]:
    """Organisations on whose behalf the user may inspect and walk in that collaboration."""
    return access_for(user).orgs_with(CAN_INSPECT, collaboration_id)


def visible_inspections(user) -> QuerySet:
    from inspections.models import Inspection

    return _owned_or_shared(user, Inspection)


def can_view_inspection(user, inspection) -> bool:
    return _may_see(user, inspection)


def can_edit_inspection(user, inspection) -> bool:
    return _may_edit(user, inspection)


def visible_safety_walks(user) -> QuerySet:
    from inspections.models import SafetyWalk

    return _owned_or_shared(user, SafetyWalk)


def can_view_safety_walk(user, walk) -> bool:
    return _may_see(user, walk)


def can_edit_safety_walk(user, walk) -> bool:
    return _may_edit(user, walk)


# The admin site ---------------------------------------------------------------------------
#
# Organisation admins manage, in /admin/, the properties their organisations own and their
# collaborations' areas and places, and see their organisations' memberships (which they
# change on the accounts pages). Organisations, collaborations and their member lists are
# the platform operators' (superusers').

CAN_ADMINISTER = {Role.ADMIN}


def visible_memberships(user) -> QuerySet:
    """Memberships in the user's own organisations."""
    access = access_for(user)
    if access.is_superuser:
        return Membership.objects.all()
    return Membership.objects.filter(organisation_id__in=access.organisation_ids)


# Accounts: people and their credentials ------------------------------------------------
#
# An organisation's admins (CAN_ADMINISTER) run its accounts: they invite, set roles within
# it, remove leavers and revoke its members' API tokens. Superusers administer every
# organisation.


def administered_organisations(user) -> QuerySet:
    access = access_for(user)
    if access.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(id__in=access.orgs_with(CAN_ADMINISTER))


def can_manage_accounts(user, organisation_id: int | None = None) -> bool:
    """Whether the user administers that organisation (or, without one, any)."""
    access = access_for(user)
    if access.is_superuser:
        return True
    if organisation_id is None:
        return bool(access.orgs_with(CAN_ADMINISTER))
    return access.roles.get(organisation_id) in CAN_ADMINISTER


def administered_members(user, organisation_id: int) -> QuerySet:
    """The memberships of an organisation, for its admins (and superusers) only."""
    if not can_manage_accounts(user, organisation_id):
        return Membership.objects.none()
    return Membership.objects.filter(organisation_id=organisation_id)


def administered_tokens(user, organisation_id: int | None = None) -> QuerySet:
    """API tokens of the members of one organisation the user administers (or, without
    one, of all of them). A member who also belongs to an organisation the user does not
    administer keeps its tokens out of this list: they serve that other organisation too,
    and its admins, not ours, decide over them (removing the member from ours already
    ends what the tokens may do here)."""
    from orgs.models import ApiToken

    access = access_for(user)
    if access.is_superuser:
        tokens = ApiToken.objects.all()
        if organisation_id is not None:
            tokens = tokens.filter(user__memberships__organisation_id=organisation_id)
        return tokens.distinct()
    administered = access.orgs_with(CAN_ADMINISTER)
    if organisation_id is not None:
        if organisation_id not in administered:
            return ApiToken.objects.none()
        administered_here = [organisation_id]
    else:
        administered_here = administered
    elsewhere = Membership.objects.exclude(organisation_id__in=administered).values("user_id")
    return (ApiToken.objects
            .filter(user__memberships__organisation_id__in=administered_here)
            .exclude(user_id__in=elsewhere)
            .distinct())
