"""Two years of synthetic reports with a realistic rhythm.

- More reports in the evening and at weekends, and in summer (school holidays).
- Each area has its own level and slow trend: some calm down, some get worse.
- ``hot_places`` get reports of one category group in most weeks, so they recur;
  ``quiet_places`` get next to none.
- Reports cluster around properties and named places, with some anywhere in the area.

The random generator is seeded and every report's UUID is derived from its position in
the sequence, so the same call always produces the same reports.
"""

import math
import random
import uuid
from datetime import datetime, timedelta

from shapely.geometry import Point, shape

from orgs import geo
from reports import categories
from reports import weeks as iso_weeks
from reports.models import Report, Source, Status, Visibility
from tryggve.demo import geography

NAMESPACE = uuid.UUID("6f1c3a2e-5d4b-4c1a-9e8f-7a6b5c4d3e2f")

# Relative frequency of each category in ordinary weeks.
CATEGORY_WEIGHTS = {
    "littering": 14, "graffiti": 10, "vandalism": 10, "broken_lighting": 7,
    "broken_door_or_lock": 6, "bulky_waste": 6, "door_propped_open": 3,
    "overgrown_vegetation": 2, "unsafe_place": 2, "abandoned_vehicle": 2,
    "youth_gathering": 9, "loitering_stairwell": 7, "noise": 6, "moped_traffic_misuse": 5,
    "unauthorised_in_basement": 4, "public_drinking": 3, "reckless_driving": 2,
    "drugs_found": 4, "syringes_found": 2, "drug_dealing": 3, "drug_use": 2,
    "burglary_storage": 4, "burglary_basement": 3, "burglary_apartment": 1,
    "vehicle_break_in": 2, "theft": 2, "burglary_premises": 1,
    "threats_violence": 1.5, "harassment": 1.5, "incident_against_staff": 1, "assault": 1,
    "robbery": 0.5, "weapon_found": 0.2, "shooting": 0.15,
    "waste_fire": 1.5, "vehicle_fire": 1, "fire": 0.6, "arson": 0.5, "fireworks": 1,
    "explosion": 0.15, "suspected_illegal_sublet": 1, "rumour_social_media": 0.5,
    "event": 0.5, "other": 1,
}
# What keeps coming back at each hot place: a group and its most typical categories.
HOT_THEMES = [
    ("drugs", ["drug_dealing", "drugs_found", "syringes_found"]),
    ("social_disorder", ["youth_gathering", "moped_traffic_misuse", "noise"]),
    ("physical_disorder", ["vandalism", "graffiti", "littering"]),
]
# Weekday (Mon=0) and hour weights: evenings and weekends.
WEEKDAY = [0.8, 0.8, 0.9, 1.0, 1.4, 1.6, 1.1]
HOUR = [1.2, 0.9, 0.6, 0.4, 0.2, 0.2, 0.3, 0.5, 0.7, 0.8, 0.8, 0.9,
        0.9, 0.9, 1.0, 1.2, 1.4, 1.6, 2.0, 2.3, 2.5, 2.4, 2.0, 1.6]
# Organisation kinds that report, and how often.
REPORTERS = [("housing_company", 55), ("security_company", 15), ("municipality", 10),
             ("police", 6), ("property_owner", 8), ("centre_owner", 6)]
TEXTS = {
    "social_disorder": ["Grupp samlad vid entrén under kvällen.",
                        "Störande ljud sent på kvällen.",
                        "Mopeder kör på gång- och cykelvägen.",
                        "Folk uppehåller sig i trapphuset."],
    "physical_disorder": ["Skadegörelse upptäckt vid rondering.", "Nytt klotter på fasaden.",
                          "Mycket skräp runt soprummet.", "Lampan vid gångvägen är trasig.",
                          "Entrédörren går inte i lås."],
    "property_crime": ["Uppbrutet förråd i källaren.", "Spår av inbrottsförsök i källargången."],
    "violence": ["Personal hotad vid rondering, polis kontaktad.", "Bråk på torget."],
    "fire": ["Brand i soprum, räddningstjänsten på plats.", "Bilbrand på parkeringen."],
    "drugs": ["Narkotika hittad i buskaget.", "Sprutor hittade vid lekplatsen.",
              "Misstänkt försäljning vid entrén."],
    "other": ["Rykten i sociala medier om bråk i helgen.", "Övrig iakttagelse vid rondering."],
}


def _weekly_rate(area_index: int, hot: bool) -> tuple[float, float]:
    """Base reports per week and yearly trend factor for an area (deterministic)."""
    base = 9 + (area_index * 7) % 11 + (6 if hot else 0)
    trend = [0.75, 1.6, 1.0, 0.85, 1.2, 0.9][area_index % 6]
    return base, trend


def _season(moment: datetime) -> float:
    month = moment.month
    return 1.45 if month in (6, 7, 8) else 1.15 if month in (5, 9, 12) else 1.0


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small rates used here.
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _moment_in_week(rng: random.Random, monday: datetime) -> datetime:
    day = rng.choices(range(7), WEEKDAY)[0]
    hour = rng.choices(range(24), HOUR)[0]
    return monday + timedelta(days=day, hours=hour, minutes=rng.randrange(60))


def _jitter(rng: random.Random, lat: float, lon: float, metres: float) -> tuple[float, float]:
    dlat = rng.gauss(0, metres) / 111_320
    dlon = rng.gauss(0, metres) / (111_320 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


class _AreaSampler:
    def __init__(self, demo_area: geography.DemoArea, area, places, properties):
        self.area, self.polygon = area, shape(geography.polygon_geojson(demo_area))
        quiet = set(demo_area.quiet_places)
        self.places = [p for p in places if p.name not in quiet]
        self.properties = properties

    def point(self, rng: random.Random):
        """Where an ordinary report happens: near a property, a place, or anywhere."""
        roll = rng.random()
        if roll < 0.25 and self.properties:
            prop = rng.choice(self.properties)
            return (*self._inside(rng, prop.latitude, prop.longitude, 25), prop, None)
        if roll < 0.45 and self.places:
            place = rng.choice(self.places)
            return (*self._inside(rng, place.latitude, place.longitude, 35), None, place)
        minx, miny, maxx, maxy = self.polygon.bounds
        while True:
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if self.polygon.contains(Point(lon, lat)):
                return lat, lon, None, None

    def _inside(self, rng, lat, lon, metres):
        for _ in range(10):
            jlat, jlon = _jitter(rng, lat, lon, metres)
            if self.polygon.contains(Point(jlon, jlat)):
                return jlat, jlon
        return lat, lon


# Demo measures with an effect the data really shows (tryggve/demo/measures.py registers
# them): area slug -> (weeks ago the work started, weeks ago it ended, rate after).
PLANTED_MEASURES = {"norsborg": (40, 36, 0.6), "drottninghog": (30, 27, 1.0)}


def measure_effect(area_slug: str, weeks_ago: int) -> float:
    """The factor on an area's ordinary report rate from a demo measure: full rate before
    the work, a linear step during it, the planted rate after."""
    if area_slug not in PLANTED_MEASURES:
        return 1.0
    started, ended, after = PLANTED_MEASURES[area_slug]
    if weeks_ago > started:
        return 1.0
    if weeks_ago <= ended:
        return after
    return 1 + (after - 1) * (started - weeks_ago) / (started - ended)


def generate(demo, collab, orgs, areas, users, *, now, weeks: int, seed: int) -> list[Report]:
    """Build (not save) the synthetic reports of one demo collaboration."""
    from orgs.models import Place, Property

    rng = random.Random(f"{seed}-{demo.slug}")
    by_kind = {o.kind: orgs[o.slug] for o in demo.organisations}
    reporter_of = {org.pk: user for (kind, _role), user in users.items()
                   for org in [by_kind[kind]] if _role in ("reporter", "admin")}
    places = list(Place.objects.filter(collaboration=collab))
    properties = list(Property.objects.filter(collaboration=collab))
    codes, code_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    kinds, kind_weights = zip(*REPORTERS, strict=True)
    this_week_start, _ = weeks_bounds_now(now)
    out: list[Report] = []

    def add(area, moment, code, lat, lon, prop, place, level=None):
        category = categories.get(code)
        org = by_kind[rng.choices(kinds, kind_weights)[0]]
        age = now - moment
        status = (Status.CLOSED if age > timedelta(days=21) or rng.random() < 0.3
                  else rng.choice([Status.NEW, Status.IN_PROGRESS]))
        visibility = (Visibility.INTERNAL if code in categories.INTERNAL_ONLY
                      or rng.random() < 0.12 else Visibility.SHARED)
        out.append(Report(
            id=uuid.uuid5(NAMESPACE, f"{demo.slug}-{len(out)}"),
            collaboration=collab, organisation=org, reporter=reporter_of.get(org.pk),
            occurred_at=moment, reported_at=moment + timedelta(minutes=rng.randrange(5, 600)),
            iso_week=iso_weeks.week_of(moment), latitude=lat, longitude=lon,
            h3_cell=geo.h3_cell(lat, lon), area=area, property=prop, place=place,
            category=code, level=level or category.default_level.value,
            people_count=rng.randrange(2, 15) if category.group.value == "social_disorder"
            and rng.random() < 0.6 else None,
            text=rng.choice(TEXTS[category.group.value]), status=status,
            status_changed_at=moment + timedelta(days=2) if status != Status.NEW else None,
            visibility=visibility,
            source=Source.FORM if rng.random() < 0.85 else rng.choice([Source.API, Source.IMPORT]),
        ))

    for index, demo_area in enumerate(demo.areas):
        area = areas[demo_area.slug]
        area_places = [p for p in places if p.area_id == area.pk]
        sampler = _AreaSampler(demo_area, area, area_places,
                               [p for p in properties if p.area_id == area.pk])
        base, trend = _weekly_rate(index, bool(demo_area.hot_places))
        hot = [(p, HOT_THEMES[(index + i) % len(HOT_THEMES)]) for i, p in
               enumerate(p for p in area_places if p.name in demo_area.hot_places)]
        for back in range(weeks, -1, -1):
            monday = this_week_start - timedelta(weeks=back)
            progress = 1 - back / weeks  # 0 two years ago, 1 now
            lam = base * _season(monday) * (1 + (trend - 1) * progress)
            lam *= measure_effect(demo_area.slug, back)
            for _ in range(_poisson(rng, lam)):
                moment = _moment_in_week(rng, monday)
                if moment <= now:
                    lat, lon, prop, place = sampler.point(rng)
                    add(area, moment, rng.choices(codes, code_weights)[0], lat, lon, prop, place)
            for place, (_group, theme) in hot:
                if rng.random() > 0.85:  # a quiet week now and then
                    continue
                for _ in range(1 + _poisson(rng, 2.0)):
                    moment = _moment_in_week(rng, monday)
                    if moment <= now:
                        lat, lon = sampler._inside(rng, place.latitude, place.longitude, 20)
                        add(area, moment, rng.choice(theme), lat, lon, None, place)
    return out


def weeks_bounds_now(now: datetime) -> tuple[datetime, datetime]:
    return iso_weeks.week_bounds(iso_weeks.week_of(now))
