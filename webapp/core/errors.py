"""Translated error pages; the transaction is rolled back on errors."""

from __future__ import annotations

import logging
import re

import sqlalchemy.exc
from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.http import HTTP_STATUS_CODES

from webapp.core.database import db

log = logging.getLogger(__name__)

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The page could not handle what was sent. Go back and try again.")),
    403: (_l("No access"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("The address may be mistyped, or the page has been removed.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("What you sent was too large. Shorten the text and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong"),
          _l("An error occurred on our side. Nothing you sent was saved. Please try again in a moment.")),
    503: (_l("Service temporarily unavailable"),
          _l("The service is down for a moment. Nothing you sent was saved. Please try again in a few minutes.")),
}
CSRF_TEXT = (
    _l("The form has expired"),
    _l("For your security the form is valid for a limited time. Go back, reload the page and send the form again."),
)


def api_error_code(status: int) -> str:
    """The API's stable, machine-readable name of an HTTP status: 404 is `not_found`."""
    return re.sub(r"[^a-z]+", "_", HTTP_STATUS_CODES.get(status, "error").lower()).strip("_")


def render_error(code: int, title=None, message=None):
    if request.path.startswith("/api/"):  # the API answers in JSON and in English, whatever went wrong
        return jsonify(error=HTTP_STATUS_CODES.get(code, "Error"), code=api_error_code(code)), code
    fallback = ERROR_TEXTS[500] if code >= 500 else ERROR_TEXTS[400]
    default_title, default_message = ERROR_TEXTS.get(code, fallback)
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        db.session.rollback()
        return render_error(400, *CSRF_TEXT)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        db.session.rollback()
        body, code = render_error(error.code)  # JSON under /api/
        headers = {}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        return body, code, headers

    @app.errorhandler(sqlalchemy.exc.OperationalError)
    @app.errorhandler(sqlalchemy.exc.InterfaceError)
    def database_unavailable(error):
        log.error("database unavailable on %s %s: %s", request.method, request.path, error)
        _safe_rollback()
        body, code = render_error(503)
        return body, code, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def server_error(error):
        log.exception("unhandled error on %s %s", request.method, request.path)
        _safe_rollback()
        return render_error(500)


def _safe_rollback() -> None:
    try:
        db.session.rollback()
    except sqlalchemy.exc.SQLAlchemyError:
        log.exception("rollback failed")
