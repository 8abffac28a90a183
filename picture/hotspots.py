"""Statistical hotspots: Getis-Ord Gi* over H3 cell counts.

DESIGN.md ("Analysis rules") asks for Gi* with first-ring neighbours, z-scores per cell, cells
above 1.96 flagged, and agreement with esda on the same input. esda/libpysal are heavy (scipy,
pandas, geopandas) and we only need the analytical z-score, so it is computed here in plain Python
and checked against a fixture that esda itself produced (see ``tests/make_gistar_fixture.py``).

What esda computes (esda 2.9 ``G_Local(y, w, star=True, transform="B")``, ``calc``):

* the self-weight is set to 1 (``fill_diagonal(w, 1)``) because the neighbour lists carry none,
  so each cell's neighbourhood is itself plus its ring-1 neighbours inside the study region;
* ``G_i = sum_j w_ij y_j / sum(y)``, ``E[G_i] = W_i / n``,
  ``Var[G_i] = W_i (n - W_i) / ((n - 1) n^2) * s^2 / ybar^2`` with ``s^2 = mean(y^2) - ybar^2``
  (population variance over all n cells, self included because of the star).

Multiplying through by ``sum(y) = n * ybar`` gives exactly the Getis & Ord (1995) form used below,
``z_i = (sum_j w_ij y_j - ybar W_i) / (s sqrt((n S1_i - W_i^2) / (n - 1)))``, because binary
weights have ``S1_i = sum_j w_ij^2 = W_i``. (esda writes ``W_i (n - W_i)`` directly, which is only
the general formula for binary weights, so nothing here should be reused with other weights.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import h3

__all__ = ["Hotspot", "gi_star", "hotspots", "study_cells"]

DEFAULT_RESOLUTION = 9
"""H3 resolution 9 cells (~0.1 km², ~175 m edge) are about the size of a courtyard or a block:
small enough to point at a place, large enough that a week has more than one report in a cell."""

Z_THRESHOLD = 1.96
"""Two-sided 5 % level of the standard normal, the conventional Gi* hotspot cut-off."""


@dataclass(frozen=True)
class Hotspot:
    """A cell whose neighbourhood has significantly more reports than the study region at large.

    ``p`` is two-sided from the normal approximation; it is not corrected for the many cells
    tested at once, so it says "worth a look", not "proven".
    """

    cell: str
    count: int
    z: float
    p: float


def study_cells(polygons: Iterable[dict], resolution: int = DEFAULT_RESOLUTION) -> set[str]:
    """Return every H3 cell whose centre lies in one of the GeoJSON Polygon/MultiPolygon dicts.

    Gi* compares a cell's neighbourhood with the whole study region, so the region has to contain
    the quiet cells too: deriving it only from cells that have reports would drop the zeros,
    inflate the mean and hide real clusters. Coordinates are GeoJSON order (lon, lat); h3's
    ``geo_to_cells`` reads them that way. Containment is by cell centre (h3's stable rule), so a
    polygon smaller than a cell may yield nothing; ``gi_star`` adds cells that have reports anyway.
    """
    cells: set[str] = set()
    for geometry in polygons:
        kind = geometry.get("type")
        if kind not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"expected a GeoJSON Polygon or MultiPolygon, got {kind!r}")
        cells.update(h3.geo_to_cells(geometry, resolution))
    return cells


def _region(counts: Mapping[str, int], cells: Iterable[str] | None) -> list[str]:
    """The study region in a fixed order, validated so a typo cannot silently become a zero."""
    region = set(counts)
    if cells is not None:
        region.update(cells)
    for cell in region:
        if not h3.is_valid_cell(cell):
            raise ValueError(f"not a valid H3 cell: {cell!r}")
    # Ring-1 neighbours only exist at the cell's own resolution; mixing resolutions would quietly
    # turn neighbours into strangers and every cell into an island.
    resolutions = {h3.get_resolution(cell) for cell in region}
    if len(resolutions) > 1:
        raise ValueError(f"cells of mixed H3 resolutions {sorted(resolutions)}")
    for cell, count in counts.items():
        if count < 0:
            raise ValueError(f"negative count {count} for cell {cell}")
    return sorted(region)


def gi_star(counts: Mapping[str, int], cells: Iterable[str] | None = None) -> dict[str, float]:
    """Getis-Ord Gi* z-score for every cell of the study region (``cells`` ∪ keys of ``counts``).

    Cells missing from ``counts`` count 0. Weights are binary: the cell itself and its first-ring
    neighbours that are in the study region (so edge cells have smaller neighbourhoods, exactly as
    libpysal's ``W`` built from the same neighbour lists). Equal to esda's
    ``G_Local(y, w, star=True, transform="B").Zs`` — see the module docstring for the derivation.

    Degenerate input gives 0.0 rather than NaN/inf, because "no evidence of a hotspot" is the
    honest answer and the weekly picture must not break on a quiet week:

    * fewer than 3 cells (the variance factor ``n - 1`` and any contrast need more), or
    * all counts equal (``s == 0``; esda would divide by zero), or
    * a cell whose neighbourhood is the whole region (``W_i == n``: nothing to compare with;
      esda would divide by zero here too).
    """
    region = _region(counts, cells)
    n = len(region)
    values = {cell: int(counts.get(cell, 0)) for cell in region}
    if n < 3:
        return dict.fromkeys(region, 0.0)

    total = sum(values.values())
    # n * sum(x^2) - (sum x)^2 is an exact integer, so "all counts equal" is tested exactly rather
    # than by comparing a float variance with zero.
    spread = n * sum(x * x for x in values.values()) - total * total
    if spread <= 0:
        return dict.fromkeys(region, 0.0)
    mean = total / n
    s = math.sqrt(spread) / n  # population standard deviation, sqrt(mean(x^2) - mean^2)

    in_region = set(region)
    z: dict[str, float] = {}
    for cell in region:
        # grid_disk(cell, 1) is the cell plus its ring-1 neighbours: the self-weight of Gi*.
        neighbourhood = [c for c in h3.grid_disk(cell, 1) if c in in_region]
        w_i = len(neighbourhood)  # W_i; with binary weights S1_i == W_i
        local = sum(values[c] for c in neighbourhood)
        variance_factor = (n * w_i - w_i * w_i) / (n - 1)
        if variance_factor <= 0:
            z[cell] = 0.0
            continue
        z[cell] = (local - mean * w_i) / (s * math.sqrt(variance_factor))
    return z


def _two_sided_p(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z; erfc avoids pulling in scipy for one function."""
    return math.erfc(abs(z) / math.sqrt(2.0))


# A hotspot is a place where problems happen: at least two reports in the cell that week.
MIN_COUNT = 2


def hotspots(
    counts: Mapping[str, int],
    cells: Iterable[str] | None = None,
    threshold: float = Z_THRESHOLD,
    min_count: int = MIN_COUNT,
) -> list[Hotspot]:
    """Cells with Gi* z above ``threshold``, strongest first (ties broken by cell for stability).

    Only positive z is flagged: the meeting acts on clusters of reports, and a "cold spot" in
    report counts more often means under-reporting than safety. A cell must also hold at
    least ``min_count`` reports itself: Gi* gives the empty neighbours of a busy cell the same
    high z, and a single report would otherwise light up seven cells. The z-scores themselves
    are unchanged (they still agree with esda).
    """
    z_scores = gi_star(counts, cells)
    found = [
        Hotspot(cell=cell, count=int(counts.get(cell, 0)), z=z, p=_two_sided_p(z))
        for cell, z in z_scores.items()
        if z > threshold and counts.get(cell, 0) >= min_count
    ]
    found.sort(key=lambda h: (-h.z, h.cell))
    return found
