"""Limits for people, not against them: what a family posts is counted when it is accepted (a
form that came back with a mistake costs nothing), and a form over the limit comes back with
everything typed and a message, never a bare 429 page.

The counts live in Flask-Limiter's storage (`RATELIMIT_STORAGE_URI`), shared by every process
when that is Redis; `RATELIMIT_ENABLED=0` turns them off as it does Flask-Limiter's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItem, parse_many

from webapp.core.extensions import hashed_client_address, limiter

#: What a family reads when a limit is reached; what they typed is still in the form.
LIMIT_MESSAGE = _l("Many messages have been sent from this network in a short time. What you wrote is "
                   "kept below: please send it again in a little while.")


@dataclass(frozen=True)
class PostLimit:
    """How many accepted posts one key (an address, or an address at an event) may make."""

    #: Names the counters in the storage, apart from every other limit.
    scope: str
    #: Flask-Limiter's notation, for example "10 per 10 minutes; 60 per day".
    rates: str

    def _items(self) -> list[RateLimitItem]:
        return parse_many(self.rates)

    def is_reached(self, *key: str) -> bool:
        """True when one more accepted post would exceed a rate (nothing is counted here)."""
        if not _enabled():
            return False
        return not all(limiter.limiter.test(item, self.scope, *key) for item in self._items())

    def count(self, *key: str) -> None:
        """Count one accepted post."""
        if _enabled():
            for item in self._items():
                limiter.limiter.hit(item, self.scope, *key)


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def client_address() -> str:
    """The key of the client's address for the limits (after ProxyFix: the client's, not the
    proxy's), hashed with a salt of the day: neither the limit storage nor a log holds it."""
    return hashed_client_address()

