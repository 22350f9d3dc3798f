"""Latency summaries, memory and the machine's own speed, without numpy."""

from __future__ import annotations

import math
import resource
import sys
import time
from operator import itemgetter

import psycopg

CALIBRATION_ROUNDS = 200


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1) of `samples`."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def machine_speed(conn: psycopg.Connection) -> dict[str, float]:
    """Two medians that move with the machine and not with the code: a fixed piece of Python
    (building and sorting a thousand small dicts, the kind of work a page's rows take) and a
    `SELECT 1` round trip. Printed beside each run, they tell a slower day from a slower change."""
    python, select = [], []
    with conn.cursor() as cursor:
        for _ in range(CALIBRATION_ROUNDS):
            began = time.perf_counter()
            rows = [{"id": i, "name": str(i)} for i in range(1000)]
            rows.sort(key=itemgetter("name"))
            python.append((time.perf_counter() - began) * 1_000_000)
            began = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            select.append((time.perf_counter() - began) * 1000)
    return {"python_us": percentile(python, 0.5), "select_1_ms": percentile(select, 0.5)}
