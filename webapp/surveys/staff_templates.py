"""Copying surveys and the shared template library (staff: coordinators and admins)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.staff.access import owned_or_404
from webapp.surveys import templates_library
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.models import Survey
from webapp.surveys.services import SurveyRuleError


@bp.route("/<int:survey_id>/copy", methods=["POST"])
def copy(survey_id: int):
    """A new draft with the same questions and options in every language."""
    survey = owned_or_404(Survey, survey_id)
    copied = templates_library.copy_survey(survey, g.organisation)
    db.session.commit()
    flash(_("The survey was copied as a new draft. Check its address name and title."), "success")
    return redirect(url_for("survey_admin.edit", survey_id=copied.id))


@bp.route("/<int:survey_id>/publish-template", methods=["POST"])
def publish_template(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    try:
        templates_library.publish_as_template(survey, g.organisation)
    except SurveyRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("survey_admin.edit", survey_id=survey.id))
    db.session.commit()
    flash(_("The survey is now a template that every family centre can start from."), "success")
    return redirect(url_for("survey_admin.templates"))


@bp.route("/templates")
def templates():
    library = templates_library.template_library(g.organisation)
    owners = {o.id: o for o in db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_({t.organisation_id for t in library})))}
    counts = {t.id: len(t.active_questions) for t in library}
    return render_template("surveys/manage/templates.html", library=library, owners=owners, counts=counts)


@bp.route("/templates/<int:template_id>/use", methods=["POST"])
def use_template(template_id: int):
    """Start a new draft survey of this organisation from a template of the library."""
    template = templates_library.template_of(template_id)
    if template is None:
        abort(404)
    survey = templates_library.copy_survey(template, g.organisation)
    db.session.commit()
    flash(_("A new draft survey was made from the template. Check its address name and title."), "success")
    return redirect(url_for("survey_admin.edit", survey_id=survey.id))


@bp.route("/templates/<int:template_id>/withdraw", methods=["POST"])
def withdraw_template(template_id: int):
    """Take one of the organisation's own templates out of the library."""
    template = templates_library.template_of(template_id)
    if template is None or template.organisation_id != g.organisation.id:
        abort(404)
    templates_library.withdraw_template(template, g.organisation)
    db.session.commit()
    flash(_("The template was taken out of the library."), "success")
    return redirect(url_for("survey_admin.templates"))
