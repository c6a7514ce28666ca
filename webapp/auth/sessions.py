"""Staff sessions kept on the server (REVIEW.md M2): the signed session cookie carries a random
token, and a row of `staff_session` says whether it still stands. Logging out, ending a session
from the sessions page, the idle timeout and the absolute timeout all end the row, so that a copy
of the cookie opens nothing afterwards.

Only a request that carries a signed-in cookie looks the row up (Flask-Login's user loader);
the public pages of families and the survey form, which carry none, do no extra work.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, session
from flask_babel import lazy_gettext as _l

from webapp.auth.models import DeviceKind, StaffSession, User
from webapp.core.clock import utcnow
from webapp.core.database import db

#: Where the session cookie keeps the token (Flask-Login keeps the user under `_user_id`).
SESSION_KEY = "_staff_session"
#: `last_seen_at` is written at most this often: not one write per page.
TOUCH_INTERVAL = timedelta(seconds=60)

DEVICE_LABELS = {
    DeviceKind.COMPUTER: _l("Computer"),
    DeviceKind.PHONE: _l("Phone"),
    DeviceKind.TABLET: _l("Tablet"),
    DeviceKind.OTHER: _l("Other device"),
}

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = (("Edg/", "Edge"), ("EdgA/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Android", "Android"),
            ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"))


def describe_device(user_agent: str) -> tuple[DeviceKind, str]:
    """The kind of device and "browser · system" names from a User-Agent header (which is not
    kept). Unknown or empty headers give OTHER and an empty name."""
    agent = (user_agent or "")[:512]
    browser = next((name for marker, name in _BROWSERS if marker in agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in agent), "")
    if "iPad" in agent or "Tablet" in agent or ("Android" in agent and "Mobile" not in agent):
        kind = DeviceKind.TABLET
    elif re.search(r"Mobile|iPhone|Android", agent):
        kind = DeviceKind.PHONE
    elif system in ("Windows", "macOS", "Linux", "ChromeOS"):
        kind = DeviceKind.COMPUTER
    else:
        kind = DeviceKind.OTHER
    return kind, " · ".join(part for part in (browser, system) if part)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _limits() -> tuple[timedelta, timedelta]:
    config = current_app.config
    return (timedelta(minutes=config["SESSION_IDLE_MINUTES"]), timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]))


def start(user: User, user_agent: str, method: str = "password", id_token: str | None = None,
          now: datetime | None = None) -> StaffSession:
    """Open a session for `user` and put its token in the session cookie (the caller has
    cleared the cookie and logged the user in; it commits)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    kind, browser = describe_device(user_agent)
    row = StaffSession(user_id=user.id, token_hash=_hash(token), device_kind=kind, browser=browser[:80],
                       method=method[:60], id_token=id_token, started_at=now, last_seen_at=now)
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = token
    return row


def is_expired(row: StaffSession, now: datetime) -> bool:
    idle, absolute = _limits()
    return row.last_seen_at + idle < now or row.started_at + absolute < now


def current(user_id: int, now: datetime | None = None) -> StaffSession | None:
    """The standing session the cookie names for `user_id`, its last activity brought up to
    date; None when there is none, it was ended, or it timed out (then it is ended)."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or len(token) > 100:
        return None
    now = now or utcnow()
    row = db.session.scalar(sa.select(StaffSession).where(StaffSession.token_hash == _hash(token)))
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return None
    if is_expired(row, now):
        _write(row.id, ended_at=now)
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        _write(row.id, last_seen_at=now)
    g.staff_session_id = row.id
    return row


def _write(row_id: int, **values) -> None:
    # In a transaction of its own: a page that reads only (and never commits) still counts as
    # activity, and nothing the request has pending is committed along with it.
    with db.engine.begin() as connection:
        connection.execute(sa.update(StaffSession).where(StaffSession.id == row_id).values(**values))


def current_id() -> int | None:
    """The id of this request's session row, once the user loader has found it."""
    return g.get("staff_session_id")


def active(user: User, now: datetime | None = None) -> list[StaffSession]:
    """The sessions of `user` that still stand, the latest active first."""
    now = now or utcnow()
    idle, absolute = _limits()
    return list(db.session.scalars(
        sa.select(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None),
                                      StaffSession.last_seen_at >= now - idle,
                                      StaffSession.started_at >= now - absolute)
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())))


def end(row: StaffSession, now: datetime | None = None) -> None:
    """End one session (the caller commits)."""
    if row.ended_at is None:
        row.ended_at = now or utcnow()
    row.id_token = None


def end_all(user: User, keep: int | None = None, now: datetime | None = None) -> int:
    """End every standing session of `user` but `keep`; how many were ended."""
    query = sa.update(StaffSession).where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep)
    return db.session.execute(query.values(ended_at=now or utcnow(), id_token=None)).rowcount


def has_signed_in_before(user: User) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(StaffSession.user_id == user.id)))


def purge(now: datetime | None = None) -> int:
    """Forget sessions that ended or timed out more than 30 days ago (retention rule)."""
    cutoff = (now or utcnow()) - timedelta(days=30)
    return db.session.execute(sa.delete(StaffSession).where(
        sa.or_(StaffSession.ended_at < cutoff, StaffSession.last_seen_at < cutoff))).rowcount
