"""Answering a survey: /<org>/surveys/<slug>, its thank-you page and the /s/<code> short link.

The survey page is what a crowd opens at once from a poster's QR code, so its first visit is
cheap inside Flask's own request handling (every hook runs): one indexed lookup of the survey
with its organisation's version, the page from `page_cache` already compressed, a signed
stateless submission token put in, and no session written.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, g, redirect, render_template, request, session, url_for

from webapp.backlog.models import STATUS_LABELS
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.lookup import RowLookup, current_engine
from webapp.core.extensions import csrf, limiter
from webapp.core.http.compression import accepts_gzip
from webapp.core.http.headers import HTML_VARY
from webapp.core.http.requests import bounded_int, cross_site
from webapp.core.i18n import request_locale
from webapp.events.models import EventTarget
from webapp.events.services import count_accepted, event_from_request
from webapp.orgs.models import Organisation
from webapp.orgs.urls import LOOKED_UP_BY_VIEW, organisation_or_404
from webapp.surveys import answering, conditions, page_cache, summary
from webapp.surveys.blueprints import surveys as bp
from webapp.surveys.models import Survey, SurveyAudience, SurveyStatus, accepts_answers
from webapp.surveys.results import MIN_RESPONSES_SHOWN
from webapp.surveys.services import find_invitation, find_survey, load_questions

#: What decides whether the blank form can come from the page cache, in one query on the two
#: unique indexes (organisation slug; organisation and survey slug). The status, the audience and
#: the two versions come as the database keeps them, unconverted: they are compared and used as
#: the cache key, never shown, and converting them took a third of the lookup's time. The opening
#: times are converted (most surveys have none).
PAGE_LOOKUP = RowLookup(
    sa.select(Survey.id, sa.type_coerce(Survey.status, sa.String), sa.type_coerce(Survey.audience, sa.String),
              Survey.opens_at, Survey.closes_at,
              sa.type_coerce(Survey.updated_at, sa.String), sa.type_coerce(Organisation.updated_at, sa.String))
    .join(Organisation, Organisation.id == Survey.organisation_id)
    .where(Organisation.slug == sa.bindparam("org"), Survey.slug == sa.bindparam("slug"))
)
_OPEN, _PUBLIC = SurveyStatus.OPEN.value, SurveyAudience.PUBLIC.value  # as the database keeps them


def _public_survey(slug: str) -> Survey:
    survey = find_survey(g.organisation, slug)
    if survey is None or survey.status is SurveyStatus.DRAFT or survey.is_template:
        abort(404)
    return survey


def _unavailable(survey: Survey) -> str | None:
    """Why the survey cannot be answered now, as a reason key for the page; None if it can."""
    if survey.accepts_answers():
        return None
    if survey.status is SurveyStatus.OPEN and survey.opens_at is not None and utcnow() < survey.opens_at:
        return "not_yet_open"
    return "closed"


def _render_form(survey, submission=None, token=None, invitation_token=None, status=200, expired=False, page=1):
    load_questions(survey)
    return render_template(
        "surveys/answer.html", **conditions.form_context(survey, submission or answering.Submission(), page),
        token=token or answering.issue_token(survey.id), invitation_token=invitation_token, expired=expired,
    ), status


def _cached_blank_form(slug: str):
    """The blank form from the page cache after one indexed lookup, or None when the page must
    be made in full: not cached yet, a survey not open to everyone now, a personal link, or a
    message waiting in the visitor's session. On a miss the page's cache key is left in
    `g.page_key` for `_blank_form`, so that the page made is kept under the versions looked up
    here. What the page shows is read after this lookup (the request's first ORM query comes
    later, and reads see what is committed then), so it is never older than its key: an edit
    in between makes a page newer than its key, which the next visitor's lookup replaces."""
    if "i" in request.args or _has_messages():
        return None
    row = PAGE_LOOKUP.first(current_engine(), org=g.organisation_slug, slug=slug)
    if row is None:
        return None
    survey_id, status, audience, opens_at, closes_at, survey_version, organisation_version = row
    if audience != _PUBLIC or status != _OPEN or not accepts_answers(SurveyStatus.OPEN, opens_at, closes_at):
        return None
    key = page_cache.page_key(survey_id, survey_version, organisation_version, request_locale(), request.full_path)
    page = page_cache.get(key)
    if page is None:
        g.page_key = key
        return None
    return _page_response(page, survey_id)


def _has_messages() -> bool:
    """Whether a message waits in the visitor's session (looked at only when a session cookie
    came: a first visit has none, and reading the session would mark the response as varying
    on it)."""
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies and bool(session.get("_flashes"))


def _blank_form(survey):
    """The empty form as every family gets it, put in the page cache for the next visitors."""
    key = g.get("page_key")
    if key is None or _has_messages():  # not looked up for the cache (an empty `?i=`), or a message
        return _render_form(survey)
    load_questions(survey)
    page = page_cache.put(key, render_template(
        "surveys/answer.html", **conditions.form_context(survey, answering.Submission()), token=page_cache.TOKEN_SLOT,
        invitation_token=None, expired=False))
    return _page_response(page, survey.id)


def _page_response(page: page_cache.Page, survey_id: int):
    """The cached page with a new submission token, gzip-compressed already when the browser
    takes it (`compress` leaves an encoded body alone)."""
    token = answering.issue_token(survey_id)
    if accepts_gzip():
        return current_app.response_class(page.gzip(token), content_type=_HTML, headers=_GZIPPED)
    return current_app.response_class(page.fill(token), content_type=_HTML, headers=_PLAIN)


#: The page varies on the language (cookie, Accept-Language) and the encoding; said here once,
#: so the after-request hooks find nothing to add.
_VARY = ", ".join(("Accept-Encoding", *HTML_VARY))
_GZIPPED = [("Content-Encoding", "gzip"), ("Vary", _VARY)]
_PLAIN = [("Vary", _VARY)]
_HTML = "text/html; charset=utf-8"


@bp.get("/<org>/surveys/<slug>")
def answer(slug: str):
    """The form: for a first visit to an open public survey, from the page cache."""
    page = _cached_blank_form(slug)
    if page is not None:
        return page
    g.organisation = organisation_or_404(g.organisation_slug)
    return _answer(slug)


LOOKED_UP_BY_VIEW.add("surveys.answer")


@bp.post("/<org>/surveys/<slug>")
# A class of pupils or a waiting room behind one NAT address answers at once: generous per address.
# Turning a page stores nothing and costs what opening the form does, so only sending counts.
@limiter.limit("120 per minute", exempt_when=lambda: request.form.get("move") in PAGE_MOVES)
@csrf.exempt  # no session token: the signed submission token, and cross_site() below
def submit(slug: str):
    return _answer(slug)


def _answer(slug: str):
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
    if request.method != "POST":
        if invitation is not None:
            return _render_form(survey, invitation_token=invitation_token)
        return _blank_form(survey)

    token = request.form.get("token")
    nonce = answering.token_nonce(survey, token)
    if answering.was_stored(nonce):  # a retry of a send that was stored: thanked, not stored again
        return redirect(url_for("surveys.thanks", slug=slug))
    layout = conditions.Layout(load_questions(survey))
    page = _page_number(layout)
    if request.form.get("move") in PAGE_MOVES and len(layout.pages) > 1:
        turned = _turn_page(survey, layout, page, token if nonce else None, invitation_token)
        if turned is not None:
            return turned
    if nonce is None or cross_site():
        # An expired or missing submission token (24 h), or a form sent from another site's page.
        # Nothing is stored and nothing is lost: the answers come back with a new token (the
        # submission token kept while it is valid).
        return _render_form(survey, _parse_or_400(survey, layout), token=token if nonce else None,
                            invitation_token=invitation_token, status=400, expired=True, page=page)
    submission = _parse_or_400(survey, layout)
    if submission.errors:
        return _render_form(survey, submission, token=token, invitation_token=invitation_token, status=422,
                            page=_first_error_page(layout, submission))
    response = answering.store_response(survey, submission, nonce=nonce, invitation=invitation)
    if response is not None:
        count_accepted(event_from_request(g.organisation, EventTarget.SURVEY, survey.id))  # the event page's count
        db.session.commit()
    return redirect(url_for("surveys.thanks", slug=slug))


PAGE_MOVES = ("next", "back")


def _page_number(layout: conditions.Layout) -> int:
    """The page the form was sent from (the form's own field; 1 when missing or out of range)."""
    try:
        number = bounded_int(request.form.get("page", "1"))
    except ValueError:
        return 1
    return number if 1 <= number <= len(layout.pages) else 1


def _turn_page(survey, layout, page: int, token, invitation_token):
    """The next or previous page of a paged form, its answers so far carried along; None when
    "next" has nothing more to show (the answers are then sent)."""
    submission = _parse_or_400(survey, layout, through_page=page)
    carried = answering.Submission(values=submission.values)
    if request.form.get("move") == "back":
        return _render_form(survey, carried, token=token, invitation_token=invitation_token,
                            page=layout.previous_page(request.form, page))
    if submission.errors:
        return _render_form(survey, submission, token=token, invitation_token=invitation_token, status=422,
                            page=_first_error_page(layout, submission))
    following = layout.next_page(request.form, page)
    if following is None:
        return None
    return _render_form(survey, carried, token=token, invitation_token=invitation_token, page=following)


def _first_error_page(layout: conditions.Layout, submission) -> int:
    return min(layout.page_of[question_id] for question_id in submission.errors)


def _parse_or_400(survey, layout=None, through_page=None):
    try:
        return answering.parse_submission(survey, request.form, layout=layout, through_page=through_page)
    except answering.TamperedForm:
        abort(400)


@bp.route("/<org>/surveys/<slug>/thanks")
def thanks(slug: str):
    survey = _public_survey(slug)
    return render_template("surveys/thanks.html", survey=survey)


@bp.route("/<org>/surveys/<slug>/summary")
def summary_page(slug: str):
    """What we heard: the published results for families, in the reader's language."""
    survey = _public_survey(slug)
    if not survey.has_summary:
        abort(404)
    load_questions(survey)
    total, charts = summary.charts(survey)
    return render_template("surveys/summary.html", survey=survey, total=total, charts=charts,
                           items=summary.fed_items(survey), minimum=MIN_RESPONSES_SHOWN,
                           STATUS_LABELS=STATUS_LABELS)


@bp.route("/s/<code>")
def short_link(code: str):
    survey = db.session.scalar(sa.select(Survey).where(Survey.short_code == code.lower()))
    if survey is None or survey.status is SurveyStatus.DRAFT or survey.is_template:
        abort(404)
    organisation = db.session.get(Organisation, survey.organisation_id)
    args = {"lang": request.args["lang"]} if request.args.get("lang") else {}
    return redirect(url_for("surveys.answer", org=organisation.slug, slug=survey.slug, **args))

