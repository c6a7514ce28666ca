"""For families: /<org>/activities (this week and next, filters that work without JavaScript),
one activity's page, the iCalendar feeds, and an event's feedback survey."""

from __future__ import annotations

import itertools
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, abort, current_app, g, redirect, render_template, request, url_for

from webapp.activities import services
from webapp.activities.blueprints import activities as bp
from webapp.activities.blueprints import activity_feeds
from webapp.activities.models import Activity, ActivityStatus
from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.extensions import csrf, limiter
from webapp.core.http.requests import cross_site
from webapp.core.http.urls import external_url
from webapp.core.i18n import LOCALES, localize
from webapp.guide.models import AUDIENCE_LABELS
from webapp.guide.services import map_href, tel_href
from webapp.surveys import answering
from webapp.surveys.conditions import form_context
from webapp.surveys.models import Channel, Survey, SurveyStatus
from webapp.surveys.services import load_questions

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _published(slug: str) -> Activity:
    activity = services.find_listed(g.organisation, slug)
    if activity is None or activity.status is not ActivityStatus.PUBLISHED:
        abort(404)
    return activity


def _filters() -> tuple[str, str]:
    situation = request.args.get("audience", "")
    language = request.args.get("language", "")
    return (situation if situation in {a.value for a in services.SITUATIONS} else "",
            language if language in LOCALES else "")


@bp.route("", strict_slashes=False)
def index():
    situation, language = _filters()
    everything = services.published(g.organisation)
    chosen = [a for a in everything if services.is_for(a, situation)
              and (not language or language in (a.languages or []))]
    monday, next_monday = services.week_of(today())
    upcoming = services.schedule(chosen, today(), next_monday + timedelta(days=7))
    days = [(day, list(group)) for day, group in itertools.groupby(upcoming, key=lambda o: o.starts.date())]
    return render_template(
        "activities/index.html", days=days, next_monday=next_monday, situation=situation, language=language,
        situations=services.SITUATIONS, audience_labels=AUDIENCE_LABELS, total=len(everything),
        languages=[code for code in LOCALES if any(code in (a.languages or []) for a in everything)])


@bp.route("/<slug>")
def activity(slug: str):
    activity = _published(slug)
    upcoming = services.occurrences(activity, today(), today() + timedelta(days=28))
    return render_template(
        "activities/activity.html", activity=activity, upcoming=upcoming,
        audience_labels={a.value: label for a, label in AUDIENCE_LABELS.items()},
        tel_href=tel_href(activity.contact_phone), map_href=map_href(activity.address),
        feedback_open=_feedback_survey(activity) is not None)


def _calendar(activities: list[Activity], name: str, filename: str) -> Response:
    body = services.calendar(
        activities, name=name, uid_host=urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "yhessa",
        url_for_activity=lambda a: external_url("activities.activity", slug=a.slug))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.max_age = 900  # a phone polls the feed; a quarter of an hour is fresh enough
    return response


@activity_feeds.route("/activities.ics")
def feed():
    """Every published activity, or those for one life situation (`?audience=baby`)."""
    situation, language = _filters()
    chosen = [a for a in services.published(g.organisation) if services.is_for(a, situation)
              and (not language or language in (a.languages or []))]
    name = localize(g.organisation.name)
    if situation:
        name = f"{name}: {dict((a.value, label) for a, label in AUDIENCE_LABELS.items())[situation]}"
    suffix = f"-{situation}" if situation else ""
    return _calendar(chosen, name, f"{g.organisation.slug}-activities{suffix}.ics")


@bp.route("/<slug>.ics")
def activity_feed(slug: str):
    activity = _published(slug)
    return _calendar([activity], localize(activity.title), f"{activity.slug}.ics")


# --- an event's feedback survey ------------------------------------------------------------

def _feedback_survey(activity: Activity) -> Survey | None:
    """The event's feedback survey if families can answer it now."""
    survey = db.session.get(Survey, activity.feedback_survey_id) if activity.feedback_survey_id else None
    if survey is None or survey.organisation_id != activity.organisation_id or survey.status is SurveyStatus.DRAFT \
            or not survey.accepts_answers():
        return None
    return survey


def _feedback_form(survey: Survey, submission=None, token=None, status=200, expired=False):
    load_questions(survey)
    # Every question on one page: this form posts to the event's page, which does not page through.
    context = form_context(survey, submission or answering.Submission(), paged=False)
    return render_template("surveys/answer.html", **context, token=token or answering.issue_token(survey.id),
                           invitation_token=None, expired=expired), status


@bp.route("/<slug>/feedback", methods=["GET", "POST"])
@limiter.limit("120 per minute", methods=["POST"])  # a room full of families answers at once
@csrf.exempt  # no session token: the signed submission token, and cross_site() below
def feedback(slug: str):
    """The event's survey on a table card's QR code: answers carry the channel `event` and the event."""
    activity = _published(slug)
    survey = _feedback_survey(activity)
    if survey is None:
        abort(404)
    if request.method == "GET":
        return _feedback_form(survey)
    token = request.form.get("token")
    nonce = answering.token_nonce(survey, token)
    if answering.was_stored(nonce):
        return redirect(url_for("activities.feedback_thanks", slug=slug))
    try:
        submission = answering.parse_submission(survey, request.form)
    except answering.TamperedForm:
        abort(400)
    if nonce is None or cross_site():  # the survey page's own rule: a signed token, not a session
        return _feedback_form(survey, submission, token=None, status=400, expired=True)
    if submission.errors:
        return _feedback_form(survey, submission, token=token, status=422)
    response = answering.store_response(survey, submission, nonce=nonce, channel=Channel.EVENT)
    if response is not None:
        services.link_feedback(activity, response)
        db.session.commit()
    return redirect(url_for("activities.feedback_thanks", slug=slug))


@bp.route("/<slug>/feedback/thanks")
def feedback_thanks(slug: str):
    activity = _published(slug)
    survey = _feedback_survey(activity)
    return render_template("activities/thanks.html", activity=activity, survey=survey)
