"""Fixed-window rate limits whose counters live in the database, shared by all workers.

Why a counter of our own rather than django-ratelimit on Django's database cache: the
cache's ``incr`` is a read followed by a write, so two workers can both read 2 and both
write 3, and django-ratelimit itself warns that the database cache cannot count
atomically. Here one SQL statement inserts the window's row or adds one to it and returns
the new count (``INSERT … ON CONFLICT DO UPDATE … RETURNING``, in SQLite ≥ 3.35 and
PostgreSQL); concurrent hits on one key queue on the row, so no two can see the same
count, in any number of processes.

A window is a fixed slice of the clock (this hour, this minute): a subject that used its
allowance at the end of one window may use it again at the start of the next.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone

from tryggve.limits.models import RateCounter

TABLE = RateCounter._meta.db_table


def clock() -> datetime:
    """Now (a function of its own, so that tests can move the windows)."""
    return timezone.now()


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds`` for one subject within ``scope``."""

    scope: str
    count: int
    seconds: int

    def key(self, subject: str, now: datetime) -> tuple[str, datetime]:
        """The counter's key and the end of the window that ``now`` falls in."""
        window = int(now.timestamp()) // self.seconds
        message = f"{self.scope}|{subject}|{window}".encode()
        digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
        ends = datetime.fromtimestamp((window + 1) * self.seconds, tz=UTC)
        return digest, ends


def hit(limit: Limit, subject: str, now: datetime | None = None) -> bool:
    """Count one hit; True if it is within the limit, False if the subject must wait."""
    now = now or clock()
    key, expires_at = limit.key(subject, now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (digest, hits, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (digest) DO UPDATE SET hits = {TABLE}.hits + 1 RETURNING hits",
            [key, connection.ops.adapt_datetimefield_value(expires_at)],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:  # a new window: a cheap moment to forget the windows that are over
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return hits <= limit.count


def undo(limit: Limit, subject: str, now: datetime | None = None) -> None:
    """Give back a hit whose action did not happen (an answer that was not stored)."""
    key, _ = limit.key(subject, now or clock())
    RateCounter.objects.filter(digest=key, hits__gt=0).update(hits=F("hits") - 1)


def retry_after(limit: Limit, now: datetime | None = None) -> int:
    """Seconds until the current window ends (for the Retry-After header)."""
    now = now or clock()
    return limit.seconds - int(now.timestamp()) % limit.seconds

