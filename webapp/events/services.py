"""Events: opening and closing them, finding the one a post's code names, counting its posts."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import request

from webapp.audit.services import record
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.limits import PostLimit, client_address
from webapp.events.models import CrowdEvent, EventTarget
from webapp.orgs.models import Organisation

#: Capitals and digits that cannot be mistaken for each other on a poster (no O/0, I/1).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: The longest an event may run: a fair is a day, a week of school visits is not one event.
MAX_HOURS = 72

#: Accepted posts per address with a running event's code: a crowd on the venue's Wi-Fi.
CROWD_LIMIT = PostLimit("event-posts", "300 per 10 minutes; 3000 per day")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def open_event(organisation: Organisation, *, name: str, target: EventTarget, target_id: int | None,
               hours: int, created_by_id: int | None = None) -> CrowdEvent:
    """Open an event now for `hours` (1 to MAX_HOURS)."""
    now = utcnow()
    event = CrowdEvent(organisation_id=organisation.id, name=name, target=target,
                       target_id=target_id if target is not EventTarget.JOIN else None, code=new_code(),
                       starts_at=now, ends_at=now + timedelta(hours=min(max(hours, 1), MAX_HOURS)),
                       accepted_posts=0, refused_posts=0, created_by_id=created_by_id)
    db.session.add(event)
    db.session.flush()
    record("event.open", organisation=organisation, target=event, name=name, kind=target.value, hours=hours)
    return event


def close_event(event: CrowdEvent) -> None:
    """End the event now: its code stops giving the crowd limit."""
    now = utcnow()
    if event.ends_at > now:
        event.ends_at = now
        record("event.close", organisation=db.session.get(Organisation, event.organisation_id), target=event)
        db.session.flush()


def events_of(organisation: Organisation) -> list[CrowdEvent]:
    """The organisation's events, newest first."""
    return list(db.session.scalars(sa.select(CrowdEvent).where(CrowdEvent.organisation_id == organisation.id)
                                   .order_by(CrowdEvent.starts_at.desc(), CrowdEvent.id.desc())))


def running_event(organisation: Organisation, target: EventTarget, target_id: int | None,
                  code: str | None) -> CrowdEvent | None:
    """The running event of this form whose code is `code`, or None (unknown, ended, another form)."""
    code = (code or "").strip().upper()
    if not code or len(code) > 16 or not code.isalnum():
        return None
    event = db.session.scalar(sa.select(CrowdEvent).where(CrowdEvent.code == code))
    if (event is None or event.organisation_id != organisation.id or event.target is not target
            or (target is not EventTarget.JOIN and event.target_id != target_id)
            or not event.is_running(utcnow())):
        return None
    return event


def event_from_request(organisation: Organisation, target: EventTarget, target_id: int | None = None):
    """The running event named by the request's `event` parameter (the poster link's query
    string, which the form keeps when it posts), or None."""
    return running_event(organisation, target, target_id, request.args.get("event"))


def count_accepted(event: CrowdEvent | None) -> None:
    """One more stored post at the event (in the database, so that concurrent posts all count)."""
    if event is not None:
        db.session.execute(sa.update(CrowdEvent).where(CrowdEvent.id == event.id)
                           .values(accepted_posts=CrowdEvent.accepted_posts + 1)
                           .execution_options(synchronize_session=False))


def count_refused(event: CrowdEvent | None) -> None:
    if event is not None:
        db.session.execute(sa.update(CrowdEvent).where(CrowdEvent.id == event.id)
                           .values(refused_posts=CrowdEvent.refused_posts + 1)
                           .execution_options(synchronize_session=False))


class PostGate:
    """The limit a public form's POST meets: `usual` per address, or the crowd limit per
    address at a running event. Check `is_closed()` before storing, `passed()` after."""

    def __init__(self, usual: PostLimit, event: CrowdEvent | None):
        self.event = event
        self.limit = CROWD_LIMIT if event is not None else usual
        self.key = (client_address(), event.code) if event is not None else (client_address(),)

    def is_closed(self) -> bool:
        """True when this post would go over the limit; an event counts it as refused."""
        closed = self.limit.is_reached(*self.key)
        if closed:
            count_refused(self.event)
        return closed

    def passed(self) -> None:
        """Count a stored post."""
        self.limit.count(*self.key)
        count_accepted(self.event)
