"""Single sign-on through a real OpenID Connect provider on loopback: PKCE, state and nonce,
account matching by verified email then by `sub`, clear refusals, the provider's own second
factor, and logout at the provider too."""

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from
from tests.oidc_provider import COORDINATOR_EMAIL, COORDINATOR_SUB, STRANGER_SUB, Provider
from webapp.audit.models import AuditEvent
from webapp.auth.models import SsoIdentity, StaffSession
from webapp.auth.sso import parse_providers
from webapp.core.database import db


@pytest.fixture(scope="module")
def provider():
    server = Provider().start()
    yield server
    server.stop()


@pytest.fixture
def settings(settings, provider):
    settings.update(provider.settings())
    return settings


@pytest.fixture
def coordinator(factory):
    org = factory.organisation("kittila")
    return factory.user(COORDINATOR_EMAIL, organisation=org)


def sign_in(client, provider, sub, next_url=""):
    """Start at Yhessä, sign in at the provider as `sub`, come back: the callback's response."""
    start = client.get(f"/staff/login/oidc/default{next_url}")
    assert start.status_code == 302
    back = urlsplit(provider.authorize(start.headers["Location"], sub))
    assert back.path == "/staff/login/oidc/default/callback"
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_the_provider(client):
    assert "Lapin hyvinvointialue" in client.get("/staff/login").get_data(as_text=True)


def test_the_request_uses_pkce_state_and_nonce(client, provider):
    query = parse_qs(urlsplit(client.get("/staff/login/oidc/default").headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://localhost/staff/login/oidc/default/callback"]


def test_a_coordinator_signs_in_by_verified_email_and_then_by_sub(app, client, provider, coordinator):
    response = sign_in(client, provider, COORDINATOR_SUB)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert client.get("/staff/kittila/").status_code == 200
    with app.app_context():
        identity = db.session.scalar(sa.select(SsoIdentity))
        assert (identity.user_id, identity.issuer, identity.subject) == (coordinator.id, provider.issuer,
                                                                         COORDINATOR_SUB)
        login = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.login"))
        assert login.actor_id == coordinator.id and login.details["via"] == "oidc:default"

    # The provider changes the address: the link by `sub` still holds.
    provider.set_claims(COORDINATOR_SUB, email="kaisa.k@lapha.example", email_verified=True)
    try:
        other = app.test_client()
        assert sign_in(other, provider, COORDINATOR_SUB).status_code == 302
        assert other.get("/staff/kittila/").status_code == 200
    finally:
        provider.set_claims(COORDINATOR_SUB, email=COORDINATOR_EMAIL, email_verified=True)


def test_someone_without_an_account_is_refused_clearly(app, client, provider, coordinator):
    response = sign_in(client, provider, STRANGER_SUB)
    assert response.status_code == 403
    assert "ei ole Yhessän henkilökunnan tunnusta" in response.get_data(as_text=True)
    assert client.get("/staff/kittila/").status_code == 302
    with app.app_context():
        refused = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.sso_failed"))
        assert refused.details["reason"] == "no_account"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SsoIdentity)) == 0


def test_an_unverified_email_is_not_matched(app, client, provider, coordinator):
    provider.set_claims("unverified-sub", email=COORDINATOR_EMAIL, email_verified=False)
    response = sign_in(client, provider, "unverified-sub")
    assert response.status_code == 403
    assert client.get("/staff/kittila/").status_code == 302


def test_a_callback_without_the_browsers_state_is_refused(client, provider, coordinator):
    start = client.get("/staff/login/oidc/default")
    back = urlsplit(provider.authorize(start.headers["Location"], COORDINATOR_SUB))
    stranger = client.application.test_client()  # another browser: no state, no verifier, no nonce
    response = stranger.get(f"{back.path}?{back.query}")
    assert response.status_code == 400
    assert "Aloita uudelleen" in response.get_data(as_text=True)
    assert stranger.get("/staff/kittila/").status_code == 302


def test_a_cancelled_sign_in_is_a_translated_page(client, provider):
    start = client.get("/staff/login/oidc/default?lang=en")
    assert start.status_code == 302
    response = client.get("/staff/login/oidc/default/callback?error=access_denied&state=x")
    assert response.status_code == 400 and "was cancelled or refused" in response.get_data(as_text=True)


def test_an_unknown_provider_is_not_found(client):
    assert client.get("/staff/login/oidc/nobody/callback").status_code == 404


def test_logout_ends_the_session_at_the_provider_too(app, client, provider, coordinator):
    sign_in(client, provider, COORDINATOR_SUB)
    page = client.get("/staff/sessions").get_data(as_text=True)
    response = client.post("/staff/logout", data={"csrf_token": csrf_from(page)})
    location = urlsplit(response.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == provider.issuer
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/staff/login"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/staff/kittila/").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(StaffSession.id_token)) is None


class TestProviderSecondFactor:
    @pytest.fixture
    def settings(self, settings):
        settings["MFA_REQUIRED_ROLES"] = "coordinator"
        return settings

    def test_the_providers_mfa_counts(self, client, provider, coordinator):
        provider.set_claims("mfa-sub", email=COORDINATOR_EMAIL, email_verified=True, amr=["pwd", "mfa"])
        response = sign_in(client, provider, "mfa-sub")
        assert response.headers["Location"] == "/staff/"
        assert client.get("/staff/kittila/").status_code == 200

    def test_without_it_yhessa_asks_its_own(self, client, provider, coordinator):
        response = sign_in(client, provider, COORDINATOR_SUB)
        assert response.headers["Location"] == "/staff/login/second-factor/setup"
        assert client.get("/staff/kittila/").status_code == 302


def test_several_providers_are_read_from_json():
    providers = parse_providers({"OIDC_PROVIDERS": '{"entra": {"issuer": "https://login.microsoftonline.com/t/v2.0/",'
                                                   ' "client_id": "a", "client_secret": "b", "name": "Entra",'
                                                   ' "trust_email": true},'
                                                   ' "keycloak": {"issuer": "https://kc.example/realms/lappi",'
                                                   ' "client_id": "c", "client_secret": "d", "mfa_acr": "gold"}}'})
    assert list(providers) == ["entra", "keycloak"]
    assert providers["entra"].issuer == "https://login.microsoftonline.com/t/v2.0" and providers["entra"].trust_email
    assert providers["keycloak"].mfa_acr == frozenset({"gold"}) and providers["keycloak"].name == "keycloak"


@pytest.mark.parametrize("value, message", [
    ("{not json", "not valid JSON"),
    ('{"Bad Slug": {}}', "slug"),
    ('{"x": {"issuer": "https://x"}}', "lacks client_id, client_secret"),
])
def test_wrong_provider_settings_stop_the_start(value, message):
    with pytest.raises(RuntimeError, match=message):
        parse_providers({"OIDC_PROVIDERS": value})


class TestAccountsMadeOnFirstSignIn:
    @pytest.fixture
    def settings(self, settings):
        settings["OIDC_CREATE_ACCOUNTS"] = True
        return settings

    def test_a_new_person_gets_an_account_without_roles(self, app, client, provider, coordinator):
        from webapp.auth.models import User

        assert sign_in(client, provider, STRANGER_SUB).status_code == 302
        assert client.get("/staff/").status_code == 200
        assert client.get("/staff/kittila/").status_code == 403  # roles stay in Yhessä
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.email == "ulkopuolinen@example.org"))
            assert user.display_name == "Ulla Ulkopuolinen" and not user.memberships
