"""Security headers, gzip compression and content-hashed static files."""

from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path
from urllib.parse import parse_qsl

from flask import Blueprint, Flask, Request, abort, request, send_from_directory, url_for
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from werkzeug.formparser import FormDataParser
from werkzeug.routing import IntegerConverter

STATIC_DIR = Path(__file__).resolve().parent / "static"
ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])

bp = Blueprint("static", __name__)


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in URLs, capped at the largest id a database integer holds: a longer number
    is a 404 rather than an overflow inside SQLite or PostgreSQL."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class LenientFormParser(FormDataParser):
    """Decodes urlencoded bodies with replacement characters instead of dropping the whole
    form on invalid UTF-8, so that validation can say what is wrong and keep the rest."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(stream.read().decode("utf-8", "replace"), keep_blank_values=True,
                          errors="werkzeug.url_quote")
        return stream, self.cls(items), self.cls()


#: Endpoints that take a file larger than a form may be (MAX_CONTENT_LENGTH): bytes allowed.
LARGE_UPLOADS = {"guide_admin.import_file": 3 * 1024 * 1024}


class AppRequest(Request):
    form_data_parser_class = LenientFormParser

    @property
    def max_content_length(self) -> int | None:
        """The app's limit, or a larger one for a spreadsheet upload (the route is known before
        the body is read: CSRF reads the form before any view code runs)."""
        rule = self.url_rule
        if rule is not None and rule.endpoint in LARGE_UPLOADS:
            return LARGE_UPLOADS[rule.endpoint]
        return super().max_content_length


def build_manifest() -> dict[str, str]:
    """`{"app.css": "app.3f2a9c1b.css"}` for every file under static/."""
    manifest = {}
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            name = path.relative_to(STATIC_DIR).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            stem, dot, suffix = name.rpartition(".")
            manifest[name] = f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"
    return manifest


@bp.route("/static/<path:filename>", endpoint="static")
def serve_static(filename: str):
    """Serve a hashed static name for a year; an unhashed or stale name is not cached."""
    from flask import current_app

    manifest = current_app.extensions["static_manifest"]
    originals = current_app.extensions["static_originals"]
    original = originals.get(filename)
    if original is not None:
        return send_from_directory(STATIC_DIR, original, max_age=ONE_YEAR)
    if filename in manifest:
        return send_from_directory(STATIC_DIR, filename, max_age=0)
    abort(404)


def asset_url(name: str) -> str:
    """URL of a static file under its content-hashed name."""
    from flask import current_app

    return url_for("static.static", filename=current_app.extensions["static_manifest"][name])


def security_headers(is_secure: bool) -> list[tuple[str, str]]:
    """The headers every response carries (HSTS only over HTTPS)."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if is_secure:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return headers


#: What an HTML page's content depends on besides its address (the language comes from the
#: `lang` cookie or Accept-Language).
HTML_VARY = ("Cookie", "Accept-Language")


def set_security_headers(response):
    headers = response.headers
    for name, value in security_headers(request.is_secure):
        headers.setdefault(name, value)
    if request.path.startswith("/staff") and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if response.mimetype == "text/html":
        response.vary.update(HTML_VARY)
    return response


def compress(response):
    """Gzip text responses when the client accepts it (nothing sits in front of gunicorn)."""
    if (
        response.status_code < 200
        or response.status_code in (204, 304)
        or response.is_streamed and not response.direct_passthrough
        or "Content-Encoding" in response.headers
        or not response.mimetype.startswith(COMPRESSIBLE)
        or "gzip" not in request.headers.get("Accept-Encoding", "").lower()
    ):
        return response
    if response.direct_passthrough:  # a file from send_file: read it and close it now
        source = response.response
        response.direct_passthrough = False
        response.set_data(b"".join(source))
        if hasattr(source, "close"):
            source.close()
    data = response.get_data()
    if len(data) < 500:
        return response
    response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    if response.headers.get("ETag"):
        response.headers["ETag"] = response.headers["ETag"].rstrip('"') + '-gz"'
    return response


@functools.lru_cache(maxsize=16)
def timed_serializer(secret_key: str, salt: str) -> URLSafeTimedSerializer:
    """A signing serializer, built once per key and purpose: it keeps no state between calls,
    and building one costs as much as signing (every survey page signs two tokens)."""
    return URLSafeTimedSerializer(secret_key, salt=salt)


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


def init_app(app: Flask) -> None:
    from webapp.i18n import remember_locale

    app.request_class = AppRequest
    app.session_interface = SessionInterface()
    manifest = build_manifest()
    app.extensions["static_manifest"] = manifest
    app.extensions["static_originals"] = {hashed: name for name, hashed in manifest.items()}
    app.register_blueprint(bp)
    app.before_request(refuse_nul_characters)
    app.after_request(remember_locale)
    app.after_request(set_security_headers)
    app.after_request(compress)


def refuse_nul_characters() -> None:
    """A NUL character has no place in an address, and PostgreSQL cannot store one: a path or
    query parameter carrying one gets the translated 400 page before any view runs. (Form fields
    are checked by the forms themselves, which keep what was typed and say what is wrong.)"""
    if any("\x00" in value for value in (request.path, *request.args.values())):
        abort(400)


def safe_local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site (no scheme, host or backslash), else `default`."""
    from urllib.parse import urlsplit

    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not urlsplit(target).scheme and not urlsplit(target).netloc):
        return target
    return default


def external_url(endpoint: str, **values) -> str:
    """An absolute link for emails and posters, on the public address (PUBLIC_BASE_URL);
    works in commands too, where there is no request to build from."""
    from flask import current_app, has_request_context

    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
