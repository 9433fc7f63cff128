"""Rate limits: a count per client and purpose in fixed windows, in memory or in Redis.

Client addresses are only ever used hashed, as part of a counter's name; the
counters expire with their window, so no address is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts every ``seconds``."""

    count: int
    seconds: int


class Counter(Protocol):
    def add(self, key: str, seconds: int) -> int:
        """Count one more attempt under ``key`` and return the count in this window."""

    def peek(self, key: str, seconds: int) -> int:
        """Return the count under ``key`` in this window without adding to it."""


class MemoryCounter:
    """Counters in this process: fine for one web worker."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._counts: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def add(self, key: str, seconds: int) -> int:
        now = self._clock()
        with self._lock:
            started, count = self._counts.get(key, (now, 0))
            if now - started >= seconds:
                started, count = now, 0
            self._counts[key] = (started, count + 1)
            # Forget finished windows now and then so memory stays small.
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if now - v[0] < 3600}
            return count + 1

    def peek(self, key: str, seconds: int) -> int:
        started, count = self._counts.get(key, (0.0, 0))
        return count if self._clock() - started < seconds else 0


class RedisCounter:
    """Counters in Redis, shared by every web worker and host."""

    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def add(self, key: str, seconds: int) -> int:
        name = self._name(key, seconds)
        pipe = self._redis.pipeline()
        pipe.incr(name)
        pipe.expire(name, seconds)
        count, _ = pipe.execute()
        return int(count)

    def peek(self, key: str, seconds: int) -> int:
        return int(self._redis.get(self._name(key, seconds)) or 0)

    @staticmethod
    def _name(key: str, seconds: int) -> str:
        return f"toolkit:limit:{key}:{int(time.time() // seconds)}"


class RateLimiter:
    """Say whether one more attempt fits a limit."""

    def __init__(self, counter: Counter, secret: str) -> None:
        self._counter = counter
        self._secret = secret.encode()

    def allows(self, purpose: str, who: str, limit: Limit) -> bool:
        """Count an attempt by ``who`` (an address or email) and say if it is within the limit."""
        return self._counter.add(self._key(purpose, who), limit.seconds) <= limit.count

    def used_up(self, purpose: str, who: str, limit: Limit) -> bool:
        """Say whether ``who`` has already reached the limit, without counting an attempt."""
        return self._counter.peek(self._key(purpose, who), limit.seconds) >= limit.count

    def _key(self, purpose: str, who: str) -> str:
        hidden = hmac.new(self._secret, who.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{purpose}:{hidden}"


def counter_for(redis_url: str | None) -> Counter:
    """Use Redis when it is configured, else memory."""
    return RedisCounter(redis_url) if redis_url else MemoryCounter()
