"""Three tenants for the authorisation matrix, every record marked with a canary.

Organisations A (1001) and B (2001) share collaboration C1 (1001); X (3001) is alone in
C2 (3001). Every tenant-owned record of every kind has the primary key N = the tenant's
number for its shared (or collaboration-wide) variant and N + 1 for its internal
(unshared) variant, so one id names "A's shared thing" or "B's internal thing" on any
URL, whatever model the view looks up: filling <int:pk> with 2002 asks for B's internal
record of that page's kind. Reports get UUIDs made from the same numbers, slugs are
"t<N>".

Each record's text holds a canary ``zq<N><kind>`` (e.g. zq2002ms: B's internal measure);
``Secret`` says who may see it, by the rules of DESIGN.md, written here independently of
orgs/permissions.py:
- a record of the whole collaboration (areas, places, properties, meetings, cases, the
  names of its members) is visible to the collaboration's members;
- a shared record of an organisation to the members of its collaboration, an internal
  one only to the organisation itself;
- superusers see everything.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.utils import timezone

from orgs import geo
from orgs.models import Area, Collaboration, Membership, Organisation, Place, Property, Role
from tryggve.test import ALBY, FITTJA, ROSENGARD

ROLES = [Role.REPORTER, Role.COORDINATOR, Role.ANALYST, Role.VIEWER, Role.ADMIN]
CANARY = r"(?<![A-Za-z0-9])zq\d{4}[a-z]{2}(?![A-Za-z0-9])"  # a word of its own


@dataclass(frozen=True)
class Tenant:
    number: int  # the organisation's pk and the base of every record's pk
    collaboration: int
    kind: str
    polygon: dict
    point: tuple[float, float]  # (lat, lon) inside the polygon: its place and property
    # Where its shared and its internal report lie: far apart and from every other
    # tenant's, so that a map cell (H3) names one report and no hotspot spills over.
    report_points: tuple[tuple[float, float], tuple[float, float]]


TENANTS = [
    Tenant(1001, 1001, "housing_company", FITTJA, (59.2475, 17.8610),
           ((59.2530, 17.8530), (59.2420, 17.8720))),
    Tenant(2001, 1001, "municipality", ALBY, (59.2380, 17.8400),
           ((59.2430, 17.8330), (59.2320, 17.8460))),
    Tenant(3001, 3001, "housing_company", ROSENGARD, (55.5900, 13.0400),
           ((55.5825, 13.0250), (55.5975, 13.0550))),
]
NUMBERS = [n for t in TENANTS for n in (t.number, t.number + 1)]  # 1001, 1002, 2001, …
GLOBAL = 9001  # rows of no tenant (the checklist template)


def report_uuid(number: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{number:012d}")


def tenant_of(number: int) -> Tenant | None:
    return next((t for t in TENANTS if number in (t.number, t.number + 1)), None)


@dataclass(frozen=True)
class Secret:
    collaboration: int
    organisation: int | None  # None: the whole collaboration's
    shared: bool


@dataclass
class Identity:
    """Who a request is made as: organisations and collaborations, by the seed."""

    label: str
    user: User | None = None
    organisations: frozenset = frozenset()
    collaborations: frozenset = frozenset()
    token: str = ""  # an API token instead of a session

    def sees(self, secret: Secret) -> bool:
        if self.user is not None and self.user.is_superuser:
            return True
        if secret.organisation in self.organisations:
            return True
        return secret.collaboration in self.collaborations and (
            secret.organisation is None or secret.shared)

    def sees_number(self, number: int) -> bool:
        """Whether the record numbered ``number`` (of any kind) may be visible at all."""
        tenant = tenant_of(number)
        if tenant is None or (self.user is not None and self.user.is_superuser):
            return True
        return self.sees(Secret(tenant.collaboration, tenant.number,
                                shared=number == tenant.number))


@dataclass
class World:
    secrets: dict[str, Secret] = field(default_factory=dict)  # canary -> who may see it
    cells: dict[str, Secret] = field(default_factory=dict)  # a report's map cell, likewise
    users: dict[tuple[int, str], User] = field(default_factory=dict)  # (tenant, role)
    superuser: User | None = None
    week: str = ""
    token: str = ""
    # Capabilities: a single-use code or an open link opens one survey's form to anyone.
    codes: dict[str, int] = field(default_factory=dict)  # code -> survey number
    keys: dict[str, int] = field(default_factory=dict)  # open-link key -> survey number

    def mark(self, number: int, kind: str, collaboration: int, organisation: int | None,
             shared: bool = True) -> str:
        canary = f"zq{number}{kind}"
        self.secrets[canary] = Secret(collaboration, organisation, shared)
        return canary

    def identities(self) -> list[Identity]:
        found = []
        for tenant in TENANTS:
            for role in ROLES:
                found.append(Identity(
                    f"{role}@{tenant.number}", self.users[(tenant.number, role)],
                    frozenset({tenant.number}), frozenset({tenant.collaboration})))
        found.append(Identity("anonymous"))
        coordinator = self.users[(TENANTS[0].number, Role.COORDINATOR)]
        found.append(Identity("token", coordinator, frozenset({TENANTS[0].number}),
                              frozenset({TENANTS[0].collaboration}), token=self.token))
        return found

    def granted_by(self, survey_number: int) -> set[str]:
        """What a survey's code or open link shows its holder: its title and area."""
        tenant = tenant_of(survey_number)
        return {f"zq{survey_number}su", f"zq{tenant.number}ar"}


def seed() -> World:
    from reports import weeks

    world = World()
    now = timezone.now()
    occurred = now - timedelta(minutes=5)
    week = weeks.week_of(occurred)
    world.week = weeks.format_week(week)
    world.superuser = User.objects.create(username="root", is_superuser=True, is_staff=True,
                                          pk=9001)
    template = _checklist()
    for collab in {t.collaboration for t in TENANTS}:
        Collaboration.objects.create(
            pk=collab, name=world.mark(collab, "co", collab, None), slug=f"t{collab}",
            municipality="Kommun")
    for tenant in TENANTS:
        _structure(world, tenant)
    for collab in {t.collaboration for t in TENANTS}:
        _meeting(world, collab, week)
    for tenant in TENANTS:
        n, c, org = tenant.number, tenant.collaboration, tenant.number
        for number, shared in ((n, True), (n + 1, False)):
            _report(world, tenant, number, shared, occurred, week)
            _survey(world, tenant, number, shared)
            _measure(world, tenant, number, shared)
            _inspection(world, tenant, number, shared, template)
            _walk(world, tenant, number, shared)
            _audit(world, tenant, number)
        _case(world, tenant, week)
        from surveys.models import Target

        Target.objects.create(pk=n, collaboration_id=c, organisation_id=org,
                              year=now.year, share=Decimal("0.650"))
        _token(world, tenant)
    _admin_history(world)
    assert len(world.cells) == len(NUMBERS), "every report needs a map cell of its own"
    return world


def _checklist():
    from inspections.models import ChecklistTemplate, Item, Section

    # Global rows: numbers outside NUMBERS, so they never pass for a tenant's.
    template = ChecklistTemplate.objects.create(pk=GLOBAL, name="Matris", version=1)
    section = Section.objects.create(pk=GLOBAL, template=template, title="Belysning", order=1,
                                     measure_kind="lighting")
    for number in NUMBERS:
        Item.objects.create(pk=number, section=section, text=f"Punkt {number}",
                            mandatory=False, order=number)
    return template


def _structure(world: World, tenant: Tenant) -> None:
    from tryggve.demo.load import _admin_group

    n, c = tenant.number, tenant.collaboration
    org = Organisation.objects.create(pk=n, name=world.mark(n, "or", c, None), slug=f"t{n}",
                                      kind=tenant.kind)
    Collaboration.objects.get(pk=c).organisations.add(org)
    lat, lon = tenant.point
    area = Area.objects.create(pk=n, collaboration_id=c, name=world.mark(n, "ar", c, None),
                               slug=f"t{n}", polygon=tenant.polygon)
    Place.objects.create(pk=n, collaboration_id=c, area=area,
                         name=world.mark(n, "pl", c, None), latitude=lat, longitude=lon)
    Property.objects.create(pk=n, collaboration_id=c, area=area, owner=org,
                            address=world.mark(n, "pr", c, None), apartments=10,
                            latitude=lat, longitude=lon)
    for offset, role in enumerate(ROLES):
        pk = n + offset
        user = User.objects.create(pk=pk, username=world.mark(pk, "us", c, n),
                                   is_staff=role == Role.ADMIN)
        if role == Role.ADMIN:
            # The demo's group, and every other permission too: the admin site's own
            # scoping, not Django's permission table, is what must keep tenants apart.
            user.groups.add(_admin_group())
            user.user_permissions.set(Permission.objects.all())
        Membership.objects.create(pk=pk, user=user, organisation=org, role=role)
        world.users[(n, role)] = user


def _report(world, tenant, number, shared, occurred, week) -> None:
    from reports.models import Report, StatusChange

    n, c = tenant.number, tenant.collaboration
    lat, lon = tenant.report_points[0 if shared else 1]
    text = world.mark(number, "rp", c, n, shared)
    world.cells[geo.h3_cell(lat, lon)] = Secret(c, n, shared)
    report = Report.objects.create(
        id=report_uuid(number), collaboration_id=c, organisation_id=n,
        reporter=world.users[(n, Role.REPORTER)], occurred_at=occurred, iso_week=week,
        latitude=lat, longitude=lon, h3_cell=geo.h3_cell(lat, lon), area_id=n, place_id=n,
        property_id=n, address=text, category="graffiti", level="preventive",
        text=f"Klotter {text}", visibility="shared" if shared else "internal")
    StatusChange.objects.create(report=report, from_status="new", to_status="new",
                                changed_by=world.users[(n, Role.COORDINATOR)],
                                comment=world.mark(number, "sc", c, n, shared))


def _meeting(world, collab: int, week: int) -> None:
    from meetings.models import Meeting

    meeting = Meeting.objects.create(pk=collab, collaboration_id=collab, iso_week=week,
                                     notes=world.mark(collab, "me", collab, None))
    meeting.participants.set([t.number for t in TENANTS if t.collaboration == collab])


def _case(world, tenant, week) -> None:
    from meetings.models import Assignment, Priority, ProblemCase

    n, c = tenant.number, tenant.collaboration
    priority = Priority.objects.create(pk=n, meeting_id=c, area_id=n,
                                       problem=world.mark(n, "pi", c, None))
    start = timezone.now().replace(microsecond=0)
    Assignment.objects.create(pk=n, meeting_id=c, collaboration_id=c, priority=priority,
                              resource="police", responsible_id=n, starts_at=start,
                              ends_at=start + timedelta(hours=2), area_id=n,
                              task=world.mark(n, "as", c, None))
    case = ProblemCase.objects.create(pk=n, collaboration_id=c, owner_id=n, area_id=n,
                                      title=world.mark(n, "ca", c, None), opened_week=week)
    case.reports.set([report_uuid(n), report_uuid(n + 1)])


def _survey(world, tenant, number, shared) -> None:
    from surveys import own
    from surveys.models import AnswerCount, AnswerToken, Survey

    n, c = tenant.number, tenant.collaboration
    today = timezone.localdate()
    survey = Survey.objects.create(
        pk=number, collaboration_id=c, owner_id=n, provider="own",
        title=world.mark(number, "su", c, n, shared), period_start=today - timedelta(days=1),
        period_end=today + timedelta(days=30), questions=["safe_area"], shared=shared,
        is_open=True)
    survey.areas.set([n])
    survey.organisations.set([n])
    own._ensure_grid(survey, [n], ["safe_area"])
    code = own.new_token()
    AnswerToken.objects.create(survey=survey, area_id=n, token_hash=own.token_hash(code))
    world.codes[code] = number
    world.keys[own.open_key(survey, Area.objects.get(pk=n))] = number
    # A finished round from a provider, with answers, for the dashboards.
    imported = Survey.objects.create(
        pk=number + 5, collaboration_id=c, owner_id=n, provider="aktivbo",
        title=world.mark(number + 5, "su", c, n, shared), period_start=date(today.year - 1, 3, 1),
        period_end=date(today.year - 1, 4, 1), questions=["safe_area"], shared=shared)
    imported.areas.set([n])
    imported.organisations.set([n])
    AnswerCount.objects.bulk_create(
        AnswerCount(survey=imported, collaboration_id=c, area_id=n, question="safe_area",
                    answer=answer, count=count)
        for answer, count in (("very_safe", 40), ("fairly_safe", 30), ("fairly_unsafe", 20),
                              ("very_unsafe", 10)))


def _measure(world, tenant, number, shared) -> None:
    from measures.models import Measure

    n, c = tenant.number, tenant.collaboration
    Measure.objects.create(
        pk=number, collaboration_id=c, responsible_id=n, kind="lighting", corner="place",
        title=world.mark(number, "ms", c, n, shared), description="Belysning", area_id=n,
        case_id=n if shared else None, status="ongoing", shared=shared,
        started_on=timezone.localdate() - timedelta(days=20),
        created_by=world.users[(n, Role.COORDINATOR)])


def _inspection(world, tenant, number, shared, template) -> None:
    from inspections.models import Inspection, ItemResult

    n, c = tenant.number, tenant.collaboration
    inspection = Inspection.objects.create(
        pk=number, collaboration_id=c, organisation_id=n, property_id=n, template=template,
        inspector=world.users[(n, Role.REPORTER)], shared=shared)
    result = ItemResult(pk=number, inspection=inspection, item_id=number,
                        outcome="deficiency", comment=world.mark(number, "ir", c, n, shared),
                        photo_type="image/jpeg")
    photo = world.mark(number, "ph", c, n, shared)
    result.photo.save(f"{photo}.jpg", ContentFile(b"\xff\xd8\xff\xe0 " + photo.encode()),
                      save=False)
    result.save()


def _walk(world, tenant, number, shared) -> None:
    from inspections.models import Observation, SafetyWalk

    n, c = tenant.number, tenant.collaboration
    lat, lon = tenant.point
    walk = SafetyWalk.objects.create(pk=number, collaboration_id=c, organisation_id=n,
                                     area_id=n, route=world.mark(number, "sw", c, n, shared),
                                     tenants=3, shared=shared)
    walk.participating_organisations.set([n])
    Observation.objects.create(pk=number, walk=walk, latitude=lat, longitude=lon,
                               text=world.mark(number, "ob", c, n, shared),
                               category="lighting")


def _audit(world, tenant, number) -> None:
    from audit.models import AuditEntry

    n, c = tenant.number, tenant.collaboration
    admin = world.users[(n, Role.ADMIN)]
    AuditEntry.objects.bulk_create([AuditEntry(  # bulk: save() refuses a chosen id
        pk=number, actor=admin, actor_username=admin.username, actor_organisation_id=n,
        action="read", report_id=report_uuid(number), report_organisation_id=n,
        collaboration_id=c, detail={"note": world.mark(number, "au", c, n, False)})])


def _token(world, tenant) -> None:
    from orgs.models import ApiToken, hash_token

    n, c = tenant.number, tenant.collaboration
    raw = f"tg_matrix_{n}_" + "x" * 20
    ApiToken.objects.create(pk=n, user=world.users[(n, Role.COORDINATOR)],
                            key_hash=hash_token(raw), prefix=world.mark(n, "tk", c, n, False))
    if n == TENANTS[0].number:
        world.token = raw


def _admin_history(world) -> None:
    """The admin's history pages list what superusers changed, by the record's name."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from measures.models import Measure

    content_type = ContentType.objects.get_for_model(Measure)
    for measure in Measure.objects.all():
        LogEntry.objects.create(user=world.superuser, content_type=content_type,
                                object_id=str(measure.pk), object_repr=measure.title,
                                action_flag=CHANGE, change_message="[]")
