"""Writing outbox messages and delivering them with retries and backoff."""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.i18n import FORMAT_LOCALES, LOCALES
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage, OutboxStatus
from webapp.outbox.webhooks import is_refused_destination, post

log = logging.getLogger(__name__)

#: A message left in `sending` this long is assumed lost with its worker and retried.
STALE_SENDING = timedelta(minutes=10)


def render_email(template: str, locale: str, **context) -> tuple[str, str]:
    """Subject and body of `email/<template>.txt` in `locale`.

    The template's first line is the subject; the rest, after a blank line, is the body.
    """
    locale = locale if locale in LOCALES else "fi"
    with force_locale(FORMAT_LOCALES[locale]):
        text = render_template(f"email/{template}.txt", locale=locale, **context)
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def enqueue_email(recipient: str, template: str, locale: str, *, organisation=None, **context):
    """Add an email to the outbox in the caller's transaction; the worker sends it. An email to
    or about a developer-client (`volunteer` in the context) is linked to them for erasure."""
    subject, body = render_email(template, locale, organisation=organisation, **context)
    message = OutboxMessage(
        organisation_id=getattr(organisation, "id", None),
        recipient=recipient,
        volunteer_id=getattr(context.get("volunteer"), "id", None),
        subject=subject,
        body=body,
        locale=locale,
    )
    db.session.add(message)
    return message


def backoff(attempts: int) -> timedelta:
    """Wait after the n-th failed attempt: 30 s doubling, at most 1 hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def due_messages(now: datetime, limit: int) -> list[int]:
    stale = now - STALE_SENDING
    query = (
        sa.select(OutboxMessage.id)
        .where(
            sa.or_(
                sa.and_(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    OutboxMessage.next_attempt_at <= now,
                ),
                sa.and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.updated_at <= stale,
                ),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def claim(message_id: int) -> OutboxMessage | None:
    """Mark one message as being sent; None when another worker got it first.

    The claim is stamped with the time it is made, so that a long batch does not make its
    own later claims look stale to another worker."""
    now = utcnow()
    stale = now - STALE_SENDING
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            sa.or_(
                OutboxMessage.status == OutboxStatus.PENDING,
                sa.and_(
                    OutboxMessage.status == OutboxStatus.SENDING,
                    OutboxMessage.updated_at <= stale,
                ),
            ),
        )
        .values(status=OutboxStatus.SENDING, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(OutboxMessage, message_id, populate_existing=True)


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Try every message that is due; returns counts of `sent` and `failed` attempts."""
    now = now or utcnow()
    counts = {"sent": 0, "failed": 0}
    for message_id in due_messages(now, limit):
        message = claim(message_id)
        if message is None:
            continue
        try:
            send(message)
        except Exception as error:  # noqa: BLE001  any failure is one attempt, retried later
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"] or is_refused_destination(error):
                message.status = OutboxStatus.FAILED
                log.error("outbox message %s given up: %s", message.id, type(error).__name__)
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = now + backoff(message.attempts)
                log.warning("outbox message %s will be retried: %s", message.id, type(error).__name__)
            counts["failed"] += 1
        else:
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = utcnow()
            message.last_error = ""
            counts["sent"] += 1
        db.session.commit()
    return counts


def build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    if message.organisation_id:  # answers go to the family centre, not to the sending robot

        organisation = db.session.get(Organisation, message.organisation_id)
        if organisation is not None and organisation.contact_email:
            email["Reply-To"] = organisation.contact_email
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(idstring=f"outbox{message.id}")
    email.set_content(message.body)
    email["Content-Language"] = message.locale  # after set_content, which clears Content-*
    return email


def send(message: OutboxMessage) -> None:
    """Deliver one message: a webhook by HTTP POST, an email by SMTP (or to an .eml file)."""
    if message.kind == "webhook":
        post(message)
        return
    email = build_email(message)
    url = current_app.config.get("SMTP_URL")
    if not url:
        folder = Path(current_app.config["OUTBOX_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{message.id:08d}.eml"
        path.write_bytes(email.as_bytes())
        log.info("email %s written to %s", message.id, path)  # no address or subject: logs hold no personal data
        return
    parts = urlsplit(url)
    options = parse_qs(parts.query)
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=15,
                                  context=ssl.create_default_context())
    elif parts.scheme == "smtp":
        client = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=15)
    else:
        raise smtplib.SMTPException(f"unsupported SMTP_URL scheme {parts.scheme!r}")
    with client:
        if parts.scheme == "smtp" and options.get("starttls", ["0"])[0] in ("1", "true"):
            client.starttls(context=ssl.create_default_context())
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)


def delete_messages(condition) -> int:
    """Delete the messages matching `condition`, and their copies in the development mailbox
    (`OUTBOX_DIR`, used when there is no SMTP server), so that nothing of them is left on disk."""
    ids = list(db.session.scalars(sa.select(OutboxMessage.id).where(condition)))
    if not ids:
        return 0
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    folder = Path(current_app.config["OUTBOX_DIR"])
    for message_id in ids:
        (folder / f"{message_id:08d}.eml").unlink(missing_ok=True)
    return len(ids)


def purge_sent(now: datetime) -> int:
    """Retention: delivered messages are kept 30 days."""
    return delete_messages(sa.and_(OutboxMessage.status == OutboxStatus.SENT,
                                   OutboxMessage.sent_at < now - timedelta(days=30)))


def purge_failed(now: datetime) -> int:
    """Retention: undeliverable messages are kept 90 days, for the operator to look into."""
    return delete_messages(sa.and_(OutboxMessage.status == OutboxStatus.FAILED,
                                   OutboxMessage.updated_at < now - timedelta(days=90)))
