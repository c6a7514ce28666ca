"""Rate limits on the views that store what people send, counted with the `limits` library.

Only a view that carries a limit pays for one: there is no hook on every request, so a page
that families read (the survey form from a poster) does no limit work at all. The counts live
in `RATELIMIT_STORAGE_URI` (Redis when several processes serve: `config.check_production`
refuses to start otherwise), and `RATELIMIT_ENABLED=0` turns the limits off for load tests.
The key is the client's address after ProxyFix, hashed with a salt of the day: neither the
storage nor a log holds an address.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Iterable

from flask import Flask, abort, current_app, request
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter

from webapp.core.clock import utcnow

EXTENSION = "yhessa.rate_limits"


def client_address() -> str:
    """What the limits key a client by: its address (after ProxyFix: the client's, not the
    proxy's) hashed with a salt that changes every day, so the limit storage (Redis) never holds
    an IP address and one day's keys cannot be linked to the next. The salt comes from
    SECRET_KEY and the UTC date, so every process computes the same one; a day's counts start
    afresh at midnight UTC."""
    day = utcnow().date().isoformat()
    salt = hmac.new(current_app.config["SECRET_KEY"].encode(), f"limit-salt:{day}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, (request.remote_addr or "unknown").encode(), hashlib.sha256).hexdigest()[:32]


class RequestLimiter:
    """`@limiter.limit("10 per 10 minutes; 50 per day", methods=["POST"])` on a view: past any
    of the rates, from one address, the view answers 429 (the translated error page)."""

    def __init__(self, key_func: Callable[[], str] = client_address):
        self._key_func = key_func

    def init_app(self, app: Flask) -> None:
        storage = storage_from_string(app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
                                      **app.config.get("RATELIMIT_STORAGE_OPTIONS", {}))
        app.extensions[EXTENSION] = FixedWindowRateLimiter(storage)

    @property
    def limiter(self) -> RateLimiter:
        """The application's counter (test, hit) over its storage."""
        return current_app.extensions[EXTENSION]

    def limit(self, rates: str, methods: Iterable[str] | None = None,
              exempt_when: Callable[[], bool] | None = None):
        """`exempt_when`: a request it is true for is not counted (a page turn of a paged form)."""
        items = parse_many(rates)
        only = frozenset(method.upper() for method in methods) if methods else None

        def decorate(view):
            @functools.wraps(view)
            def limited(*args, **kwargs):
                if ((only is None or request.method in only) and current_app.config.get("RATELIMIT_ENABLED", True)
                        and not (exempt_when and exempt_when())):
                    counter, key = self.limiter, self._key_func()
                    # Every rate is counted, so a burst uses up the daily rate as well as the minute's.
                    if not all([counter.hit(item, request.endpoint or "", key) for item in items]):
                        abort(429)
                return view(*args, **kwargs)
            return limited
        return decorate
