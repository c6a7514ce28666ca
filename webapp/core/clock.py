"""One notion of now: timezone-aware UTC for storing, the organisation's zone for "today"."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)
