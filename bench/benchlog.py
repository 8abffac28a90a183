"""Progress lines and number formatting, shared by the picture benchmark's modules.

Its own module so that the database loader (benchdb.py) and the measurement
(picture_bench.py) log against one clock, started when the process starts, and format
numbers the same way.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {msg}", flush=True)


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", " ")
