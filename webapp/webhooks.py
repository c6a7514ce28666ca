"""Outgoing webhooks: backlog events POSTed to an organisation's URL through the outbox,
signed with HMAC-SHA256 and retried with backoff like email."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request

from webapp.db import utcnow
from webapp.extensions import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage

SIGNATURE_HEADER = "X-Yhessa-Signature"
EVENT_HEADER = "X-Yhessa-Event"


class WebhookRefused(OSError):
    """The receiver answered with something other than 2xx: retried later."""


def new_secret() -> str:
    return secrets.token_hex(32)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def emit(organisation: Organisation, event: str, data: dict) -> None:
    """Queue `event` for the organisation's webhook in the caller's transaction (if it has one)."""
    if not organisation.webhook_url:
        return
    body = json.dumps({"event": event, "organisation": organisation.slug, "sent_at": utcnow().isoformat(),
                       "data": data}, ensure_ascii=False, sort_keys=True)
    db.session.add(OutboxMessage(organisation_id=organisation.id, kind="webhook", recipient=organisation.webhook_url,
                                 subject=event, body=body, locale="en"))


def post(message: OutboxMessage) -> None:
    """Deliver one webhook; the secret is read now, so a rotated secret applies to retries."""
    organisation = db.session.get(Organisation, message.organisation_id)
    body = message.body.encode("utf-8")
    request = urllib.request.Request(message.recipient, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", EVENT_HEADER: message.subject,
        SIGNATURE_HEADER: signature(organisation.webhook_secret, body), "User-Agent": "Yhessa-webhook/1"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (staff-configured URL)
            response.read(1024)
    except urllib.error.HTTPError as refused:
        refused.close()
        raise WebhookRefused(f"HTTP {refused.code}") from None
