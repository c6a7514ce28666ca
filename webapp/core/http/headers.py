"""The security headers every response carries, and what an HTML page varies on."""

from __future__ import annotations

import functools

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

#: What an HTML page's content depends on besides its address (the language comes from the
#: `lang` cookie or Accept-Language).
HTML_VARY = ("Cookie", "Accept-Language")


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


#: The same per scheme, each with its lower-case name: every response is checked against them.
_BY_SCHEME = {is_secure: [(name.lower(), (name, value)) for name, value in security_headers(is_secure)]
              for is_secure in (False, True)}


class SecurityHeaders:
    """WSGI middleware around the Flask app that gives every response the security headers it
    does not set itself, and `Cache-Control: no-store` on staff pages. It answers nothing
    itself: the app makes every response, with all its hooks, and this adds headers to what
    the app hands the server. (What an HTML page varies on is added by the response itself,
    `AppResponse`, before a 304 loses its `Content-Type`.)

    It was an after-request hook; there it cost a page read more than any other hook (13 µs of
    the survey page's 157 µs), since each header added to a response object is checked again,
    value by value. The headers here are constants, checked once when they were made."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        is_secure = environ.get("wsgi.url_scheme") in ("https", "wss")  # as `request.is_secure`
        staff = environ.get("PATH_INFO", "").startswith("/staff")

        def start_with_headers(status, headers, exc_info=None):
            add_security_headers(headers, is_secure=is_secure, staff=staff)
            return start_response(status, headers, exc_info)

        return self.app(environ, start_with_headers)


def add_security_headers(headers: list[tuple[str, str]], *, is_secure: bool, staff: bool) -> None:
    """Add to a response's WSGI header list what `SecurityHeaders` adds (in place)."""
    present = {name.lower(): value for name, value in headers}
    headers += [pair for lower, pair in _BY_SCHEME[is_secure] if lower not in present]
    if staff and "cache-control" not in present:
        headers.append(("Cache-Control", "no-store"))


def add_vary(response, names: tuple[str, ...]) -> None:
    """Add `names` to the response's Vary header, each once (as `response.vary.update`, which
    parses and rebuilds the header and takes several times as long)."""
    current = response.headers.get("Vary")
    vary = _with_vary(current, tuple(names))
    if vary != current:
        response.headers["Vary"] = vary


def add_html_vary(response) -> None:
    """An HTML page varies on the language (the `lang` cookie, Accept-Language) and the session."""
    if response.mimetype == "text/html":
        add_vary(response, HTML_VARY)


@functools.lru_cache(maxsize=64)
def _with_vary(current: str | None, names: tuple[str, ...]) -> str | None:
    """A `Vary` value that also names `names`, each once; `current` itself when it does.
    (Remembered: the app sends a handful of different values, and every response asks.)"""
    if not current:
        return ", ".join(names)
    have = {part.strip().lower() for part in current.split(",")}
    missing = [name for name in names if name.lower() not in have]
    if missing and "*" not in have:
        return ", ".join([current, *missing])
    return current
