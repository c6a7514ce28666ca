"""Every signed token: one cached serializer per key and purpose, and the session cookie's."""

from __future__ import annotations

import functools

from flask import Flask, current_app
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer


@functools.lru_cache(maxsize=16)
def timed_serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    """A signing serializer, built once per key and purpose: it keeps no state between calls,
    and building one costs as much as signing (every survey page signs two tokens)."""
    return URLSafeTimedSerializer(secret_key, salt=salt)


def signer(purpose: str) -> URLSafeTimedSerializer:
    """The serializer that signs and checks the app's tokens for one purpose (the purpose is
    the salt: a password-reset token is no survey token)."""
    return timed_serializer(current_app.config["SECRET_KEY"], purpose)


def value_signer(purpose: str) -> TimestampSigner:
    """The signer of a short text value for one purpose: the same key, purpose and signature as
    `signer()`, without its JSON payload, which takes two thirds of the time. For a token made
    on every view of a page a crowd opens at once (the survey form)."""
    return _value_signer(current_app.config["SECRET_KEY"], purpose)


@functools.lru_cache(maxsize=16)
def _value_signer(secret_key: str, salt: str) -> TimestampSigner:
    made = timed_serializer(secret_key, salt).make_signer()
    assert isinstance(made, TimestampSigner)  # the serializer's own: its tokens' signature
    return made


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
