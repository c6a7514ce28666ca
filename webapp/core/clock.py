"""One notion of now: timezone-aware UTC for storing, and the family centres' own zone
(BABEL_DEFAULT_TIMEZONE, Europe/Helsinki) for "today", dates people type and dates shown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

#: Where the family centres are, when no app is at hand (a script, a test of a helper).
DEFAULT_ZONE = "Europe/Helsinki"


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    """The organisations' time zone (all of them are in Finland)."""
    name = current_app.config.get("BABEL_DEFAULT_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_ZONE)


def today() -> date:
    """Today's date where the family centre is, not on the server's clock or in UTC: a survey
    answered at 1.30 on the 8th in Kittilä was answered on the 8th."""
    return utcnow().astimezone(local_zone()).date()


def to_utc(local: datetime | None) -> datetime | None:
    """A date and time typed in a form (wall-clock time, no zone) as UTC."""
    return local.replace(tzinfo=local_zone()).astimezone(UTC) if local else None


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as the wall-clock time a form shows (no zone)."""
    return moment.astimezone(local_zone()).replace(tzinfo=None) if moment else None
