"""The session cookie: Flask's signed-cookie sessions, cheaper for a first visit."""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from webapp.core.http.headers import add_vary


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key instead
    of on every request (building one costs as much as signing the cookie)."""

    _built: tuple[tuple, URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built_for, serializer = self._built
        if built_for != keys:
            serializer = super().get_signing_serializer(app)
            self._built = (keys, serializer)
        return serializer

    def save_session(self, app: Flask, session, response) -> None:
        """As Flask's, without its cost for the session of a first visit, which is empty and
        unchanged: only `Vary: Cookie` if it was looked at, added without parsing the header
        again (Flask-Login looks at the session after every request)."""
        if not session and not session.modified:
            if session.accessed:
                add_vary(response, ("Cookie",))
            return
        super().save_session(app, session, response)
