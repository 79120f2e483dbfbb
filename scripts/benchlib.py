"""What the benchmark scripts share: a stopwatch and the process's peak memory."""

from __future__ import annotations

import resource
import time


def peak_mb() -> float:
    """The peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action):
    """Run ``action``; return its result and the wall-clock seconds it took."""
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start
