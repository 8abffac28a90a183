#!/usr/bin/env python
"""Benchmark: the free-text privacy scan (reports.privacy.scan) on large and hostile text.

Prints, for 120 KB and 1 MB of each kind of text, the seconds ``scan`` takes beside a
floor measured in the same run: one ``re.finditer`` pass of a trivial pattern (``\\d+``)
over the same text, the least any scan for numbers must do. A linear scan keeps the ratio
roughly the same at both sizes; a quadratic one multiplies it by eight.

    .venv/bin/python bench/privacy_bench.py [--sizes 120000,1000000] [--repeats 3]

The exit status is 1 when a scan of 1 MB or less takes a second or more.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryggve.settings")

LIMIT_SECONDS = 1.0
FLOOR_RE = re.compile(r"\d+")

ORDINARY = (
    "Ungdomar samlades vid port 12 kl 19.30-23.00, ca 15 personer, nedskräpning och "
    "hög musik. Fastighetsjouren ringde 070-123 45 67 och väktarna kom 21:40. "
    "Lgh 1102 klagade, skadan uppskattas till 12 000 kr. Se även rapport vecka 2025-W07. "
    "Hyresgästen (811218-9876) mejlade anna.svensson@exempel.se om trasig belysning "
    "vid cykelrummet sedan 2024-05-01. Postadress Fittjavägen 8, 145 68 Norsborg.\n"
)

# Each is repeated to size. Digits and separators in every arrangement the patterns look
# at, near misses that fail late, runs without end, and text where everything matches.
HOSTILE: dict[str, str] = {
    "phones only": "070-123 45 67 ",
    "phones separated by commas": "070-123 45 67,",
    "phones after flat numbers": "lgh 1102 070-123 45 67 ",
    "identity numbers only": "811218-9876 ",
    "near-miss identity (bad check digit)": "811218-9875 ",
    "near-miss phones (7 digits)": "070-123 4 ",
    "digits and spaces": "0 1 2 3 4 5 6 7 8 9 ",
    "one run of digits": "1",
    "zeros and dashes": "0-",
    "dates and times": "01.05.24 19.30-04.00 ",
    "at-signs": "a@",
    "dotted local parts": "a.",
    "at-words": "a at b dot ",
    "bracketed at": "(at)",
    "refused e-mail (rare top-level domain)": "x at a.b.qq ",
    "near-miss e-mail (no top-level domain)": "anna@exempel ",
    "one run of letters": "a",
    "flagged words": "invandrare ",
    "hex (UUID-like)": "0a1b2c3d-",
}


def _timed(function: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _sized(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="120000,1000000",
                        help="text sizes in characters, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs; the best counts")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from reports.privacy import scan

    sizes = [int(s) for s in args.sizes.split(",")]
    texts = {"ordinary report text": ORDINARY, **HOSTILE}
    print(f"{'text':40} {'size':>9} {'scan s':>9} {'floor s':>9} {'ratio':>7} {'findings':>9}")
    worst = 0.0
    for name, unit in texts.items():
        for size in sizes:
            text = _sized(unit, size)
            seconds = _timed(lambda text=text: scan(text), args.repeats)
            floor = _timed(lambda text=text: sum(1 for _ in FLOOR_RE.finditer(text)),
                           args.repeats)
            findings = len(scan(text).findings)
            ratio = seconds / floor if floor > 0 else float("inf")
            print(f"{name:40} {size:>9,} {seconds:>9.4f} {floor:>9.4f} {ratio:>7.1f} "
                  f"{findings:>9,}")
            if size <= 1_000_000:
                worst = max(worst, seconds)
    print(f"\nslowest scan up to 1 MB: {worst:.3f} s (limit {LIMIT_SECONDS:.1f} s)")
    return 0 if worst < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
