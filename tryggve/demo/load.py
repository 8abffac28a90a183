"""Load the demo collaborations, their members, places and demo logins (idempotent).

Everything is created with get_or_create on natural keys, and the synthetic reports have
deterministic UUIDs, so loading twice never duplicates anything.
"""

import time
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.utils import timezone

from orgs.models import Area, Collaboration, Membership, Organisation, Place, Property, Role
from reports.models import Report
from tryggve.demo import geography, synthetic
from tryggve.demo.measures import load_inspections, load_measures
from tryggve.demo.meetings import load_meetings
from tryggve.demo.surveys import load_surveys

DEMO_PASSWORD = "tryggve-demo"
ADMIN_GROUP = "Tryggve-administratörer"
# (username prefix, organisation kind, role, description)
DEMO_ROLES = [
    ("rapportor", "housing_company", Role.REPORTER, "fastighetsvärd som rapporterar"),
    ("samordnare", "municipality", Role.COORDINATOR, "kommunens trygghetssamordnare"),
    ("analytiker", "municipality", Role.ANALYST, "analytiker som exporterar"),
    ("polis", "police", Role.VIEWER, "kommunpolis som läser"),
    ("admin", "housing_company", Role.ADMIN, "organisationens administratör"),
]
SHORT = {"est-botkyrka": "botkyrka", "est-malmo": "malmo", "est-helsingborg": "helsingborg"}


@dataclass
class Login:
    username: str
    role: str
    organisation: str
    description: str


@dataclass
class Summary:
    reports_created: int
    reports_total: int
    seconds: float
    logins: list[Login]


def _admin_group() -> Group:
    """What an organisation admin needs in /admin/: its organisations' properties and its
    collaborations' areas and places, and to look up memberships (changed on the accounts
    pages), reports, the audit log, organisations and collaborations (the admin site
    scopes each to its own)."""
    group, _ = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=["orgs", "reports", "audit"],
        codename__regex=r"^(view_(area|property|place|membership|organisation|collaboration"
                        r"|report|auditentry)|(add|change)_(area|property|place))$",
    )
    group.permissions.set(perms)
    return group


def _user(username: str, org: Organisation, role: str, admin_group: Group) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMIN
        user.save()
        if role == Role.ADMIN:
            user.groups.add(admin_group)
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    return user


def _structure(demo: geography.DemoCollaboration, admin_group: Group) -> tuple:
    collab, _ = Collaboration.objects.get_or_create(
        slug=demo.slug, defaults={"name": demo.name, "municipality": demo.municipality})
    orgs = {}
    for o in demo.organisations:
        orgs[o.slug], _ = Organisation.objects.get_or_create(
            slug=o.slug, defaults={"name": o.name, "kind": o.kind})
    collab.organisations.add(*orgs.values())
    areas = {}
    for a in demo.areas:
        area, _ = Area.objects.get_or_create(
            collaboration=collab, slug=a.slug,
            defaults={"name": a.name, "polygon": geography.polygon_geojson(a)})
        areas[a.slug] = area
        for p in a.properties:
            Property.objects.get_or_create(
                collaboration=collab, address=p.address,
                defaults={"area": area, "owner": orgs[p.owner], "apartments": p.apartments,
                          "latitude": p.lat, "longitude": p.lon})
        for p in a.places:
            Place.objects.get_or_create(
                collaboration=collab, name=p.name,
                defaults={"area": area, "kind": p.kind, "latitude": p.lat, "longitude": p.lon})
    by_kind = {o.kind: orgs[o.slug] for o in demo.organisations}
    logins, users = [], {}
    for prefix, kind, role, description in DEMO_ROLES:
        username = f"{prefix}.{SHORT.get(demo.slug, demo.slug)}"
        users[(kind, role)] = _user(username, by_kind[kind], role, admin_group)
        logins.append(Login(username, Role(role).label, by_kind[kind].name, description))
    return collab, orgs, areas, users, logins


def load_demo(weeks: int = 104, seed: int = 2026, now=None) -> Summary:
    started = time.perf_counter()
    now = now or timezone.now()
    admin_group = _admin_group()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", password=DEMO_PASSWORD)
    logins = [Login("admin", "Superanvändare", "–", "plattformens driftansvarig")]
    created = 0
    for demo in geography.COLLABORATIONS:
        with transaction.atomic():
            collab, orgs, areas, users, collab_logins = _structure(demo, admin_group)
            logins += collab_logins
            if not Report.objects.filter(collaboration=collab).exists():
                reports = synthetic.generate(demo, collab, orgs, areas, users, now=now,
                                             weeks=weeks, seed=seed)
                Report.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)
                created += len(reports)
            by_kind = {o.kind: orgs[o.slug] for o in demo.organisations}
            load_meetings(collab, users[("municipality", Role.COORDINATOR)], by_kind)
            load_surveys(collab, by_kind["housing_company"], areas)
            housing_admin = users[("housing_company", Role.ADMIN)]
            load_measures(collab, housing_admin, areas)
            load_inspections(collab, housing_admin, by_kind["housing_company"])
    return Summary(created, Report.objects.count(), time.perf_counter() - started, logins)
