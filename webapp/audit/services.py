"""The one helper that writes audit events."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import g, has_request_context
from flask_login import current_user

from webapp.audit.models import AuditEvent
from webapp.core.database import db

#: The actor of commands run on the server (`flask create-user` …): recorded as no user.
SYSTEM = object()


def record(action: str, *, organisation=None, target=None, actor=None, **details) -> AuditEvent:
    """Add an audit event to the session (the caller's transaction commits it).

    `actor` defaults to the logged-in staff member; `SYSTEM` records a server command;
    `target` is any model with an `id`.
    """
    if actor is SYSTEM:
        actor = None
        details.setdefault("via", "command line")
    elif actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if has_request_context() and "api_token" in g:  # a write through the API: which token
        details.setdefault("api_token", g.api_token.id)
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        organisation_id=getattr(organisation, "id", None),
        target_type=type(target).__name__ if target is not None else "",
        target_id=getattr(target, "id", None),
        details=details,
    )
    db.session.add(event)
    return event


def scrub(organisation_id: int, words: list[str]) -> int:
    """Replace each of `words` (an erased person's name, email, phone) wherever it was written into
    the details of the organisation's audit events, such as the reason typed for a contact export.
    Returns the number of events changed."""
    words = [word for word in words if word and len(word) >= 3]
    if not words:
        return 0
    text = sa.cast(AuditEvent.details, sa.Text)
    # JSON may store letters beyond ASCII escaped ("M\u00e1ret"): look for both spellings.
    spellings = {spelling for word in words for spelling in (word, json.dumps(word)[1:-1])}
    changed = 0
    for event in db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.organisation_id == organisation_id, sa.or_(*(text.contains(s) for s in spellings)))):
        details = _scrubbed(event.details, words)
        if details != event.details:
            event.details = details
            changed += 1
    return changed


def _scrubbed(value, words: list[str]):
    if isinstance(value, str):
        for word in sorted(words, key=len, reverse=True):
            value = re.sub(re.escape(word), "[…]", value, flags=re.IGNORECASE)
        return value
    if isinstance(value, list):
        return [_scrubbed(item, words) for item in value]
    if isinstance(value, dict):
        return {key: _scrubbed(item, words) for key, item in value.items()}
    return value


def purge_old_events(now: datetime) -> int:
    """Retention: audit events are kept five years."""
    result = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.at < now - timedelta(days=5 * 365)))
    return result.rowcount
