"""A real OpenID Connect provider on loopback (oidc-provider-mock): discovery, JWKS, PKCE,
ID tokens signed with its own key, userinfo and an end-session endpoint. The app talks to it as
it would to Entra ID or Keycloak; Authlib is not mocked."""

from __future__ import annotations

import threading

import oidc_provider_mock
import requests
from werkzeug.serving import WSGIRequestHandler, make_server

#: The staff member at the provider whose verified email is a coordinator's in Yhessä.
COORDINATOR_SUB = "c0a7b2e4-coordinator"
COORDINATOR_EMAIL = "koordinaattori@kittila.example"
#: Someone the provider knows whom no Yhessä account matches.
STRANGER_SUB = "f3e9d1aa-stranger"


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # its lines start with the client's address
        pass


class Provider:
    """The provider's WSGI app served in a thread on 127.0.0.1 (a free port)."""

    def __init__(self):
        app = oidc_provider_mock.app(require_nonce=True, user_claims=[
            oidc_provider_mock.User(sub=COORDINATOR_SUB, claims={
                "email": COORDINATOR_EMAIL, "email_verified": True, "name": "Kaisa Koordinaattori"}),
            oidc_provider_mock.User(sub=STRANGER_SUB, claims={
                "email": "ulkopuolinen@example.org", "email_verified": True, "name": "Ulla Ulkopuolinen"}),
        ])
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()

    def set_claims(self, sub: str, **claims) -> None:
        """What the provider says about `sub` from now on."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorize_url: str, sub: str) -> str:
        """The person `sub` signs in at the provider: the address it sends the browser back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]

    def settings(self, name: str = "Lapin hyvinvointialue") -> dict:
        return {"OIDC_ISSUER": self.issuer, "OIDC_CLIENT_ID": "yhessa", "OIDC_CLIENT_SECRET": "client-secret",
                "OIDC_NAME": name}
