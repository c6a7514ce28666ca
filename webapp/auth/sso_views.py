"""Single sign-on routes: `/staff/login/oidc/<provider>` sends the browser to the provider, and
the provider sends it back to `/staff/login/oidc/<provider>/callback` (registered there)."""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError

from webapp.audit.services import record
from webapp.auth import mfa, signin, sso
from webapp.auth.blueprints import auth as bp
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.i18n import current_locale

log = logging.getLogger(__name__)

#: Where the session cookie keeps the page to return to after the provider.
NEXT_KEY = "_sso_next"


def _provider_or_404(slug: str) -> sso.Provider:
    provider = sso.provider(slug)
    if provider is None:
        abort(404)
    return provider


def _failed(provider: sso.Provider, message: str, status: int, reason: str):
    """A translated page that says why the sign-in did not go through; audited."""
    record("auth.sso_failed", provider=provider.slug, reason=reason)
    db.session.commit()
    return render_template("auth/sso_error.html", provider=provider, message=message), status


@bp.route("/login/oidc/<provider>")
@limiter.limit("30 per minute")
def sso_start(provider: str):
    """Send the browser to the provider (authorization code with PKCE, state and nonce)."""
    chosen = _provider_or_404(provider)
    if current_user.is_authenticated:
        return redirect(url_for("staff.dashboard"))
    session[NEXT_KEY] = signin.safe_next(request.args.get("next"))
    try:
        return sso.client(chosen.slug).authorize_redirect(
            url_for("auth.sso_callback", provider=chosen.slug, _external=True), ui_locales=current_locale())
    except (requests.RequestException, ValueError, AuthlibBaseError) as error:
        log.warning("OIDC provider %s unreachable: %s", chosen.slug, type(error).__name__)
        return _failed(chosen, _("The sign-in service %(name)s cannot be reached just now. Try again in a "
                                 "moment, or log in with your password.", name=chosen.name), 502, "unreachable")


@bp.route("/login/oidc/<provider>/callback")
@limiter.limit("30 per minute")
def sso_callback(provider: str):
    """The provider's answer: check the ID token (Authlib), find the staff account, sign in."""
    chosen = _provider_or_404(provider)
    if request.args.get("error"):
        return _failed(chosen, _("The sign-in at %(name)s was cancelled or refused. You can try again.",
                                 name=chosen.name), 400, "provider_error")
    try:
        token = sso.client(chosen.slug).authorize_access_token()
    except (requests.RequestException, ValueError, AuthlibBaseError, JoseError) as error:
        log.warning("OIDC sign-in through %s failed: %s", chosen.slug, type(error).__name__)
        return _failed(chosen, _("The sign-in through %(name)s could not be checked. Start again from the "
                                 "login page.", name=chosen.name), 400, type(error).__name__)
    claims = token.get("userinfo")
    if not claims:
        return _failed(chosen, _("The sign-in through %(name)s could not be checked. Start again from the "
                                 "login page.", name=chosen.name), 400, "no_id_token")
    user, refusal = sso.match_account(chosen, claims)
    if user is None:
        messages = {
            sso.Refusal.NO_ACCOUNT: _("You signed in at %(name)s, but there is no Yhessä staff account for you. "
                                      "Ask the administrator of your family centre to add you with your work "
                                      "email address.", name=chosen.name),
            sso.Refusal.UNVERIFIED_EMAIL: _("%(name)s did not confirm your email address, so it cannot be matched "
                                            "to a Yhessä staff account. Ask your administrator.", name=chosen.name),
            sso.Refusal.INACTIVE: _("Your Yhessä staff account is not in use. Ask your administrator."),
            sso.Refusal.LINKED_ELSEWHERE: _("Your Yhessä staff account is already linked to another user at "
                                            "%(name)s. Ask your administrator.", name=chosen.name),
        }
        return _failed(chosen, messages[refusal], 403, refusal.value)
    user.last_login_at = utcnow()
    record("auth.login", target=user, actor=user, via=f"oidc:{chosen.slug}")
    next_url = session.pop(NEXT_KEY, None)
    if mfa.is_required(user) and not sso.mfa_satisfied(chosen, claims):
        return signin.ask_second_factor(user, f"oidc:{chosen.slug}", next_url)
    return signin.complete(user, f"oidc:{chosen.slug}", next_url, id_token=token.get("id_token"))
