"""The synthetic data of the picture benchmark: collaborations, areas and reports.

What the benchmark data looks like, and nothing about how it gets into a database
(benchdb.py) or what is timed on it (picture_bench.py): World builds C collaborations with
their organisations, areas and member users, and chunks() yields N reports in time order
as numpy-backed columns (the fields of benchdb.COLUMNS that are not always empty), never
all in memory. Change this file to change the shape of the data (sizes, weeks,
categories, shares); benchdb.py only turns the columns into rows. See bench/README.md.
"""

from __future__ import annotations

from datetime import UTC, datetime

TOTAL_WEEKS = 104  # the data spans the TOTAL_WEEKS weeks up to last week
CHUNK_ROWS = 250_000
ZIPF_S = 0.9  # collaboration sizes ~ rank**-0.9: roughly Sweden's municipality sizes
INTERNAL_SHARE = 0.12
OUTSIDE_AREAS_SHARE = 0.05
SPOTS_PER_AREA = 64
TEXTS = (
    "Grupp ungdomar vid entrén, stökigt men ingen skada.",
    "Klotter på fasaden mot gården.",
    "Trasig belysning på gångvägen, mörkt efter 17.",
    "Nedskräpning vid soprummet.",
    "Porten uppställd med kil, stängd av fastighetsvärd.",
    "Mopeder på gångvägen under kvällen.",
    "Sprutor hittade i buskaget, omhändertagna.",
    "Brand i papperskorg, släckt av räddningstjänsten.",
    "Inbrott i flera källarförråd, brytmärken på dörrarna.",
    "Oväsen från lokalen sent på natten.",
    "Övergivet fordon på parkeringen sedan flera veckor.",
    "",
)


class World:
    """Collaborations, organisations, areas and report spots, as numpy lookup tables."""

    def __init__(self, args, rng):
        import h3
        import numpy as np

        from orgs.geo import H3_RESOLUTION, in_sweden

        c = args.collaborations
        self.n = c
        # Collaboration sizes: Zipf-like over a shuffled rank, so ids are not size-ordered.
        rank = rng.permutation(c) + 1
        weight = rank.astype(float) ** -ZIPF_S
        self.collab_p = weight / weight.sum()
        # Each collaboration: municipality, housing company, police, and one of ten
        # regional security companies shared by many collaborations.
        self.org_p = np.array([0.2, 0.5, 0.1, 0.2])
        self.n_areas = rng.integers(8, 13, size=c)  # ~10 areas each
        max_areas = int(self.n_areas.max())
        self.center = np.column_stack([rng.uniform(55.6, 65.5, c), rng.uniform(12.5, 21.0, c)])
        # Squares of ~1 x 1 km on a 4-wide grid; the outside-area spots lie south of it.
        d_lat, d_lon, step_lat, step_lon = 0.009, 0.016, 0.012, 0.022
        self.polygons: list[list[dict]] = []
        spots = (c, max_areas + 1, SPOTS_PER_AREA)
        self.spot_lat, self.spot_lon = np.zeros(spots), np.zeros(spots)
        self.spot_h3 = np.empty(spots, dtype=object)
        for ci in range(c):
            lat0, lon0 = self.center[ci]
            squares = []
            for ai in range(max_areas + 1):
                if ai < self.n_areas[ci]:
                    lat1 = lat0 + step_lat * (ai // 4)
                    lon1 = lon0 + step_lon * (ai % 4)
                else:  # outside every area
                    lat1, lon1 = lat0 - 2 * step_lat, lon0
                lat2, lon2 = lat1 + d_lat, lon1 + d_lon
                if ai < self.n_areas[ci]:
                    assert in_sweden(lat1, lon1) and in_sweden(lat2, lon2)
                    squares.append({"type": "Polygon", "coordinates": [[
                        [lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]]})
                m = 0.05
                lats = rng.uniform(lat1 + m * d_lat, lat2 - m * d_lat, SPOTS_PER_AREA)
                lons = rng.uniform(lon1 + m * d_lon, lon2 - m * d_lon, SPOTS_PER_AREA)
                self.spot_lat[ci, ai] = np.round(lats, 6)
                self.spot_lon[ci, ai] = np.round(lons, 6)
                for si in range(SPOTS_PER_AREA):
                    self.spot_h3[ci, ai, si] = h3.latlng_to_cell(
                        self.spot_lat[ci, ai, si], self.spot_lon[ci, ai, si], H3_RESOLUTION)
            self.polygons.append(squares)
        self.org_ids = np.zeros((c, 4), dtype=np.int64)
        self.area_ids = np.zeros((c, max_areas + 1), dtype=np.int64)  # 0 = no area
        self.collab_ids = np.zeros(c, dtype=np.int64)

    def save(self, args) -> None:
        """Create the collaborations, organisations, areas and one member user each."""
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from orgs.models import Area, Collaboration, Membership, Organisation, Role

        User = get_user_model()
        with transaction.atomic():
            security = Organisation.objects.bulk_create([
                Organisation(name=f"Bevakning Region {i}", slug=f"bevakning-{i}",
                             kind="security_company") for i in range(10)])
            collabs = Collaboration.objects.bulk_create([
                Collaboration(name=f"EST Kommun {i:03d}", slug=f"est-{i:03d}",
                              municipality=f"Kommun {i:03d}") for i in range(self.n)])
            own = Organisation.objects.bulk_create([
                Organisation(name=f"{label} {i:03d}", slug=f"{slug}-{i:03d}", kind=kind)
                for i in range(self.n)
                for label, slug, kind in (("Kommun", "kommun", "municipality"),
                                          ("Bostadsbolaget", "bostad", "housing_company"),
                                          ("Polisen LPO", "polis", "police"))])
            through = Collaboration.organisations.through
            links = []
            for ci, collab in enumerate(collabs):
                orgs = [*own[3 * ci:3 * ci + 3], security[ci % 10]]
                self.collab_ids[ci] = collab.pk
                self.org_ids[ci] = [o.pk for o in orgs]
                links += [through(collaboration_id=collab.pk, organisation_id=o.pk)
                          for o in orgs]
            through.objects.bulk_create(links)
            areas = Area.objects.bulk_create([
                Area(collaboration_id=collab.pk, name=f"Område {ai + 1:02d}",
                     slug=f"omrade-{ai + 1:02d}", polygon=poly)
                for ci, collab in enumerate(collabs)
                for ai, poly in enumerate(self.polygons[ci])])
            it = iter(areas)
            for ci in range(self.n):
                for ai in range(self.n_areas[ci]):
                    self.area_ids[ci, ai] = next(it).pk
            users = [User(username=f"analytiker-{i:03d}") for i in range(self.n)]
            for u in users:
                u.set_unusable_password()
            users = User.objects.bulk_create(users)
            # The member user of each collaboration: an analyst at its housing company.
            Membership.objects.bulk_create([
                Membership(user=u, organisation_id=int(self.org_ids[ci, 1]), role=Role.ANALYST)
                for ci, u in enumerate(users)])


def week_plan(args, rng) -> tuple[list[int], list[int]]:
    """The TOTAL_WEEKS weeks ending last week, and how many reports each gets."""
    import numpy as np

    from reports import weeks

    keys = weeks.window(weeks.shift(weeks.current_week(), -1), TOTAL_WEEKS)
    i = np.arange(TOTAL_WEEKS)
    woy = np.array([k % 100 for k in keys])
    w = (1 + 0.3 * i / (TOTAL_WEEKS - 1)) * (1 + 0.15 * np.sin(2 * np.pi * (woy - 10) / 52))
    w *= rng.lognormal(0, 0.05, TOTAL_WEEKS)
    counts = np.floor(args.reports * w / w.sum()).astype(int)
    counts[-1] += args.reports - counts.sum()
    return keys, counts.tolist()


def category_tables():
    import numpy as np

    from reports import categories

    weights = {
        categories.Group.PHYSICAL_DISORDER: 3.0, categories.Group.SOCIAL_DISORDER: 2.5,
        categories.Group.PROPERTY_CRIME: 1.5, categories.Group.DRUGS: 1.0,
        categories.Group.OTHER: 0.8, categories.Group.FIRE: 0.6,
        categories.Group.VIOLENCE: 0.4,
    }
    rare = {"shooting": 0.05, "explosion": 0.05, "weapon_found": 0.1, "robbery": 0.15}
    cats = list(categories.CATEGORIES.values())
    p = np.array([rare.get(c.code, weights[c.group]) for c in cats])
    levels = [lv.value for lv in categories.Level]
    return (np.array([c.code for c in cats], dtype=object), p / p.sum(),
            np.array([levels.index(c.default_level.value) for c in cats]),
            np.array(levels, dtype=object),
            np.array([c.code in categories.INTERNAL_ONLY for c in cats]))


def chunks(args, world: World, rng):
    """Yield (week, columns) with at most CHUNK_ROWS reports each, in time order."""
    import numpy as np

    from reports import weeks

    codes, cat_p, default_level, level_names, internal_only = category_tables()
    keys, counts = week_plan(args, rng)
    now = datetime.now(UTC).timestamp()
    statuses = np.array(["new", "in_progress", "closed"], dtype=object)
    sources = np.array(["form", "api", "import"], dtype=object)
    texts = np.array(TEXTS, dtype=object)
    for key, total in zip(keys, counts, strict=True):
        start, end = (b.timestamp() for b in weeks.week_bounds(key))
        for offset in range(0, total, CHUNK_ROWS):
            n = min(CHUNK_ROWS, total - offset)
            occurred = np.sort(rng.uniform(start, end, n)).astype(np.int64)
            ci = rng.choice(world.n, size=n, p=world.collab_p)
            org = world.org_ids[ci, rng.choice(4, size=n, p=world.org_p)]
            slot = np.floor(world.n_areas[ci] * rng.random(n) ** 1.6).astype(int)
            slot[rng.random(n) < OUTSIDE_AREAS_SHARE] = world.area_ids.shape[1] - 1
            area = world.area_ids[ci, slot]
            spot = np.floor(SPOTS_PER_AREA * rng.random(n) ** 2).astype(int)  # hot spots
            cat = rng.choice(len(codes), size=n, p=cat_p)
            lvl = default_level[cat].copy()
            bump = rng.random(n) < 0.1
            lvl[bump] = rng.integers(0, 3, size=int(bump.sum()))
            internal = (rng.random(n) < INTERNAL_SHARE) | internal_only[cat]
            reported = np.minimum(occurred + rng.exponential(3 * 3600, n).astype(np.int64),
                                  int(now))
            reported = np.maximum(reported, occurred)
            age_weeks = (now - occurred) / (7 * 86400)
            closed_p = np.clip(age_weeks / 4, 0.05, 0.85)
            u = rng.random(n)
            status = np.where(u < closed_p, 2, np.where(u < closed_p + 0.1, 1, 0))
            changed = reported + rng.integers(3600, 14 * 86400, n)
            people = rng.integers(1, 11, n)
            has_people = rng.random(n) < 0.3
            ids = rng.bytes(16 * n).hex()
            yield key, {
                "id": [ids[i:i + 32] for i in range(0, 32 * n, 32)],
                "collaboration_id": world.collab_ids[ci].tolist(),
                "organisation_id": org.tolist(),
                "occurred_at": occurred,
                "reported_at": reported,
                "iso_week": [key] * n,
                "latitude": world.spot_lat[ci, slot, spot].tolist(),
                "longitude": world.spot_lon[ci, slot, spot].tolist(),
                "h3_cell": world.spot_h3[ci, slot, spot].tolist(),
                "area_id": [a or None for a in area.tolist()],
                "category": codes[cat].tolist(),
                "level": level_names[lvl].tolist(),
                "people_count": [p if h else None for p, h in
                                 zip(people.tolist(), has_people.tolist(), strict=True)],
                "text": texts[rng.integers(0, len(texts), n)].tolist(),
                "status": statuses[status].tolist(),
                "status_changed_at": (changed, status > 0),
                "visibility": np.where(internal, "internal", "shared").astype(object).tolist(),
                "source": sources[rng.choice(3, size=n, p=[0.8, 0.15, 0.05])].tolist(),
            }
