"""Outgoing webhooks: backlog events POSTed to an organisation's URL through the outbox,
signed with HMAC-SHA256 and retried with backoff like email."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.parse
import urllib.request

from flask import current_app

from webapp.core.clock import utcnow
from webapp.core.database import db
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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer other than 2xx: refused, retried later


_opener = urllib.request.build_opener(_NoRedirects)


def check_destination(url: str) -> None:
    """Refuse addresses that point into the server's own network (SSRF): loopback, private,
    link-local and other non-public addresses, unless WEBHOOK_ALLOW_PRIVATE is set."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused(f"not an http(s) address: {url!r}")
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE"):
        return
    if current_app.config["ENV_NAME"] == "production" and parts.scheme != "https":
        raise WebhookRefused("webhooks use https in production")
    for *_rest, address in socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP):
        if not ipaddress.ip_address(address[0]).is_global:
            raise WebhookRefused(f"{parts.hostname} resolves to a non-public address")


def post(message: OutboxMessage) -> None:
    """Deliver one webhook; the secret is read now, so a rotated secret applies to retries."""
    check_destination(message.recipient)
    organisation = db.session.get(Organisation, message.organisation_id)
    body = message.body.encode("utf-8")
    request = urllib.request.Request(message.recipient, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", EVENT_HEADER: message.subject,
        SIGNATURE_HEADER: signature(organisation.webhook_secret, body), "User-Agent": "Yhessa-webhook/1"})
    try:
        with _opener.open(request, timeout=10) as response:  # checked by check_destination above
            response.read(1024)
    except urllib.error.HTTPError as refused:
        refused.close()
        raise WebhookRefused(f"HTTP {refused.code}") from None
