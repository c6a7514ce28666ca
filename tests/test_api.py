"""The JSON API: bearer tokens of one organisation, backlog writes by the rules, the OpenAPI
document exercised by schemathesis, and signed webhooks retried through the outbox."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from webapp.api.services import issue_token
from webapp.backlog.models import BacklogItem
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage, OutboxStatus


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def token_for(app, org, can_write=True):
    with app.app_context():
        _row, token = issue_token(db.session.get(Organisation, org.id), "testi", can_write)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_requests_without_a_valid_token_are_refused(client, app, org):
    assert client.get("/api/v1/backlog").status_code == 401
    response = client.get("/api/v1/backlog", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.get_json() == {"error": "a valid bearer token is required",
                                                                   "code": "unauthorized"}
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/openapi.json").status_code == 200  # the description is public


def test_a_read_only_token_cannot_write(client, app, org):
    headers = token_for(app, org, can_write=False)
    assert client.get("/api/v1/backlog", headers=headers).get_json() == {"items": []}
    assert client.post("/api/v1/backlog", json={"title": "X"}, headers=headers).status_code == 403


def test_create_get_and_move_an_item(client, app, org):
    headers = token_for(app, org)
    created = client.post("/api/v1/backlog", json={"title": "Perhekahvila ʹǩ", "priority": "high",
                                                   "target_quarter": "2027-Q2"}, headers=headers)
    assert created.status_code == 201
    item = created.get_json()
    assert (item["title"], item["status"], item["priority"]) == ("Perhekahvila ʹǩ", "new", "high")
    assert client.get(f"/api/v1/backlog/{item['id']}", headers=headers).get_json()["id"] == item["id"]
    moved = client.post(f"/api/v1/backlog/{item['id']}/status", json={"status": "planned", "note": "API"},
                        headers=headers)
    assert moved.status_code == 200 and moved.get_json()["status"] == "planned"
    refused = client.post(f"/api/v1/backlog/{item['id']}/status", json={"status": "done"}, headers=headers)
    assert refused.status_code == 409 and "error" in refused.get_json()
    bad = client.post("/api/v1/backlog", json={"title": "", "target_quarter": "ensi vuonna"}, headers=headers)
    assert bad.status_code == 422
    assert client.post("/api/v1/backlog", data="not json", headers=headers).status_code == 422


def test_tokens_see_only_their_own_organisation(client, app, org, factory):
    other = factory.organisation("sodankyla")
    kittila, sodankyla = token_for(app, org), token_for(app, other)
    item = client.post("/api/v1/backlog", json={"title": "Salainen"}, headers=kittila).get_json()
    assert client.get(f"/api/v1/backlog/{item['id']}", headers=sodankyla).status_code == 404
    assert client.get("/api/v1/backlog", headers=sodankyla).get_json() == {"items": []}
    assert client.post(f"/api/v1/backlog/{item['id']}/status", json={"status": "planned"},
                       headers=sodankyla).status_code == 404


def test_the_api_keeps_its_openapi_promises(app, org):
    """A bounded schemathesis run: every operation, generated requests, responses checked
    against the document (status codes, content types, schemas) and for server errors."""
    from hypothesis import given

    from tests.guide_factory import make_service
    from tests.survey_factory import make_survey

    make_survey(app, org)
    make_service(app, org)
    app.config["RATELIMIT_ENABLED"] = False
    # Schemathesis' WSGI transport does not undo gzip, which large answers (the services) get.
    headers = {**token_for(app, org), "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:
        @given(operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)
        def check(case):
            case.call_and_validate(headers=headers)

        check()


def test_errors_under_the_api_are_json(client, app, org):
    headers = token_for(app, org)
    for response in (client.get("/api/v1/backlog/abc", headers=headers),
                     client.delete("/api/v1/backlog", headers=headers),
                     client.get("/api/v1/nothing-here", headers=headers)):
        assert response.content_type == "application/json" and "error" in response.get_json()


class Receiver(BaseHTTPRequestHandler):
    """A webhook receiver on loopback that refuses the first delivery with a 500."""

    received: list = []
    fail_first = True

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        status = 500 if type(self).fail_first else 204
        type(self).fail_first = False
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhooks_are_signed_and_retried_after_a_500(client, app, org):
    from datetime import timedelta

    from webapp.core.clock import utcnow
    from webapp.outbox.services import deliver_due
    from webapp.outbox.webhooks import new_secret

    app.config["WEBHOOK_ALLOW_PRIVATE"] = True  # the receiver runs on loopback
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    Receiver.received, Receiver.fail_first = [], True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = new_secret()
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        organisation.webhook_url = f"http://127.0.0.1:{server.server_port}/hook"
        organisation.webhook_secret = secret
        db.session.commit()
    headers = token_for(app, org)
    item = client.post("/api/v1/backlog", json={"title": "Perhekahvila"}, headers=headers).get_json()
    try:
        with app.app_context():
            assert deliver_due() == {"sent": 0, "failed": 1}
            assert db.session.scalar(sa.select(OutboxMessage.status)) is OutboxStatus.PENDING
            assert deliver_due(now=utcnow() + timedelta(minutes=5)) == {"sent": 1, "failed": 0}
    finally:
        server.shutdown()
        server.server_close()
    assert len(Receiver.received) == 2
    sent_headers, body = Receiver.received[-1]
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert sent_headers["X-Yhessa-Signature"] == expected
    assert sent_headers["X-Yhessa-Event"] == "item.created"
    payload = json.loads(body)
    assert payload["data"]["id"] == item["id"] and payload["organisation"] == "kittila"
    with app.app_context():
        assert db.session.scalar(sa.select(BacklogItem.title)) == "Perhekahvila"


def test_an_admin_issues_and_revokes_a_token(client, auth, factory, app, org):
    from tests.conftest import post_form

    factory.user("admin@kittila.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    page = post_form(client, "/staff/kittila/api-tokens", {"name": "Planner", "can_write": "y"})
    token = page.get_data(as_text=True).split('<code class="copy">', 1)[1].split("<", 1)[0]
    assert client.get("/api/v1/backlog", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context():
        from webapp.api.models import ApiToken

        token_id = db.session.scalar(sa.select(ApiToken.id))
    post_form(client, f"/staff/kittila/api-tokens/{token_id}/revoke", {}, page="/staff/kittila/api-tokens")
    assert client.get("/api/v1/backlog", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                                 "http://169.254.169.254/latest/meta-data", "ftp://example.fi/x"])
def test_webhooks_do_not_reach_into_the_servers_own_network(app, url):
    from webapp.outbox.webhooks import WebhookRefused, check_destination

    with app.app_context(), pytest.raises(WebhookRefused):
        check_destination(url)


def test_awkward_json_and_headers_get_a_4xx_in_english_with_a_code(client, app, org):
    """L7 and P: a lone surrogate or deeply nested JSON was a 500; `bearer` in lower case was
    refused; errors came in Finnish."""
    headers = token_for(app, org)
    lower = {"Authorization": headers["Authorization"].replace("Bearer", "bearer")}
    assert client.get("/api/v1/backlog", headers=lower).status_code == 200
    surrogate = client.post("/api/v1/backlog", data='{"title": "\\ud800"}', headers=headers,
                            content_type="application/json")
    assert surrogate.status_code == 422 and surrogate.get_json()["code"] == "unprocessable_entity"
    nested = client.post("/api/v1/backlog", data="[" * 100_000 + "]" * 100_000, headers=headers,
                         content_type="application/json")
    assert nested.status_code == 400 and nested.get_json()["code"] == "bad_request"
    missing = client.get("/api/v1/nothing-here?lang=fi", headers=headers)
    assert missing.status_code == 404 and missing.get_json() == {"error": "Not Found", "code": "not_found"}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BacklogItem)) == 0
