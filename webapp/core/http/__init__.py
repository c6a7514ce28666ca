"""The HTTP layer every page goes through: request reading (`requests`), security headers
(`headers`), compression (`compression`), static files (`static`) and links (`urls`)."""

from __future__ import annotations

from flask import Flask

from webapp.core.http import static
from webapp.core.http.compression import compress
from webapp.core.http.headers import set_security_headers
from webapp.core.http.requests import AppRequest, BoundedIntConverter, refuse_nul_characters
from webapp.core.i18n import remember_locale
from webapp.core.tokens import SessionInterface


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = AppRequest
    app.session_interface = SessionInterface()
    static.init_app(app)
    app.before_request(refuse_nul_characters)
    app.after_request(remember_locale)
    app.after_request(set_security_headers)
    app.after_request(compress)
