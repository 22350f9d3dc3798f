"""Latency summaries and memory, without numpy."""

from __future__ import annotations

import math
import resource
import sys


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
