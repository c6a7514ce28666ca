"""Outgoing webhooks: backlog events POSTed to an organisation's URL through the outbox,
signed with HMAC-SHA256 and retried with backoff like email.

One rule decides where a webhook may go (`checked_destination`): the settings form applies
it when the address is saved and the worker when it sends. The host name is resolved once,
and the connection goes to the address that was checked (with the name's Host header and TLS
server name), so a DNS answer that changes between check and connect (DNS rebinding) cannot
send the request into the server's own network.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import urllib.parse
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage, OutboxStatus

SIGNATURE_HEADER = "X-Yhessa-Signature"
EVENT_HEADER = "X-Yhessa-Event"
#: The event the settings page's "send a test event" button sends.
TEST_EVENT = "webhook.test"
#: How much of the receiver's answer is kept to show the admin.
EXCERPT_CHARACTERS = 300


class WebhookRefused(OSError):
    """The address may not be used, or the receiver answered with something other than 2xx.

    `reason` says which, for a translated message: `scheme`, `https`, `unresolved`, `private`
    (a destination refused before any connection) or `status` (the receiver's answer)."""

    def __init__(self, message: str, reason: str = "status"):
        super().__init__(message)
        self.reason = reason


def is_refused_destination(error: Exception) -> bool:
    """Whether `error` refuses the address itself (not http(s), not https in production, not
    public): trying again would be refused again, so the message fails at once and the admin
    sees why among the recent deliveries. A name that did not resolve may resolve later."""
    return isinstance(error, WebhookRefused) and error.reason in ("scheme", "https", "private")


@dataclass(frozen=True)
class Destination:
    """A webhook address that passed the check, with the IP address the check approved."""

    scheme: str
    host: str
    port: int
    #: Path and query string to request.
    target: str
    #: The resolved address that was checked: the connection goes here and nowhere else.
    address: str


@dataclass(frozen=True)
class Answer:
    """What the receiver said: its HTTP status and the start of its body."""

    status: int
    excerpt: str

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300


def new_secret() -> str:
    return secrets.token_hex(32)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def emit(organisation: Organisation, event: str, data: dict) -> None:
    """Queue `event` for the organisation's webhook in the caller's transaction (if it has one)."""
    if not organisation.webhook_url:
        return
    db.session.add(OutboxMessage(organisation_id=organisation.id, kind="webhook", recipient=organisation.webhook_url,
                                 subject=event, body=_payload(organisation, event, data), locale="en"))


def _payload(organisation: Organisation, event: str, data: dict) -> str:
    return json.dumps({"event": event, "organisation": organisation.slug, "sent_at": utcnow().isoformat(),
                       "data": data}, ensure_ascii=False, sort_keys=True)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is link-local anyway
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global


def checked_destination(url: str) -> Destination:
    """Where `url` may be sent, resolved once; refuses addresses that point into the server's own
    network (SSRF): loopback, private, link-local and other non-public addresses, unless
    WEBHOOK_ALLOW_PRIVATE is set (tests only: production refuses to start with it)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebhookRefused("not an http(s) address", "scheme")
    allow_private = current_app.config.get("WEBHOOK_ALLOW_PRIVATE")
    if current_app.config["ENV_NAME"] == "production" and parts.scheme != "https":
        raise WebhookRefused("webhooks use https in production", "https")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (ValueError, UnicodeError, OSError):
        raise WebhookRefused(f"{parts.hostname} could not be resolved", "unresolved") from None
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise WebhookRefused(f"{parts.hostname} could not be resolved", "unresolved")
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise WebhookRefused(f"{parts.hostname} resolves to a non-public address", "private")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return Destination(parts.scheme, parts.hostname, port, target, addresses[0])


def check_destination(url: str) -> None:
    """Raise WebhookRefused when `url` may not receive webhooks (see `checked_destination`)."""
    checked_destination(url)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked address, with the name in the Host header."""

    def __init__(self, destination: Destination, timeout: float):
        super().__init__(destination.host, destination.port, timeout=timeout)
        self._address = destination.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked address; the certificate is verified for the name (SNI and Host)."""

    def __init__(self, destination: Destination, timeout: float):
        super().__init__(destination.host, destination.port, timeout=timeout, context=ssl.create_default_context())
        self._address = destination.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def deliver(url: str, secret: str, event: str, body: bytes, timeout: float = 10) -> Answer:
    """POST one signed event to `url` and return the receiver's answer; a redirect is an answer
    like any other (not followed). Raises WebhookRefused for a refused destination and OSError
    when no answer came."""
    destination = checked_destination(url)
    connection_class = _PinnedHTTPSConnection if destination.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(destination, timeout)
    try:
        connection.request("POST", destination.target, body=body, headers={
            "Content-Type": "application/json; charset=utf-8", EVENT_HEADER: event,
            SIGNATURE_HEADER: signature(secret, body), "User-Agent": "Yhessa-webhook/1"})
        response = connection.getresponse()
        raw = response.read(EXCERPT_CHARACTERS * 4)
    except http.client.HTTPException as broken:
        raise OSError(f"{type(broken).__name__}: the receiver's answer was not HTTP") from None
    finally:
        connection.close()
    text = raw.decode("utf-8", "replace")
    excerpt = "".join(character if character.isprintable() else " " for character in text)
    return Answer(response.status, " ".join(excerpt.split())[:EXCERPT_CHARACTERS])


def post(message: OutboxMessage) -> None:
    """Deliver one webhook; the secret is read now, so a rotated secret applies to retries."""
    organisation = db.session.get(Organisation, message.organisation_id)
    answer = deliver(message.recipient, organisation.webhook_secret, message.subject, message.body.encode("utf-8"))
    if not answer.is_success:
        raise WebhookRefused(f"HTTP {answer.status}")


def send_test_event(organisation: Organisation) -> tuple[Answer | None, str]:
    """Send a test event to the organisation's webhook now and keep it among the recent
    deliveries; returns the receiver's answer, or None and the reason no answer came."""
    message = OutboxMessage(organisation_id=organisation.id, kind="webhook", recipient=organisation.webhook_url,
                            subject=TEST_EVENT, locale="en", attempts=1,
                            body=_payload(organisation, TEST_EVENT, {"message": "Yhessä test event"}))
    answer, error = None, ""
    try:
        answer = deliver(message.recipient, organisation.webhook_secret, TEST_EVENT, message.body.encode("utf-8"),
                         timeout=5)
    except WebhookRefused as refused:
        error = refused.reason
        message.last_error = str(refused)
    except OSError as failure:
        error = "connection"
        message.last_error = f"{type(failure).__name__}: {failure}"[:2000]
    if answer is not None and answer.is_success:
        message.status, message.sent_at = OutboxStatus.SENT, utcnow()
    else:
        message.status = OutboxStatus.FAILED
        if answer is not None:
            message.last_error = f"HTTP {answer.status}"
    db.session.add(message)
    db.session.flush()
    return answer, error


def recent_deliveries(organisation: Organisation, limit: int = 10) -> list[OutboxMessage]:
    """The organisation's latest webhook messages, newest first, for its settings page."""
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.organisation_id == organisation.id,
                                       OutboxMessage.kind == "webhook")
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)))
