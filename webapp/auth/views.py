"""Staff login, logout and password reset under /staff/."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from webapp.audit.services import record
from webapp.auth import services
from webapp.auth.blueprints import auth as bp
from webapp.auth.forms import LoginForm, NewPasswordForm, PasswordResetRequestForm
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.http.urls import safe_local_path
from webapp.core.i18n import current_locale, format_datetime


def _safe_next(target: str | None) -> str:
    """Only a path on this site may be a redirect target after login."""
    return safe_local_path(target, url_for("staff.dashboard"))


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
            session.clear()
            login_user(result.user)
            result.user.locale = current_locale()
            db.session.commit()
            response = redirect(_safe_next(form.next.data))
            # This browser has signed in: a stranger's failures never make it wait (M4).
            response.set_cookie(services.DEVICE_COOKIE, services.device_token(result.user),
                                max_age=services.DEVICE_MAX_AGE, path="/staff", httponly=True, samesite="Lax",
                                secure=current_app.config["SESSION_COOKIE_SECURE"])
            return response
        if result.outcome is services.LoginOutcome.LOCKED:
            error = _("Too many failed attempts. Logging in is blocked until %(time)s.",
                      time=format_datetime(result.locked_until, "short"))
            status = 429
        else:
            error = _("The email address or password is wrong.")
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record("auth.logout", target=current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "success")
    return redirect(url_for("auth.login"))


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
