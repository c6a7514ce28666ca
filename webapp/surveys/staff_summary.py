"""Publishing a survey's "what we heard" page for families (staff: coordinators and admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import localize
from webapp.staff.access import owned_or_404
from webapp.surveys import summary
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.forms import SummaryForm
from webapp.surveys.models import Survey
from webapp.surveys.services import SurveyRuleError


@bp.route("/<int:survey_id>/summary", methods=["GET", "POST"], endpoint="summary")
def edit_summary(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    form = SummaryForm(data={"questions": survey.summary_question_ids, "note": survey.summary_note}
                       if request.method == "GET" else None)
    form.questions.choices = [(q.id, localize(q.text)) for q in summary.chartable_questions(survey)]
    set_content_locales(form, survey.locales)
    if form.validate_on_submit():
        try:
            summary.publish_summary(survey, form.questions.data or [], form.note.data)
        except SurveyRuleError as error:
            form.questions.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The summary is published for families."), "success")
            return redirect(url_for("survey_admin.summary", survey_id=survey.id))
    return render_template("surveys/manage/summary.html", survey=survey, form=form)


@bp.route("/<int:survey_id>/summary/withdraw", methods=["POST"])
def withdraw_summary(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    summary.withdraw_summary(survey)
    db.session.commit()
    flash(_("The summary is no longer public."), "success")
    return redirect(url_for("survey_admin.summary", survey_id=survey.id))
