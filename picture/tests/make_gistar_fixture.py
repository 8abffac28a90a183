"""Regenerate gistar_fixture.json: esda's own Gi* z-scores for a few H3 study regions.

DESIGN.md requires our Gi* (picture/hotspots.py) to agree with esda on the same input. esda and
libpysal are not project dependencies, so this script runs in a throwaway virtualenv outside the
repository and the tests compare against the JSON it writes:

    python3 -m venv /tmp/esda-venv
    /tmp/esda-venv/bin/pip install esda libpysal h3 numpy
    /tmp/esda-venv/bin/python picture/tests/make_gistar_fixture.py

The name does not start with ``test_`` so pytest never collects it. Weights are built from the
same neighbour lists hotspots.py uses (ring-1 H3 neighbours restricted to the study region, no
self-neighbour); esda adds the self-weight 1 itself for ``star=True`` with binary transform.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import esda
import h3
import libpysal
import numpy as np

OUT = Path(__file__).with_name("gistar_fixture.json")
RESOLUTION = 9
FITTJA = h3.latlng_to_cell(59.2475, 17.861, RESOLUTION)  # Fittja centrum, Botkyrka


def neighbours(cells: list[str]) -> dict[str, list[str]]:
    """First-ring neighbours inside the region, without the cell itself (libpysal convention)."""
    region = set(cells)
    return {c: sorted(n for n in h3.grid_ring(c, 1) if n in region) for c in cells}


def esda_z(cells: list[str], counts: dict[str, int]) -> dict[str, float]:
    """esda.G_Local(star=True, transform="B") z-scores keyed by cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands / disconnected components are intended
        w = libpysal.weights.W(neighbours(cells))
        y = np.array([counts.get(c, 0) for c in w.id_order], dtype=float)
        g = esda.G_Local(y, w, star=True, transform="B", permutations=0)
    # The W esda used (self-weights filled in) must keep our cell order, or Zs are misaligned.
    assert list(g.w.id_order) == list(w.id_order)
    assert np.allclose(g.w.sparse.diagonal(), 1.0), "esda did not add the Gi* self-weight"
    assert np.all(np.isfinite(g.Zs))
    return {c: float(z) for c, z in zip(w.id_order, g.Zs, strict=True)}


def case_fittja_cluster() -> dict:
    """k=4 disk around Fittja: one tight cluster off-centre, a weaker pair, mostly zeros."""
    cells = sorted(h3.grid_disk(FITTJA, 4))
    # A hot cell two steps from the centre so its neighbourhood partly reaches the region edge.
    hot = sorted(h3.grid_ring(FITTJA, 2))[3]
    counts: dict[str, int] = {hot: 12}
    for c in h3.grid_ring(hot, 1):
        if c in cells:
            counts[c] = 6
    for c in h3.grid_ring(hot, 2):
        if c in cells:
            counts[c] = counts.get(c, 0) + 1
    # Scattered background: a few single reports far from the cluster.
    far = [c for c in cells if h3.grid_distance(c, hot) >= 5]
    for c in far[::4]:
        counts[c] = 1
    return {
        "name": "fittja_cluster",
        "description": "grid_disk(Fittja, 4) at res 9, one cluster plus scattered singles",
        "cells": cells,
        "counts": dict(sorted(counts.items())),
    }


def case_ring_two_clusters() -> dict:
    """Annulus (k=5 disk minus k=1 disk) plus one detached cell.

    Cells on the inner and outer edges have fewer than six neighbours, two clusters sit on
    opposite sides, and the detached cell is an island whose only weight is itself.
    """
    cells_set = set(h3.grid_disk(FITTJA, 5)) - set(h3.grid_disk(FITTJA, 1))
    island = sorted(h3.grid_ring(FITTJA, 8))[0]
    cells = sorted(cells_set | {island})
    ring3 = sorted(h3.grid_ring(FITTJA, 3))
    a, b = ring3[0], ring3[len(ring3) // 2]  # opposite sides of the annulus
    counts: dict[str, int] = {a: 9, b: 5, island: 4}
    for c in h3.grid_ring(a, 1):
        if c in cells_set:
            counts[c] = 4
    for c in h3.grid_ring(b, 1):
        if c in cells_set:
            counts[c] = 3
    # An outer-edge cell with a moderate count: few neighbours, so a different W_i.
    outer = sorted(h3.grid_ring(FITTJA, 5))[7]
    counts[outer] = counts.get(outer, 0) + 2
    return {
        "name": "ring_two_clusters",
        "description": "annulus k=2..5 around Fittja plus an island cell, two clusters",
        "cells": cells,
        "counts": dict(sorted(counts.items())),
    }


def main() -> None:
    cases = []
    for build in (case_fittja_cluster, case_ring_two_clusters):
        case = build()
        case["esda_z"] = esda_z(case["cells"], case["counts"])
        case["neighbour_counts"] = {c: len(n) for c, n in neighbours(case["cells"]).items()}
        cases.append(case)
    fixture = {
        "generated_by": "picture/tests/make_gistar_fixture.py",
        "call": 'esda.G_Local(y, libpysal.weights.W(neighbours), star=True, transform="B", '
        "permutations=0).Zs",
        "versions": {
            "esda": esda.__version__,
            "libpysal": libpysal.__version__,
            "h3": h3.__version__,
            "numpy": np.__version__,
        },
        "resolution": RESOLUTION,
        "cases": cases,
    }
    OUT.write_text(json.dumps(fixture, indent=1, sort_keys=False) + "\n")
    for case in cases:
        zs = case["esda_z"].values()
        print(f"{case['name']}: {len(case['cells'])} cells, z in [{min(zs):.3f}, {max(zs):.3f}]")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
