"""The one retry policy: exponential backoff with jitter, for the queue workers and for a
database write that lost its connection."""

from __future__ import annotations

import datetime as dt
import random


def retry_delay(
    attempts: int, *, base: float, cap: float, platform_wait: float | None = None
) -> dt.timedelta:
    """How long to wait before the next try: the platform's own wait when it gave one, else
    exponential from `base` up to `cap` seconds, with jitter so an outage is not hammered in
    lockstep by every worker."""
    if platform_wait is not None:
        return dt.timedelta(seconds=platform_wait)
    ceiling = min(cap, base * 2**attempts)
    return dt.timedelta(seconds=ceiling * random.uniform(0.8, 1.2))  # noqa: S311 (jitter, not a secret)
