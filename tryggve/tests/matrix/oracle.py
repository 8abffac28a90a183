"""Judging one answer: which canaries it showed, and whose rows the request changed.

Reads: every canary in the body (a PDF's HTML, an export's cells, a zip's members) must
be one the identity may see, or one the URL's capability shows its holder; so must every
report's map cell (H3), which a map or hotspot built from another tenant's reports shows.

Writes: every request runs in a savepoint that is rolled back afterwards, so each starts
from the seeded state. When a request wrote (an INSERT, UPDATE or DELETE was executed),
the tables it wrote are compared row by row with the seed, and each changed row is
attributed to its tenant, generically by its columns: an organisation column (owner,
responsible, organisation, actor's organisation), else its collaboration, else its parent
record (a report's status change, an inspection's result, a survey's counts) or its user.
The identity may change rows of its own organisations, rows of its collaborations that
belong to the whole collaboration, shared records that the rules let every member work on
(a shared report's status, problem cases, meetings and assignments), its own user's row,
and a survey's answers through that survey's code. Organisations, collaborations and who
is a member of which, users' groups and permissions, and checklists are the platform's:
only superusers change them.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session

from tryggve.tests.matrix.tenants import CANARY, Identity, World

CANARY_RE = re.compile(CANARY, re.I)
WRITE_RE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
ORG_COLUMNS = ("organisation_id", "owner_id", "responsible_id", "actor_organisation_id")
PARENTS = ("report", "inspection", "walk", "survey", "meeting")


def body_text(response) -> str:
    if getattr(response, "streaming", False):  # the test client closes it once read
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"PK\x03\x04"):  # xlsx and other zip files
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    return content.decode("utf-8", "replace")


def leaks(world: World, identity: Identity, text: str, granted: set[str]) -> list[str]:
    """The canaries and report map cells in ``text`` the identity may not see."""
    found = {m.lower() for m in CANARY_RE.findall(text)}
    shown = sorted(c for c in found if c not in granted and (
        c not in world.secrets or not identity.sees(world.secrets[c])))
    return shown + sorted(f"cell {cell}" for cell, secret in world.cells.items()
                          if cell in text and not identity.sees(secret))


def refused(response) -> bool:
    """4xx, or a redirect to a login page."""
    if response.status_code >= 400:
        return True
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    return location.startswith((settings.LOGIN_URL, "/admin/login/"))


def written_tables(statements) -> set[str]:
    return {m.group(1) for sql in statements if (m := WRITE_RE.match(sql))}


@dataclass(frozen=True)
class Owner:
    kind: str  # "tenant", "user", "platform" or "free"
    collaboration: int | None = None
    organisation: int | None = None
    shared: bool = False
    model: str = ""
    user: int | None = None
    survey: int | None = None


class Rows:
    """The seeded rows of every table, and whose a changed row is."""

    def __init__(self):
        from meetings.models import Assignment, Meeting, Priority, ProblemCase
        from orgs.models import Collaboration, Organisation
        from reports.models import Report

        self.models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)
                       if m is not Session}
        self.platform = {Organisation, Collaboration, Collaboration.organisations.through,
                         Group, Permission, ContentType, User.groups.through,
                         User.user_permissions.through, Group.permissions.through,
                         *(m for m in self.models.values()
                           if m._meta.app_label == "inspections"
                           and m._meta.model_name in ("checklisttemplate", "section", "item"))}
        self.shared_work = {Report, ProblemCase, ProblemCase.reports.through, Assignment,
                            Meeting, Meeting.participants.through, Priority}
        self.seeded = {m: self.rows(m) for m in self.models.values()}

    @staticmethod
    def rows(model) -> dict:
        key = model._meta.pk.attname
        return {row[key]: row for row in model._base_manager.values()}

    def changes(self, tables: set[str]):
        """(model, row before or None, row after or None) for every changed row."""
        for table in tables:
            model = self.models.get(table)
            if model is None:
                continue  # not a model's table (a cache, a sequence)
            before, after = self.seeded[model], self.rows(model)
            for pk in before.keys() | after.keys():
                if before.get(pk) != after.get(pk):
                    yield model, before.get(pk), after.get(pk)

    def owner(self, model, row: dict) -> Owner:
        if model in self.platform:
            return Owner("platform", model=model._meta.label)
        if model is User:
            return Owner("user", user=row["id"])
        fks = [f for f in model._meta.concrete_fields if f.many_to_one]
        if model._meta.auto_created:  # a many-to-many row belongs to its "from" side
            return self._parent(fks[0], row)
        for fk in fks:
            if fk.name in PARENTS and row.get(fk.attname) is not None:
                found = self._parent(fk, row)
                if fk.name == "survey" and found.kind == "tenant":
                    found = Owner(**{**found.__dict__, "survey": row[fk.attname]})
                return found
        organisation = next((row[c] for c in ORG_COLUMNS if row.get(c) is not None), None)
        collaboration = row.get("collaboration_id")
        if organisation is not None or collaboration is not None:
            shared = row.get("shared", True) is not False and row.get(
                "visibility", "shared") == "shared"
            return Owner("tenant", collaboration, organisation, shared, model._meta.label)
        for fk in fks:
            if fk.related_model is User and row.get(fk.attname) is not None:
                return Owner("user", user=row[fk.attname])
        return Owner("free", model=model._meta.label)

    def _parent(self, fk, row: dict) -> Owner:
        model, pk = fk.related_model, row[fk.attname]
        found = model._base_manager.filter(pk=pk).values().first()
        found = found or self.seeded[model].get(pk)
        return self.owner(model, found) if found else Owner("free")

    def may_change(self, identity: Identity, owner: Owner, survey: int | None) -> bool:
        if identity.user is not None and identity.user.is_superuser:
            return True
        if owner.kind == "free":
            return True
        if owner.kind == "platform":
            return False
        if owner.kind == "user":  # a user is of the organisations it is or was in
            from orgs.models import Membership

            theirs = set(Membership.objects.filter(user_id=owner.user)
                         .values_list("organisation_id", flat=True)) | {
                m["organisation_id"] for m in self.seeded[Membership].values()
                if m["user_id"] == owner.user}
            return (identity.user is not None and owner.user == identity.user.pk) or bool(
                theirs & identity.organisations)
        if survey is not None and owner.survey == survey:
            return True
        if owner.organisation in identity.organisations:
            return True
        model = apps.get_model(owner.model)
        return owner.collaboration in identity.collaborations and (
            owner.organisation is None or (model in self.shared_work and owner.shared))

