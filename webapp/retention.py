"""Retention rules run by `flask purge`: each rule deletes what may no longer be kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp.db import utcnow
from webapp.extensions import db

#: `(name, rule)`; a rule takes the current time and returns how many rows it removed.
RULES: list[tuple[str, Callable[[datetime], int]]] = []


def rule(name: str):
    def register(function):
        RULES.append((name, function))
        return function
    return register


@rule("delivered emails older than 30 days")
def purge_sent_outbox(now: datetime) -> int:
    from webapp.outbox.models import OutboxMessage, OutboxStatus

    result = db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < now - timedelta(days=30)))
    return result.rowcount


@rule("undeliverable emails older than 90 days")
def purge_failed_outbox(now: datetime) -> int:
    from webapp.outbox.models import OutboxMessage, OutboxStatus

    result = db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.FAILED, OutboxMessage.updated_at < now - timedelta(days=90)))
    return result.rowcount


@rule("login failure counters older than a day")
def purge_login_throttles(now: datetime) -> int:
    from webapp.auth.services import purge_throttles

    return purge_throttles(now)


@rule("emails left with ideas, 12 months old")
def purge_idea_contacts(now: datetime) -> int:
    from webapp.ideas.models import IdeaContact

    result = db.session.execute(sa.delete(IdeaContact).where(IdeaContact.created_at < now - timedelta(days=365)))
    return result.rowcount


@rule("developer-client sign-ups never confirmed (7 days; phone-only 30 days)")
def purge_unconfirmed_volunteers(now: datetime) -> int:
    from webapp.volunteers.services import purge_unconfirmed

    return purge_unconfirmed(now)


@rule("reminders to developer-clients about to be erased for inactivity")
def remind_inactive_volunteers(now: datetime) -> int:
    from webapp.volunteers.services import remind_inactive

    return remind_inactive(now)


@rule("developer-clients inactive past their organisation's limit, reminded 30 days ago")
def purge_inactive_volunteers(now: datetime) -> int:
    from webapp.volunteers.services import purge_inactive

    return purge_inactive(now)


@rule("corrections suggested to the services guide, 90 days after they were closed")
def purge_closed_corrections(now: datetime) -> int:
    from webapp.guide.models import CorrectionStatus, ServiceCorrection

    # What a family wrote may hold personal data: kept only while someone needs it.
    result = db.session.execute(sa.delete(ServiceCorrection).where(
        ServiceCorrection.status != CorrectionStatus.PENDING, ServiceCorrection.handled_at < now - timedelta(days=90)))
    return result.rowcount


@rule("audit events older than 5 years")
def purge_old_audit_events(now: datetime) -> int:
    from webapp.audit.models import AuditEvent

    result = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.at < now - timedelta(days=5 * 365)))
    return result.rowcount


def run_all(now: datetime | None = None) -> dict[str, int]:
    """Run every rule in one transaction; returns rows removed per rule."""
    now = now or utcnow()
    counts = {name: function(now) for name, function in RULES}
    db.session.commit()
    return counts
