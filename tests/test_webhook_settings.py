"""Webhook settings (L13): the address is checked when saved by the rule the worker applies,
the connection goes to the address that was checked, a test event shows the receiver's answer,
recent deliveries are listed and the secret is shown once."""

import hashlib
import hmac
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sqlalchemy as sa

from config import check_production
from tests.conftest import post_form
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox import webhooks

SETTINGS = {"name-fi": "Kittilän perhekeskus", "contact_email": "info@kittila.example", "content_locales": ["fi"],
            "volunteer_retention_months": "24"}


class Receiver(BaseHTTPRequestHandler):
    """A webhook receiver on loopback that answers with `status` and `answer`."""

    received: list = []
    status = 202
    answer = b"thanks from the planner"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.send_header("Content-Length", str(len(type(self).answer)))
        self.end_headers()
        self.wfile.write(type(self).answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received, Receiver.status, Receiver.answer = [], 202, b"thanks from the planner"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_allowed(settings):
    """Name it before `app` in a test's arguments: the receiver runs on loopback (tests only)."""
    settings["WEBHOOK_ALLOW_PRIVATE"] = True


def admin_of(factory, auth):
    org = factory.organisation("kittila")
    factory.user("admin@kittila.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    return org


def stored(app, org) -> Organisation:
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        db.session.expunge(organisation)
        return organisation


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/hook"])
def test_an_address_into_the_servers_network_is_refused_when_saved(client, auth, factory, app, url):
    org = admin_of(factory, auth)
    page = post_form(client, "/staff/kittila/settings?lang=en", {**SETTINGS, "webhook_url": url})
    assert page.status_code == 200
    assert "points into a closed network" in page.get_data(as_text=True)
    assert stored(app, org).webhook_url == ""


def test_an_address_whose_server_does_not_exist_is_refused_when_saved(client, auth, factory, app):
    org = admin_of(factory, auth)
    page = post_form(client, "/staff/kittila/settings?lang=en",
                     {**SETTINGS, "webhook_url": "https://no-such-host.invalid/hook"})
    assert "No server was found at this address" in page.get_data(as_text=True)
    assert stored(app, org).webhook_url == ""


def test_production_refuses_to_start_with_the_loopback_flag():
    settings = {"SECRET_KEY": "x" * 40, "PUBLIC_BASE_URL": "https://yhessa.example.fi", "WEBHOOK_ALLOW_PRIVATE": True}
    with pytest.raises(RuntimeError, match="WEBHOOK_ALLOW_PRIVATE"):
        check_production(settings)
    check_production({**settings, "WEBHOOK_ALLOW_PRIVATE": False})


def test_the_secret_is_shown_once(loopback_allowed, client, auth, factory, app, receiver):
    org = admin_of(factory, auth)
    url = f"http://127.0.0.1:{receiver.server_port}/hook"
    saved = post_form(client, "/staff/kittila/settings?lang=en", {**SETTINGS, "webhook_url": url})
    secret = stored(app, org).webhook_secret
    assert saved.status_code == 200 and len(secret) == 64
    assert secret in saved.get_data(as_text=True) and "shown only now" in saved.get_data(as_text=True)
    again = client.get("/staff/kittila/settings?lang=en").get_data(as_text=True)
    assert secret not in again and "It is not shown again" in again
    unchanged = post_form(client, "/staff/kittila/settings", {**SETTINGS, "webhook_url": url})
    assert unchanged.status_code == 302 and stored(app, org).webhook_secret == secret
    rotated = post_form(client, "/staff/kittila/settings", {**SETTINGS, "webhook_url": url, "new_webhook_secret": "y"})
    new_secret = stored(app, org).webhook_secret
    assert new_secret != secret and new_secret in rotated.get_data(as_text=True)
    assert new_secret not in client.get("/staff/kittila/settings").get_data(as_text=True)


def test_a_test_event_shows_the_receivers_answer_and_is_listed(loopback_allowed, client, auth, factory, app,
                                                               receiver):
    org = admin_of(factory, auth)
    post_form(client, "/staff/kittila/settings",
              {**SETTINGS, "webhook_url": f"http://127.0.0.1:{receiver.server_port}/hook"})
    secret = stored(app, org).webhook_secret
    page = post_form(client, "/staff/kittila/settings/webhook-test?lang=en", {}, page="/staff/kittila/settings",
                     follow_redirects=True).get_data(as_text=True)
    assert "The receiver accepted the test event: HTTP 202 thanks from the planner" in page
    assert "Recent webhook deliveries" in page and "webhook.test" in page and "Delivered" in page
    headers, body = Receiver.received[-1]
    assert headers["X-Yhessa-Signature"] == "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Yhessa-Event"] == "webhook.test"

    Receiver.status, Receiver.answer = 401, b"signature does not match\r\n<script>"
    page = post_form(client, "/staff/kittila/settings/webhook-test?lang=en", {}, page="/staff/kittila/settings",
                     follow_redirects=True).get_data(as_text=True)
    assert "The receiver refused the test event: HTTP 401 signature does not match &lt;script&gt;" in page
    assert "Not delivered" in page and "HTTP 401" in page


def test_a_test_event_to_a_silent_receiver_says_so(loopback_allowed, client, auth, factory, app):
    admin_of(factory, auth)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    post_form(client, "/staff/kittila/settings", {**SETTINGS, "webhook_url": f"http://127.0.0.1:{port}/hook"})
    page = post_form(client, "/staff/kittila/settings/webhook-test?lang=en", {}, page="/staff/kittila/settings",
                     follow_redirects=True).get_data(as_text=True)
    assert "The test event was not delivered. The receiver did not answer" in page


def test_the_connection_goes_to_the_address_that_was_checked(loopback_allowed, app, receiver, monkeypatch):
    """DNS rebinding: the name answers 127.0.0.1 when checked and 127.0.0.2 (where nothing
    listens) afterwards; the request still reaches the checked address, under its own name."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        if host == "hooks.rebind.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers, "127.0.0.2"), port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with app.app_context():
        answer = webhooks.deliver(f"http://hooks.rebind.test:{receiver.server_port}/hook?x=1", "s" * 64,
                                  "item.created", b"{}")
    assert answer.status == 202
    headers, _body = Receiver.received[-1]
    assert headers["Host"] == f"hooks.rebind.test:{receiver.server_port}"


def test_the_worker_applies_the_same_rule(app):
    with app.app_context(), pytest.raises(webhooks.WebhookRefused) as refused:
        webhooks.deliver("http://127.0.0.1:9/hook", "s" * 64, "item.created", b"{}")
    assert refused.value.reason == "private"


def test_the_worker_gives_up_at_once_on_a_refused_address(app, org_with_private_hook):
    """L13: the worker refused a private address twelve times and the admin never learned why."""
    from webapp.outbox.models import OutboxMessage, OutboxStatus
    from webapp.outbox.services import deliver_due

    with app.app_context():
        assert deliver_due() == {"sent": 0, "failed": 1}
        message = db.session.scalar(sa.select(OutboxMessage))
        assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
        assert "non-public address" in message.last_error


@pytest.fixture
def org_with_private_hook(app, factory):
    org = factory.organisation("kittila")
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        organisation.webhook_url, organisation.webhook_secret = "http://10.1.2.3/hook", "s" * 64
        webhooks.emit(organisation, "item.created", {"id": 1})
        db.session.commit()
    return org


def test_https_goes_to_the_checked_address_and_verifies_the_name(loopback_allowed, app, tmp_path, monkeypatch):
    """Over TLS the connection goes to the checked address, sends the name as SNI and verifies
    the certificate against the name, not the address (a self-signed certificate made here)."""
    import ssl
    import subprocess

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=hooks.example.test", "-addext", "subjectAltName=DNS:hooks.example.test",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received, Receiver.status, Receiver.answer = [], 204, b""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    names = []
    server_context.sni_callback = lambda sock, name, context: names.append(name)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    real_getaddrinfo, real_context = socket.getaddrinfo, ssl.create_default_context
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: (
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))] if host.endswith(".example.test")
        else real_getaddrinfo(host, port, *a, **k)))
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: real_context(cafile=str(cert)))
    try:
        with app.app_context():
            answer = webhooks.deliver(f"https://hooks.example.test:{server.server_port}/hook", "s" * 64,
                                      "item.created", b"{}")
            assert answer.status == 204
            with pytest.raises(ssl.SSLCertVerificationError):  # a certificate for another name is refused
                webhooks.deliver(f"https://other.example.test:{server.server_port}/hook", "s" * 64,
                                 "item.created", b"{}")
    finally:
        server.shutdown()
        server.server_close()
    assert names[0] == "hooks.example.test"
    assert Receiver.received[0][0]["Host"] == f"hooks.example.test:{server.server_port}"
