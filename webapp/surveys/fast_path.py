"""A first visit to an open public survey, answered before Flask's request machinery.

A family scanning the QR poster arrives without cookies and asks for the blank form, and a
waiting room or a school class does so all at once. That page is already rendered
(`page_cache`); what differs per visitor is the CSRF token with the session cookie that holds
it, and the submission token. This WSGI middleware answers exactly that request from the
cache after one database query, which sees any change to the survey or the organisation at
once (their `updated_at` is in the cache key), and gives every other request to Flask
unchanged: a visitor with a session, a query string, a survey that is not open or not public,
a page not rendered yet, a database error. Measured in `bench/` (the throughput budget);
`tests/test_survey_fast_path.py` checks that both ways give the same page, the same headers
and tokens that work.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re

import sqlalchemy as sa
from flask import Flask, request
from flask.sessions import SecureCookieSession
from werkzeug.http import parse_cookie

from webapp.core.database import db
from webapp.core.http.headers import HTML_VARY, security_headers
from webapp.core.i18n import LOCALE_COOKIE, negotiate
from webapp.core.tokens import timed_serializer
from webapp.orgs.models import Organisation
from webapp.surveys import answering, page_cache
from webapp.surveys.models import Survey, SurveyAudience, accepts_answers

#: `/<org>/surveys/<slug>` with slugs as the forms allow them (lower-case letters, digits, -).
PATH = re.compile(r"/([a-z0-9-]{1,80})/surveys/([a-z0-9-]{1,80})")

LOOKUP = (
    sa.select(Survey.id, Survey.status, Survey.audience, Survey.opens_at, Survey.closes_at,
              Survey.updated_at, Organisation.updated_at)
    .join(Organisation, Organisation.id == Survey.organisation_id)
    .where(Organisation.slug == sa.bindparam("org"), Survey.slug == sa.bindparam("slug"))
)

#: Where the fast path leaves a database connection error for Flask to answer (503).
DATABASE_ERROR = "yhessa.database_error"

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.wsgi_app = SurveyFastPath(app, app.wsgi_app)
    # The earliest hook of a request (before the organisation lookup): a database the fast
    # path could not reach is not tried again, so a family waits one connection timeout, not
    # two, for the translated 503 page.
    app.url_value_preprocessors.setdefault(None, []).insert(0, _database_error_seen)


def _database_error_seen(endpoint, values) -> None:
    error = request.environ.get(DATABASE_ERROR)
    if error is not None:
        raise error


class SurveyFastPath:
    """WSGI middleware in front of `app.wsgi_app` (see the module's docstring). It skips every
    before- and after-request hook; `tests/test_survey_fast_path.py` compares its answer with
    Flask's, so a hook that changes the survey page shows up there."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        response = self.cached_page(environ)
        if response is None:
            return self.wsgi_app(environ, start_response)
        return response(environ, start_response)

    def cached_page(self, environ):
        """The response for a first visit to a cached survey page, or None for Flask to answer."""
        match = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if (match is None or environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING")
                or "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", "").lower()):
            return None
        cookies = parse_cookie(environ)
        if any(name != LOCALE_COOKIE for name in cookies):
            return None
        try:
            with self.app.app_context():
                return self._from_cache(environ, match, negotiate(cookies.get(LOCALE_COOKIE, ""),
                                                                   environ.get("HTTP_ACCEPT_LANGUAGE", "")))
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as error:
            environ[DATABASE_ERROR] = error
        except Exception:  # Flask answers instead; the error is logged, not shown
            log.exception("survey fast path failed on %s", environ.get("PATH_INFO"))
        return None

    def _from_cache(self, environ, match, locale: str):
        with db.engine.connect() as connection:
            row = connection.execute(LOOKUP, {"org": match[1], "slug": match[2]}).first()
        if row is None:
            return None
        survey_id, status, audience, opens_at, closes_at, survey_changed, organisation_changed = row
        if audience is not SurveyAudience.PUBLIC or not accepts_answers(status, opens_at, closes_at):
            return None
        page = page_cache.get(page_cache.page_key(survey_id, survey_changed, organisation_changed, locale,
                                                  match[0] + "?"))
        if page is None:
            return None
        session, csrf = self.new_csrf_token()
        return self.respond(environ, page.gzip(csrf, answering.issue_token(survey_id)), session)

    def new_csrf_token(self) -> tuple[SecureCookieSession, str]:
        """A session holding a new raw CSRF token, and the signed token for the form, made as
        `flask_wtf.csrf.generate_csrf` makes them for a visitor without a session."""
        config = self.app.config
        signer = timed_serializer(config.get("WTF_CSRF_SECRET_KEY", self.app.secret_key), "wtf-csrf-token")
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        session = SecureCookieSession()
        session[config.get("WTF_CSRF_FIELD_NAME", "csrf_token")] = raw  # modified: the cookie is set
        return session, signer.dumps(raw)

    def respond(self, environ, compressed: bytes, session: SecureCookieSession):
        """The gzip-compressed page as Flask's after-request handlers would send it: security
        headers, Vary, and the session cookie set by Flask's own session interface."""
        response = self.app.response_class(compressed, mimetype="text/html")
        response.headers.extend(security_headers(environ.get("wsgi.url_scheme") == "https"))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.update(("Accept-Encoding", *HTML_VARY))
        self.app.session_interface.save_session(self.app, session, response)
        return response
