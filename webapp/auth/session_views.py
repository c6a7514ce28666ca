"""A staff member's own sessions: where they are signed in, and ending them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from webapp.audit.services import record
from webapp.auth import mfa, sessions
from webapp.auth.blueprints import auth as bp
from webapp.auth.models import StaffSession
from webapp.core.database import db


@bp.route("/sessions", endpoint="sessions")
@login_required
def sessions_page():
    """Every browser where the staff member is signed in (device, browser, start, last
    activity; never an address), and the second factor's state."""
    user = current_user._get_current_object()
    return render_template("auth/sessions.html", rows=sessions.active(user), this_id=sessions.current_id(),
                           labels=sessions.DEVICE_LABELS, enrolled=mfa.enrolled(user),
                           recovery_left=mfa.remaining_recovery_codes(user))


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    """End one of the staff member's other sessions; at once, on every request after this."""
    row = db.session.get(StaffSession, session_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    if row.id == sessions.current_id():
        flash(_("To end this session, log out."), "error")
        return redirect(url_for("auth.sessions"))
    sessions.end(row)
    record("auth.session_ended", target=current_user._get_current_object(), session=row.id)
    db.session.commit()
    flash(_("The session was ended."), "success")
    return redirect(url_for("auth.sessions"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    """End every session of the staff member but this one."""
    count = sessions.end_all(current_user._get_current_object(), keep=sessions.current_id())
    record("auth.session_ended", target=current_user._get_current_object(), count=count)
    db.session.commit()
    flash(ngettext("%(num)d other session was ended.", "%(num)d other sessions were ended.", count), "success")
    return redirect(url_for("auth.sessions"))
