"""Rate limits: fixed one-minute windows counted in this process's memory.

Each worker process counts for itself, so with N workers a client may get up to N times the
limit; that bounds abuse well enough without a shared store. Lockouts after failed logins are
kept in the store, so they hold across processes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from graph_models.errors import TooManyRequests

WINDOW_SECONDS = 60
MAX_KEYS = 50_000


class RateLimiter:
    """Counts hits per (bucket, key) in fixed windows and refuses those over the limit."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._windows: dict[tuple[str, str], tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str, key: str, limit: int) -> None:
        """Count one hit; TooManyRequests if ``key`` went over ``limit`` in this window."""
        if limit <= 0:
            return
        at = self._clock()
        with self._lock:
            if len(self._windows) > MAX_KEYS:
                self._forget_old(at)
            start, count = self._windows.get((bucket, key), (at, 0))
            if at - start >= WINDOW_SECONDS:
                start, count = at, 0
            self._windows[(bucket, key)] = (start, count + 1)
        if count + 1 > limit:
            wait = math.ceil(WINDOW_SECONDS - (at - start))
            raise TooManyRequests(f"too many requests; at most {limit} a minute",
                                  retry_after=max(wait, 1))

    def _forget_old(self, at: float) -> None:
        self._windows = {k: v for k, v in self._windows.items() if at - v[0] < WINDOW_SECONDS}
