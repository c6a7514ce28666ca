"""The one reminder to invited developer-clients who have not answered (coordinators and admins)."""

from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from webapp.core.database import db
from webapp.staff.access import owned_or_404
from webapp.surveys import reminders
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.models import Survey


@bp.route("/<int:survey_id>/invitations/remind", methods=["POST"])
def remind(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    if not survey.accepts_answers():
        flash(_("The survey does not take answers now, so no reminder was sent."), "error")
        return redirect(url_for("survey_admin.invitations", survey_id=survey.id))
    sent = reminders.send_reminders(survey, g.organisation)
    db.session.commit()
    flash(ngettext("%(num)d reminder is on its way.", "%(num)d reminders are on their way.", sent), "success")
    return redirect(url_for("survey_admin.invitations", survey_id=survey.id))
