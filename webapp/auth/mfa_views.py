"""The second step of a staff sign-in (authenticator app or recovery code) and setting up the app."""

from __future__ import annotations

from flask import redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth import mfa, signin
from webapp.auth.blueprints import auth as bp
from webapp.auth.forms import EnrolForm, SecondFactorForm
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.i18n import format_datetime


@bp.route("/login/second-factor", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def second_factor():
    """After the password (or a provider that did not ask for one): a code from the app or a
    recovery code."""
    user, pending = signin.pending()
    if user is None:
        return redirect(url_for("auth.login"))
    if not mfa.enrolled(user):
        return redirect(url_for("auth.enrol_second_factor"))
    form = SecondFactorForm()
    error, status = None, 200
    if form.validate_on_submit():
        ok = mfa.verify(user, form.code.data)
        db.session.commit()
        if ok:
            return signin.complete(user, pending.get("m", "password"), pending.get("next"))
        locked = mfa.locked_until(user)
        if locked:
            error, status = _("Too many wrong codes. Try again after %(time)s.",
                              time=format_datetime(locked, "short")), 429
        else:
            error = _("The code is wrong or has already been used.")
    return render_template("auth/second_factor.html", form=form, error=error), status


@bp.route("/login/second-factor/setup", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def enrol_second_factor():
    """Set up the authenticator app: a QR code and the key as text, then a first code. Reached
    during a sign-in that needs it, or by a logged-in staff member who wants it."""
    user, pending = signin.pending()
    if user is None and current_user.is_authenticated:
        user = current_user._get_current_object()
    if user is None:
        return redirect(url_for("auth.login"))
    if mfa.enrolled(user):
        return redirect(url_for("auth.second_factor" if pending else "auth.sessions"))
    form = EnrolForm()
    error = None
    if form.validate_on_submit():
        codes = mfa.confirm(user, form.code.data)
        if codes is not None:
            page = lambda: render_template("auth/recovery_codes.html", codes=codes,  # noqa: E731
                                           next_url=signin.safe_next(pending.get("next")))
            if pending:
                session.pop(signin.PENDING_KEY, None)
                return signin.complete(user, pending.get("m", "password"), pending.get("next"), page=page)
            db.session.commit()
            return page()
        error = _("The code does not match. Check that the time on your phone is right, and type the code "
                  "the app shows now.")
    secret = mfa.pending_secret(user)
    db.session.commit()
    uri = mfa.provisioning_uri(user, secret)
    key = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("auth/enrol_second_factor.html", form=form, error=error, qr=mfa.qr_svg(uri), key=key,
                           required=bool(pending))
