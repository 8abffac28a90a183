"""Checks on the demo geography: valid polygons in the right place, points inside them."""

from itertools import combinations

from shapely.geometry import LinearRing, Point, Polygon, shape

from tryggve.demo.geography import (
    COLLABORATIONS,
    ORGANISATION_KINDS,
    PLACE_KINDS,
    DemoArea,
    all_areas,
    polygon_geojson,
)

# Sweden's bounding box (generous).
LAT_MIN, LAT_MAX = 55.0, 69.1
LON_MIN, LON_MAX = 10.9, 24.2


def _polygon(area: DemoArea) -> Polygon:
    return Polygon(area.polygon)


def test_it_has_the_expected_collaborations_and_areas():
    assert [c.slug for c in COLLABORATIONS] == ["est-botkyrka", "est-malmo", "est-helsingborg"]
    assert {c.name: [a.name for a in c.areas] for c in COLLABORATIONS} == {
        "EST Botkyrka": ["Fittja", "Alby", "Norsborg"],
        "EST Malmö": ["Rosengård", "Möllevången", "Kirseberg", "Lindängen"],
        "EST Helsingborg": ["Dalhem", "Drottninghög", "Fredriksdal", "Söder"],
    }


def test_it_draws_every_polygon_closed_valid_and_counter_clockwise():
    for _, area in all_areas():
        ring = area.polygon
        assert ring[0] == ring[-1], area.slug
        assert 8 <= len(ring) - 1 <= 20, area.slug
        assert len(set(ring[:-1])) == len(ring) - 1, f"{area.slug}: repeated vertex"
        assert LinearRing(ring).is_ccw, area.slug
        polygon = _polygon(area)
        assert polygon.is_valid, area.slug
        assert polygon.area > 0, area.slug


def test_it_keeps_every_polygon_inside_sweden():
    for _, area in all_areas():
        for lon, lat in area.polygon:
            assert LAT_MIN <= lat <= LAT_MAX, (area.slug, lon, lat)
            assert LON_MIN <= lon <= LON_MAX, (area.slug, lon, lat)


def test_it_places_each_area_near_its_real_location():
    # Rough real centres (lat, lon); an area's centroid must be within ~1.5 km.
    expected = {
        "fittja": (59.249, 17.861),
        "alby": (59.236, 17.847),
        "norsborg": (59.243, 17.817),
        "rosengard": (55.586, 13.044),
        "mollevangen": (55.592, 13.010),
        "kirseberg": (55.607, 13.031),
        "lindangen": (55.556, 13.026),
        "dalhem": (56.068, 12.740),
        "drottninghog": (56.062, 12.728),
        "fredriksdal": (56.055, 12.723),
        "soder": (56.038, 12.703),
    }
    for _, area in all_areas():
        centroid = _polygon(area).centroid
        lat, lon = expected[area.slug]
        assert abs(centroid.y - lat) < 0.0135, area.slug
        assert abs(centroid.x - lon) < 0.025, area.slug


def test_it_keeps_areas_of_a_collaboration_apart():
    for collab in COLLABORATIONS:
        for a, b in combinations(collab.areas, 2):
            overlap = _polygon(a).intersection(_polygon(b)).area
            assert overlap == 0, f"{collab.slug}: {a.slug} overlaps {b.slug}"


def test_it_puts_every_property_and_place_inside_its_area():
    for _, area in all_areas():
        polygon = _polygon(area)
        for prop in area.properties:
            assert polygon.contains(Point(prop.lon, prop.lat)), (area.slug, prop.address)
        for place in area.places:
            assert polygon.contains(Point(place.lon, place.lat)), (area.slug, place.name)


def test_it_uses_unique_slugs():
    collab_slugs = [c.slug for c in COLLABORATIONS]
    org_slugs = [o.slug for c in COLLABORATIONS for o in c.organisations]
    area_slugs = [a.slug for _, a in all_areas()]
    for slugs in (collab_slugs, org_slugs, area_slugs):
        assert len(slugs) == len(set(slugs)), slugs
        for slug in slugs:
            assert slug.isascii() and slug == slug.lower() and " " not in slug, slug


def test_it_names_places_and_addresses_uniquely_within_an_area():
    for _, area in all_areas():
        names = [p.name for p in area.places]
        addresses = [p.address for p in area.properties]
        assert len(names) == len(set(names)), area.slug
        assert len(addresses) == len(set(addresses)), area.slug


def test_it_gives_each_area_enough_properties_and_places():
    for collab, area in all_areas():
        assert 6 <= len(area.properties) <= 10, area.slug
        assert 6 <= len(area.places) <= 10, area.slug
        assert len({p.kind for p in area.places}) >= 5, area.slug
        for place in area.places:
            assert place.kind in PLACE_KINDS, (area.slug, place.name, place.kind)
        housing = next(o.slug for o in collab.organisations if o.kind == "housing_company")
        owned = [p for p in area.properties if p.owner == housing]
        assert len(owned) > len(area.properties) / 2, area.slug
        for prop in area.properties:
            assert 20 <= prop.apartments <= 240, (area.slug, prop.address)


def test_it_makes_hot_and_quiet_places_refer_to_existing_places():
    heavy = {"fittja", "alby", "rosengard", "lindangen", "drottninghog", "dalhem"}
    for _, area in all_areas():
        names = {p.name for p in area.places}
        assert set(area.hot_places) <= names, area.slug
        assert set(area.quiet_places) <= names, area.slug
        assert not set(area.hot_places) & set(area.quiet_places), area.slug
        if area.slug in heavy:
            assert 1 <= len(area.hot_places) <= 2, area.slug
        else:
            assert len(area.hot_places) <= 1, area.slug
        assert 1 <= len(area.quiet_places) <= 2, area.slug


def test_it_gives_each_collaboration_one_organisation_of_each_kind():
    for collab in COLLABORATIONS:
        kinds = sorted(o.kind for o in collab.organisations)
        assert kinds == sorted(ORGANISATION_KINDS), collab.slug


def test_it_lets_properties_be_owned_only_by_members():
    for collab, area in all_areas():
        members = {o.slug for o in collab.organisations}
        for prop in area.properties:
            assert prop.owner in members, (area.slug, prop.address, prop.owner)


def test_it_exports_polygons_as_geojson():
    for _, area in all_areas():
        geojson = polygon_geojson(area)
        assert geojson["type"] == "Polygon"
        ring = geojson["coordinates"][0]
        assert ring[0] == ring[-1]
        assert all(isinstance(xy, list) and len(xy) == 2 for xy in ring)
        assert shape(geojson).equals(_polygon(area))


def test_it_lists_all_areas_with_their_collaboration():
    pairs = all_areas()
    assert len(pairs) == 11
    for collab, area in pairs:
        assert area in collab.areas
