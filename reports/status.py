"""Moving a report through new → in progress → closed, with who and when."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import log
from audit.models import Action
from orgs.permissions import can_change_status
from reports.intake import ReportInputError
from reports.models import TRANSITIONS, Report, Status, StatusChange
from reports.privacy import Masking
from tryggve import bounds


def do_change_status(user, report: Report, to_status: str, comment: str = "", *,
                     masking: Masking | None = None) -> Report:
    """Move the report on, with a comment that is stored (and audited) masked; what was
    masked goes to ``masking`` for the user."""
    if not can_change_status(user, report):
        raise PermissionDenied(_("Du får inte ändra status på den här rapporten."))
    if to_status not in Status.values:
        message = _("Okänd status '%(status)s'.") % {"status": to_status}
        raise ReportInputError({"status": [message]})
    if to_status not in TRANSITIONS[report.status]:
        message = _("Kan inte gå från '%(current)s' till '%(next)s'.") % {
            "current": Status(report.status).label, "next": Status(to_status).label}
        raise ReportInputError({"status": [message]})
    errors: dict[str, list[str]] = {}
    comment = bounds.clean_text(StatusChange, "comment", comment, errors, masking=masking)
    if errors:
        raise ReportInputError(errors)
    now = timezone.now()
    with transaction.atomic():
        StatusChange.objects.create(
            report=report, from_status=report.status, to_status=to_status,
            changed_by=user, changed_at=now, comment=comment,
        )
        before = report.status
        report.status, report.status_changed_at, report.status_changed_by = to_status, now, user
        report.save(update_fields=["status", "status_changed_at", "status_changed_by"])
        log.record(user, Action.STATUS, report, before=before, after=to_status, comment=comment)
    return report
