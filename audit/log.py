"""Writing to the audit log. Every read or change of a report goes through here."""

from collections.abc import Iterable

from audit.models import AuditEntry


def _actor_fields(user) -> dict:
    from orgs.permissions import access_for

    if user is None or not user.is_authenticated:
        return {"actor": None, "actor_username": "(anonymous)", "actor_organisation_id": None}
    if user.pk is None:  # the console operator
        return {"actor": None, "actor_username": user.get_username(),
                "actor_organisation_id": None}
    orgs = sorted(access_for(user).organisation_ids)
    return {
        "actor": user,
        "actor_username": user.get_username(),
        "actor_organisation_id": orgs[0] if orgs else None,
    }


def record(user, action: str, report=None, **detail) -> AuditEntry:
    fields = _actor_fields(user)
    if report is not None:
        fields |= {
            "report_id": report.pk,
            "report_organisation_id": report.organisation_id,
            "collaboration_id": report.collaboration_id,
        }
    return AuditEntry.objects.create(action=action, detail=detail, **fields)


def record_many(user, action: str, reports: Iterable, **detail) -> None:
    """One entry per report, in one query (list pages, drill-downs)."""
    fields = _actor_fields(user)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=action,
            report_id=r.pk,
            report_organisation_id=r.organisation_id,
            collaboration_id=r.collaboration_id,
            detail=detail,
            **fields,
        )
        for r in reports
    )


def record_change(user, action: str, collaboration_id: int, **detail) -> AuditEntry:
    """A change that is not about one report: meetings, assignments, problem cases."""
    return AuditEntry.objects.create(action=action, collaboration_id=collaboration_id,
                                     detail=detail, **_actor_fields(user))


def record_account_change(actor, action: str, organisation_id: int | None,
                          **detail) -> AuditEntry:
    """A change to people or credentials (accounts/): invitations, roles, tokens, passwords.

    The entry names the organisation in whose name the actor acted as its
    ``actor_organisation_id``, so that this organisation's admins find it in their log
    (also when the actor is a superuser without memberships).
    """
    fields = _actor_fields(actor)
    if organisation_id is not None:
        fields["actor_organisation_id"] = organisation_id
    return AuditEntry.objects.create(action=action, detail=detail, **fields)
