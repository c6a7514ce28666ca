"""Answering a survey: /<org>/surveys/<slug>, its thank-you page and the /s/<code> short link."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.extensions import csrf, limiter
from webapp.core.i18n import current_locale
from webapp.events.models import EventTarget
from webapp.events.services import count_accepted, event_from_request
from webapp.orgs.models import Organisation
from webapp.surveys import answering, page_cache
from webapp.surveys.blueprints import surveys as bp
from webapp.surveys.models import Survey, SurveyAudience, SurveyStatus
from webapp.surveys.services import find_invitation, find_survey, load_questions


def _public_survey(slug: str) -> Survey:
    survey = find_survey(g.organisation, slug)
    if survey is None or survey.status is SurveyStatus.DRAFT:
        abort(404)
    return survey


def _unavailable(survey: Survey) -> str | None:
    """Why the survey cannot be answered now, as a reason key for the page; None if it can."""
    if survey.accepts_answers():
        return None
    if survey.status is SurveyStatus.OPEN and survey.opens_at is not None and utcnow() < survey.opens_at:
        return "not_yet_open"
    return "closed"


def _render_form(survey, submission=None, token=None, invitation_token=None, status=200, expired=False):
    load_questions(survey)
    return render_template(
        "surveys/answer.html", survey=survey, submission=submission or answering.Submission(),
        token=token or answering.issue_token(survey.id), invitation_token=invitation_token, expired=expired,
        csrf=generate_csrf(),
    ), status


def _blank_form(survey):
    """The empty form as every family gets it, from the page cache when possible."""
    if session.get("_flashes"):
        return _render_form(survey)
    key = page_cache.page_key(survey.id, survey.updated_at, g.organisation.updated_at, current_locale(),
                              request.full_path)
    page = page_cache.get(key)
    if page is None:
        load_questions(survey)
        page = page_cache.put(key, render_template(
            "surveys/answer.html", survey=survey, submission=answering.Submission(), token=page_cache.TOKEN_SLOT,
            invitation_token=None, expired=False, csrf=page_cache.CSRF_SLOT))
    return page.fill(generate_csrf(), answering.issue_token(survey.id))


@bp.route("/<org>/surveys/<slug>", methods=["GET", "POST"])
# A class of pupils or a waiting room behind one NAT address answers at once: generous per address.
@limiter.limit("120 per minute", methods=["POST"])
@csrf.exempt  # checked in the view: see _csrf_valid
def answer(slug: str):
    survey = _public_survey(slug)
    reason = _unavailable(survey)
    if reason:
        return render_template("surveys/unavailable.html", survey=survey, reason=reason)
    invitation_token = request.values.get("i")
    invitation = None
    # A personal link works once, whoever else may answer: an invitation-only survey needs one,
    # and on a public survey a used link says so rather than counting the person twice.
    if survey.audience is SurveyAudience.INVITATION or invitation_token:
        invitation = find_invitation(survey, invitation_token)
        if invitation is None:
            if request.method == "POST" and answering.was_stored(
                    answering.token_nonce(survey, request.form.get("token"))):
                return redirect(url_for("surveys.thanks", slug=slug))
            return render_template("surveys/unavailable.html", survey=survey,
                                   reason="invitation" if survey.audience is SurveyAudience.INVITATION else "link_used")
    if request.method == "GET":
        if invitation is not None:
            return _render_form(survey, invitation_token=invitation_token)
        return _blank_form(survey)

    token = request.form.get("token")
    nonce = answering.token_nonce(survey, token)
    if answering.was_stored(nonce):  # a retry of a send that was stored: thanked, not stored again
        return redirect(url_for("surveys.thanks", slug=slug))
    if nonce is None or not _csrf_valid():
        # An expired or missing token: the submission's (24 h), or the CSRF token of the session
        # (8 h; a phone may also drop the cookie). Nothing is stored and nothing is lost: the
        # answers come back with new tokens (the submission token kept while it is valid).
        return _render_form(survey, _parse_or_400(survey), token=token if nonce else None,
                            invitation_token=invitation_token, status=400, expired=True)
    submission = _parse_or_400(survey)
    if submission.errors:
        return _render_form(survey, submission, token=token, invitation_token=invitation_token, status=422)
    response = answering.store_response(survey, submission, nonce=nonce, invitation=invitation)
    if response is not None:
        count_accepted(event_from_request(g.organisation, EventTarget.SURVEY, survey.id))  # the event page's count
        db.session.commit()
    return redirect(url_for("surveys.thanks", slug=slug))


def _csrf_valid() -> bool:
    """The form's CSRF token, checked here rather than before the view (the view is exempt
    from CSRFProtect's check) so that a family whose token ran out gets their answers back."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return False
    return True


def _parse_or_400(survey):
    try:
        return answering.parse_submission(survey, request.form)
    except answering.TamperedForm:
        abort(400)


@bp.route("/<org>/surveys/<slug>/thanks")
def thanks(slug: str):
    survey = _public_survey(slug)
    return render_template("surveys/thanks.html", survey=survey)


@bp.route("/s/<code>")
def short_link(code: str):
    survey = db.session.scalar(sa.select(Survey).where(Survey.short_code == code.lower()))
    if survey is None or survey.status is SurveyStatus.DRAFT:
        abort(404)
    organisation = db.session.get(Organisation, survey.organisation_id)
    args = {"lang": request.args["lang"]} if request.args.get("lang") else {}
    return redirect(url_for("surveys.answer", org=organisation.slug, slug=survey.slug, **args))

