"""Staff login, logout and password reset under /staff/."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from webapp.audit.services import record
from webapp.auth import services, sessions, signin, sso
from webapp.auth.blueprints import auth as bp
from webapp.auth.forms import LoginForm, NewPasswordForm, PasswordResetRequestForm
from webapp.auth.models import StaffSession
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.i18n import current_locale, format_datetime


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute; 200 per hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    error, status = None, 200
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data, request.remote_addr or "",
                                       device_user_id=services.device_user_id(
                                           request.cookies.get(services.DEVICE_COOKIE)))
        db.session.commit()
        if result.outcome is services.LoginOutcome.OK:
            return signin.password_ok(result.user, form.next.data)
        if result.outcome is services.LoginOutcome.LOCKED:
            error = _("Too many failed attempts. Logging in is blocked until %(time)s.",
                      time=format_datetime(result.locked_until, "short"))
            status = 429
        else:
            error = _("The email address or password is wrong.")
    return render_template("auth/login.html", form=form, error=error, providers=sso.providers()), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session on the server (a saved copy of the cookie opens nothing afterwards) and,
    after a single sign-on, at the provider too when it offers that."""
    row = db.session.get(StaffSession, sessions.current_id() or 0)
    provider_logout = sso.logout_url(row) if row is not None else None
    if row is not None:
        sessions.end(row)
    record("auth.logout", target=current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "success")
    return redirect(provider_logout or url_for("auth.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def request_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data, current_locale())
        db.session.commit()
        flash(_("If the address belongs to a staff account, a link to set a new password "
                "is on its way. The link works for one hour."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@limiter.limit("20 per 15 minutes", methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        problem = services.password_problem(form.password.data, user.email, user.display_name)
        if problem:
            form.password.errors.append(problem)
        else:
            services.set_password(user, form.password.data)
            db.session.commit()
            flash(_("Your password has been changed. You can now log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, user=user)
