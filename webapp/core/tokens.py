"""Every signed token: one cached serializer per key and purpose."""

from __future__ import annotations

import functools
import hmac

from flask import current_app
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.signer import HMACAlgorithm


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
    return _KeptKeySigner(secret_key, salt=salt, algorithm=_KeyedHMAC())


class _KeyedHMAC(HMACAlgorithm):
    """itsdangerous' HMAC-SHA1 (the serializer's default) from an HMAC keyed once per key and
    copied for each signature: the same bytes. Not `hmac.digest`: that one call lets go of the
    interpreter lock, and a server thread that lets go of it may wait to get it back while
    another thread runs (a copy, a short update and the digest keep it)."""

    def __init__(self) -> None:
        super().__init__()
        self._keyed: dict[bytes, hmac.HMAC] = {}

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        keyed = self._keyed.get(key)
        if keyed is None:
            keyed = self._keyed[key] = hmac.new(key, digestmod="sha1")
        signature = keyed.copy()
        signature.update(value)
        return signature.digest()


class _KeptKeySigner(TimestampSigner):
    """itsdangerous' timestamp signer with its signing keys derived once per secret key
    instead of on every signature (derivation is a hash of the purpose and the key, which
    never change for one signer). Its tokens are the serializer signer's, byte for byte."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._derived: dict[bytes | str | None, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        derived = self._derived.get(secret_key)
        if derived is None:
            derived = self._derived[secret_key] = super().derive_key(secret_key)
        return derived
