"""Single sign-on for staff through OpenID Connect providers (Entra ID, Keycloak, a county's
own), with Authlib's Flask client: authorization code with PKCE, state and nonce; Authlib
checks the ID token's signature against the provider's JWKS and its issuer, audience and expiry.

A provider's user is matched to a staff account by the provider's `sub` once linked, and on
the first sign-in by a verified email address. Roles stay in Yhessä. The settings are
OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_NAME for one provider (its slug in
the callback address is `default`), or OIDC_PROVIDERS for several (README, deploy/)."""

from __future__ import annotations

import enum
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

import requests
import sqlalchemy as sa
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, url_for

from webapp.audit.services import record
from webapp.auth import services
from webapp.auth.models import SsoIdentity, StaffSession, User
from webapp.core.clock import utcnow
from webapp.core.database import db

log = logging.getLogger(__name__)

#: The slug of the provider set by OIDC_ISSUER & co.: `/staff/login/oidc/default/callback`.
DEFAULT_SLUG = "default"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
#: Seconds to wait for the provider's discovery document, keys and token endpoint.
TIMEOUT = 10
_EXTENSION = "yhessa.sso"


@dataclass(frozen=True)
class Provider:
    """One configured OpenID Connect provider."""

    slug: str
    #: The label on the sign-in button ("Lapin hyvinvointialue", "Kunnan tunnus").
    name: str
    issuer: str
    client_id: str
    client_secret: str
    #: `amr` and `acr` values that show the provider asked for a second factor itself.
    mfa_amr: frozenset[str]
    mfa_acr: frozenset[str]
    #: Take the `email` claim as verified without `email_verified` (Entra ID sends none; its
    #: tenant administrators set the addresses).
    trust_email: bool = False


class Refusal(enum.Enum):
    NO_ACCOUNT = "no_account"
    UNVERIFIED_EMAIL = "unverified_email"
    INACTIVE = "inactive"
    LINKED_ELSEWHERE = "linked_elsewhere"


def _words(value) -> frozenset[str]:
    items = value.split(",") if isinstance(value, str) else (value or ())
    return frozenset(str(item).strip() for item in items if str(item).strip())


def parse_providers(config: Mapping) -> dict[str, Provider]:
    """The providers the settings describe; a RuntimeError says what is wrong with them."""
    entries: dict[str, dict] = {}
    if config.get("OIDC_PROVIDERS"):
        raw = config["OIDC_PROVIDERS"]
        try:
            entries = json.loads(raw) if isinstance(raw, str) else dict(raw)
        except ValueError as error:
            raise RuntimeError(f"OIDC_PROVIDERS is not valid JSON: {error}") from error
        if not isinstance(entries, dict):
            raise RuntimeError('OIDC_PROVIDERS must be a JSON object: {"slug": {"issuer": …}, …}')
    if config.get("OIDC_ISSUER"):
        entries = {DEFAULT_SLUG: {"issuer": config["OIDC_ISSUER"], "client_id": config.get("OIDC_CLIENT_ID"),
                                  "client_secret": config.get("OIDC_CLIENT_SECRET"),
                                  "name": config.get("OIDC_NAME"),
                                  "trust_email": bool(config.get("OIDC_TRUST_EMAIL"))}, **entries}
    providers = {}
    for slug, entry in entries.items():
        if not SLUG.match(str(slug)) or not isinstance(entry, dict):
            raise RuntimeError(f"OIDC provider {slug!r}: the slug must be lower-case letters, digits and dashes")
        missing = [key for key in ("issuer", "client_id", "client_secret") if not entry.get(key)]
        if missing:
            raise RuntimeError(f"OIDC provider {slug!r} lacks {', '.join(missing)}")
        providers[slug] = Provider(
            slug=slug, name=str(entry.get("name") or slug), issuer=str(entry["issuer"]).rstrip("/"),
            client_id=str(entry["client_id"]), client_secret=str(entry["client_secret"]),
            mfa_amr=_words(entry.get("mfa_amr", config.get("OIDC_MFA_AMR", "mfa"))),
            mfa_acr=_words(entry.get("mfa_acr", config.get("OIDC_MFA_ACR", ""))),
            trust_email=bool(entry.get("trust_email", False)))
    return providers


def init_app(app: Flask) -> None:
    """Register every configured provider with an Authlib client of this app."""
    providers = parse_providers(app.config)
    oauth = OAuth(app)
    for provider in providers.values():
        oauth.register(
            provider.slug, client_id=provider.client_id, client_secret=provider.client_secret,
            server_metadata_url=f"{provider.issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256",
                           "default_timeout": TIMEOUT})
    app.extensions[_EXTENSION] = (providers, oauth)


def providers() -> list[Provider]:
    """The configured providers, in the order the settings give them."""
    return list(current_app.extensions[_EXTENSION][0].values())


def provider(slug: str) -> Provider | None:
    return current_app.extensions[_EXTENSION][0].get(slug)


def client(slug: str):
    """Authlib's client of provider `slug`."""
    return current_app.extensions[_EXTENSION][1].create_client(slug)


def mfa_satisfied(provider: Provider, claims: Mapping) -> bool:
    """Whether the provider says it asked for a second factor (its `amr` or `acr` claim)."""
    amr = claims.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    return bool(provider.mfa_amr & {str(value) for value in amr}) or str(claims.get("acr") or "") in provider.mfa_acr


def match_account(provider: Provider, claims: Mapping) -> tuple[User | None, Refusal | None]:
    """The staff account of the provider's user: by issuer and `sub` once linked; on the first
    sign-in by a verified email address, which links them. The caller commits."""
    issuer, subject = str(claims.get("iss") or provider.issuer), str(claims.get("sub") or "")
    identity = db.session.scalar(sa.select(SsoIdentity).where(
        SsoIdentity.issuer == issuer, SsoIdentity.subject == subject))
    now = utcnow()
    if identity is not None:
        user = db.session.get(User, identity.user_id)
        if user is None or not user.is_active_account:
            return None, Refusal.INACTIVE
        identity.last_used_at = now
        return user, None
    email = claims.get("email")
    verified = claims.get("email_verified") is True or provider.trust_email
    if not isinstance(email, str) or not email.strip():
        return None, Refusal.NO_ACCOUNT
    if not verified:
        return None, Refusal.UNVERIFIED_EMAIL
    user = services.find_user(email)
    if user is None and current_app.config.get("OIDC_CREATE_ACCOUNTS"):
        user = services.create_user(email, None, display_name=str(claims.get("name") or "")[:200])
    if user is None:
        return None, Refusal.NO_ACCOUNT
    if not user.is_active_account:
        return None, Refusal.INACTIVE
    linked = db.session.scalar(sa.select(SsoIdentity).where(SsoIdentity.user_id == user.id,
                                                           SsoIdentity.issuer == issuer))
    if linked is not None:  # the address now belongs to someone else at the provider
        return None, Refusal.LINKED_ELSEWHERE
    db.session.add(SsoIdentity(user_id=user.id, issuer=issuer, subject=subject[:255], last_used_at=now))
    record("auth.sso_linked", target=user, actor=user, provider=provider.slug)
    return user, None


def logout_url(row: StaffSession) -> str | None:
    """Where to end the session at the provider too (RP-initiated logout), if the session
    began there and the provider advertises an end_session_endpoint; else None."""
    slug = row.method.removeprefix("oidc:") if row.method.startswith("oidc:") else None
    if slug is None or provider(slug) is None:
        return None
    try:
        app_client = client(slug)
        if not app_client.load_server_metadata().get("end_session_endpoint"):
            return None
        return app_client.create_logout_url(post_logout_redirect_uri=url_for("auth.login", _external=True),
                                            id_token_hint=row.id_token, client_id=provider(slug).client_id)["url"]
    except (requests.RequestException, ValueError) as error:
        log.warning("OIDC provider %s: no logout address (%s)", slug, type(error).__name__)
        return None
