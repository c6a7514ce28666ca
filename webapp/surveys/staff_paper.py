"""Paper and event answers already typed in: the list, a correction, a deletion (staff)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.pagination import page_number
from webapp.staff.access import owned_or_404
from webapp.surveys import answering, paper
from webapp.surveys.blueprints import survey_admin as bp
from webapp.surveys.forms import PaperResponseMeta
from webapp.surveys.models import CHANNEL_LABELS, Channel, Response, Survey


def _typed_response(survey: Survey, response_id: int) -> Response:
    response = owned_or_404(Response, response_id)
    if response.survey_id != survey.id or not paper.is_typed(response):
        abort(404)  # a family's web answer is never opened one by one
    return response


@bp.route("/<int:survey_id>/paper/responses")
def paper_responses(survey_id: int):
    survey = owned_or_404(Survey, survey_id)
    return render_template("surveys/manage/paper_responses.html", survey=survey,
                           responses=paper.typed_responses(survey, page_number()), channels=CHANNEL_LABELS)


@bp.route("/<int:survey_id>/paper/responses/<int:response_id>", methods=["GET", "POST"])
def correct_paper_response(survey_id: int, response_id: int):
    survey = owned_or_404(Survey, survey_id)
    response = _typed_response(survey, response_id)
    meta = PaperResponseMeta(data={"submitted_on": response.submitted_on, "locale": response.locale,
                                   "channel": response.channel.value})
    submission = answering.Submission(values=paper.form_values(survey, response))
    if request.method == "POST":
        try:
            submission = answering.parse_submission(survey, request.form, enforce_required=False)
        except answering.TamperedForm:
            abort(400)
    if meta.validate_on_submit() and not submission.errors:
        paper.correct(survey, response, submission, locale=meta.locale.data, channel=Channel(meta.channel.data),
                      submitted_on=meta.submitted_on.data)
        record("survey.paper_corrected", organisation=g.organisation, target=response, survey=survey.id,
               channel=meta.channel.data, submitted_on=meta.submitted_on.data.isoformat())
        db.session.commit()
        flash(_("The corrected answers were saved."), "success")
        return redirect(url_for("survey_admin.paper_responses", survey_id=survey.id))
    return render_template("surveys/manage/paper_correct.html", survey=survey, meta=meta, submission=submission,
                           response=response)


@bp.route("/<int:survey_id>/paper/responses/<int:response_id>/delete", methods=["POST"])
def delete_paper_response(survey_id: int, response_id: int):
    survey = owned_or_404(Survey, survey_id)
    response = _typed_response(survey, response_id)
    record("survey.paper_deleted", organisation=g.organisation, target=response, survey=survey.id,
           channel=response.channel.value, submitted_on=response.submitted_on.isoformat())
    paper.delete(response)
    db.session.commit()
    flash(_("The typed-in response was deleted."), "success")
    return redirect(url_for("survey_admin.paper_responses", survey_id=survey.id))
