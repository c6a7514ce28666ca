"""The HTTP layer every page goes through: request reading (`requests`), security headers
(`headers`), the session cookie (`sessions`), responses (`responses`), compression
(`compression`), static files (`static`) and links (`urls`)."""

from __future__ import annotations

from flask import Flask

from webapp.core.http import static
from webapp.core.http.compression import compress
from webapp.core.http.headers import SecurityHeaders
from webapp.core.http.requests import AppRequest, BoundedIntConverter, refuse_nul_characters
from webapp.core.http.responses import AppResponse
from webapp.core.http.sessions import SessionInterface
from webapp.core.i18n import remember_locale


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = AppRequest
    app.response_class = AppResponse
    app.session_interface = SessionInterface()
    static.init_app(app)
    app.before_request(refuse_nul_characters)
    app.after_request(remember_locale)
    app.after_request(compress)
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
