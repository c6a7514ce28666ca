"""The end of every staff sign-in (password, second factor, single sign-on): the session is
opened on the server, the browser gets its device cookie, and a sign-in from a browser the
person has not used before is told to them by email."""

from __future__ import annotations

import time

from flask import current_app, make_response, redirect, request, session, url_for
from flask_login import login_user

from webapp.auth import mfa, services, sessions
from webapp.auth.models import User
from webapp.core.database import db
from webapp.core.http.urls import external_url, safe_local_path
from webapp.core.i18n import current_locale
from webapp.outbox.services import enqueue_email

#: Where the session cookie keeps a sign-in that waits for its second factor.
PENDING_KEY = "_mfa_pending"


def safe_next(target: str | None) -> str:
    """Only a path on this site may be a redirect target after login."""
    return safe_local_path(target, url_for("staff.dashboard"))


def complete(user: User, method: str = "password", next_url: str | None = None, id_token: str | None = None,
             page=None):
    """Log `user` in on a new server-side session and answer with the redirect to `next_url`
    (or with `page()`, rendered once they are logged in). Commits."""
    known_browser = services.device_user_id(request.cookies.get(services.DEVICE_COOKIE)) == user.id
    first_ever = not sessions.has_signed_in_before(user)
    session.clear()  # a new session id: nothing from before the sign-in is kept (fixation)
    login_user(user)
    row = sessions.start(user, request.headers.get("User-Agent", ""), method=method, id_token=id_token)
    user.locale = current_locale()
    if not known_browser and not first_ever:
        enqueue_email(user.email, "new_device_sign_in", user.locale, user=user, device=row,
                      device_label=sessions.DEVICE_LABELS[row.device_kind],
                      link=external_url("auth.sessions"), reset_link=external_url("auth.request_reset"))
    db.session.commit()
    response = make_response(page()) if page else redirect(safe_next(next_url))
    # This browser has signed in: a stranger's failures never make it wait (M4), and its next
    # sign-in is no news to its owner.
    response.set_cookie(services.DEVICE_COOKIE, services.device_token(user), max_age=services.DEVICE_MAX_AGE,
                        path="/staff", httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def password_ok(user: User, next_url: str | None):
    """After the right password: the second step when one is needed, else signed in."""
    if not mfa.is_required(user):
        return complete(user, "password", next_url)
    return ask_second_factor(user, "password", next_url)


def ask_second_factor(user: User, method: str, next_url: str | None):
    """Remember who gave their first factor, and send them to the second (or to set one up)."""
    db.session.commit()
    session.clear()
    session[PENDING_KEY] = {"u": user.id, "fp": user.session_fingerprint(), "m": method,
                            "next": safe_next(next_url), "t": int(time.time())}
    endpoint = "auth.second_factor" if mfa.enrolled(user) else "auth.enrol_second_factor"
    return redirect(url_for(endpoint))


def pending() -> tuple[User | None, dict]:
    """The staff member whose sign-in waits for a second factor in this browser, if it is
    recent and their password has not changed since."""
    data = session.get(PENDING_KEY)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None, {}
    if time.time() - data.get("t", 0) > mfa.PENDING_MAX_AGE.total_seconds():
        session.pop(PENDING_KEY, None)
        return None, {}
    user = db.session.get(User, data["u"])
    if user is None or not user.is_active_account or user.session_fingerprint() != data.get("fp"):
        return None, {}
    return user, data
