"""Gi* hotspots: agreement with esda (stored fixture) and the behaviour the weekly picture needs.

The fixture is produced by make_gistar_fixture.py in a throwaway venv with esda + libpysal;
these tests need neither.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import h3
import pytest

from picture.hotspots import Hotspot, gi_star, hotspots, study_cells

FIXTURE = json.loads(Path(__file__).with_name("gistar_fixture.json").read_text())
CASES = {case["name"]: case for case in FIXTURE["cases"]}
FITTJA = h3.latlng_to_cell(59.2475, 17.861, 9)
TOLERANCE = 1e-6


def _max_abs_diff_vs_esda(case: dict) -> float:
    ours = gi_star(case["counts"], case["cells"])
    assert set(ours) == set(case["cells"]) == set(case["esda_z"])
    return max(abs(ours[c] - case["esda_z"][c]) for c in case["cells"])


def test_it_matches_esda_on_the_fittja_cluster():
    case = CASES["fittja_cluster"]
    assert len(case["cells"]) == 61
    assert 0 in case["counts"].values() or len(case["counts"]) < len(case["cells"])
    assert _max_abs_diff_vs_esda(case) < TOLERANCE


def test_it_matches_esda_on_a_ring_with_edge_cells_and_an_island():
    case = CASES["ring_two_clusters"]
    # The case is only interesting if neighbourhood sizes really differ (edges, island).
    assert {0, 3, 4, 6} <= set(case["neighbour_counts"].values())
    assert _max_abs_diff_vs_esda(case) < TOLERANCE


def test_it_flags_the_same_cells_as_esda_z_above_1_96():
    for case in CASES.values():
        expected = sorted(
            (c for c, z in case["esda_z"].items() if z > 1.96),
            key=lambda c: -case["esda_z"][c],
        )
        found = hotspots(case["counts"], case["cells"], min_count=0)
        assert expected, case["name"]
        assert [h.cell for h in found] == expected


def test_it_does_not_call_an_empty_or_single_report_cell_a_hotspot():
    for case in CASES.values():
        found = hotspots(case["counts"], case["cells"])
        assert found
        assert all(case["counts"].get(h.cell, 0) >= 2 for h in found)
    lone = "891f1d48003ffff"
    assert hotspots({lone: 1}, {lone, *h3.grid_disk(lone, 3)}) == []


def test_it_flags_a_single_hot_cell_and_not_its_far_neighbours():
    cells = h3.grid_disk(FITTJA, 4)
    z = gi_star({FITTJA: 10}, cells)
    found = {h.cell: h for h in hotspots({FITTJA: 10}, cells)}

    assert FITTJA in found
    assert found[FITTJA].count == 10
    assert found[FITTJA].z == pytest.approx(z[FITTJA])
    # Gi* includes the cell itself, so ring-1 cells whose neighbourhood is the hot cell plus
    # zeros score exactly like it; only cells whose neighbourhood misses it stay quiet.
    for cell in h3.grid_ring(FITTJA, 1):
        assert z[cell] == pytest.approx(z[FITTJA])
    for cell in cells:
        if h3.grid_distance(cell, FITTJA) >= 2:
            assert cell not in found
            assert z[cell] < 0


def test_it_sorts_hotspots_by_z_and_gives_two_sided_normal_p_values():
    case = CASES["fittja_cluster"]
    found = hotspots(case["counts"], case["cells"])
    assert [h.z for h in found] == sorted((h.z for h in found), reverse=True)
    for h in found:
        assert h.p == pytest.approx(math.erfc(h.z / math.sqrt(2)))
        assert 0 < h.p < 0.05
    # 1.96 is the two-sided 5 % point.
    z196 = Hotspot(cell=FITTJA, count=0, z=1.96, p=math.erfc(1.96 / math.sqrt(2)))
    assert z196.p == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].z = 0.0  # type: ignore[misc]


def test_it_respects_a_custom_threshold():
    case = CASES["fittja_cluster"]
    strict = hotspots(case["counts"], case["cells"], threshold=5.0)
    assert strict
    assert all(h.z > 5.0 for h in strict)
    assert len(strict) < len(hotspots(case["counts"], case["cells"]))


def test_it_gives_all_zeros_and_no_hotspots_for_uniform_counts():
    cells = h3.grid_disk(FITTJA, 3)
    uniform = dict.fromkeys(cells, 3)
    assert set(gi_star(uniform).values()) == {0.0}
    assert hotspots(uniform) == []
    # A quiet week: no reports at all.
    assert set(gi_star({}, cells).values()) == {0.0}
    assert hotspots({}, cells) == []


def test_it_gives_zeros_for_regions_too_small_to_compare():
    assert gi_star({FITTJA: 5}) == {FITTJA: 0.0}
    two = h3.grid_ring(FITTJA, 1)[:1] + [FITTJA]
    assert set(gi_star({FITTJA: 5}, two).values()) == {0.0}
    # Three mutually adjacent cells: every neighbourhood is the whole region (W_i == n), where
    # esda would divide by zero; we say "no evidence" instead.
    ring = h3.grid_ring(FITTJA, 1)
    trio = [FITTJA, ring[0], ring[1]]
    assert all(h3.are_neighbor_cells(a, b) for a in trio for b in trio if a != b)
    assert gi_star({FITTJA: 9, ring[0]: 1}, trio) == dict.fromkeys(trio, 0.0)


def test_it_adds_cells_with_reports_outside_the_given_region():
    cells = h3.grid_disk(FITTJA, 2)
    outside = h3.grid_ring(FITTJA, 6)[0]
    z = gi_star({outside: 2, FITTJA: 1}, cells)
    assert set(z) == set(cells) | {outside}


def test_it_rejects_invalid_cells_negative_counts_and_mixed_resolutions():
    with pytest.raises(ValueError, match="valid H3"):
        gi_star({"not-a-cell": 1}, h3.grid_disk(FITTJA, 1))
    with pytest.raises(ValueError, match="negative"):
        gi_star({FITTJA: -1}, h3.grid_disk(FITTJA, 1))
    with pytest.raises(ValueError, match="mixed H3 resolutions"):
        gi_star({h3.cell_to_parent(FITTJA, 8): 1}, h3.grid_disk(FITTJA, 1))


def _square(lon: float, lat: float, half: float) -> dict:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def test_it_covers_a_small_polygon_including_cells_without_reports():
    # ~0.45 km x 0.55 km around Fittja centrum, GeoJSON order (lon, lat).
    polygon = _square(17.861, 59.2475, 0.004)
    cells = study_cells([polygon])

    assert FITTJA in cells  # would fail if lon/lat were swapped
    assert 5 <= len(cells) <= 30
    for cell in cells:
        assert h3.get_resolution(cell) == 9
        lat, lon = h3.cell_to_latlng(cell)
        assert abs(lon - 17.861) <= 0.004 and abs(lat - 59.2475) <= 0.004

    # One report in the region: every other cell of the polygon is still scored, as a zero.
    z = gi_star({FITTJA: 4}, cells)
    assert set(z) == cells
    assert sum(1 for c in cells if c != FITTJA) == len(cells) - 1


def test_it_unions_multipolygons_and_several_polygons_at_other_resolutions():
    a = _square(17.861, 59.2475, 0.004)
    b = _square(17.900, 59.2600, 0.004)
    multi = {"type": "MultiPolygon", "coordinates": [a["coordinates"], b["coordinates"]]}
    assert study_cells([multi]) == study_cells([a]) | study_cells([b])
    assert study_cells([a]).isdisjoint(study_cells([b]))
    coarse = study_cells([_square(17.861, 59.2475, 0.02)], resolution=8)
    assert coarse and all(h3.get_resolution(c) == 8 for c in coarse)
    assert study_cells([]) == set()


def test_it_rejects_geometries_that_are_not_polygons():
    with pytest.raises(ValueError, match="Polygon"):
        study_cells([{"type": "Point", "coordinates": [17.861, 59.2475]}])
