"""The security headers every response carries, and what an HTML page varies on."""

from __future__ import annotations

from flask import request

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
_BY_SCHEME = {is_secure: [(name.lower(), name, value) for name, value in security_headers(is_secure)]
              for is_secure in (False, True)}


def set_security_headers(response):
    """Add the security headers a response does not set itself. (Run on every response: its
    headers are read once, in one pass, not searched name by name.)"""
    headers = response.headers
    present = {name.lower(): value for name, value in headers.items()}
    missing = [(name, value) for lower, name, value in _BY_SCHEME[request.is_secure] if lower not in present]
    if missing:
        headers.extend(missing)
    if "cache-control" not in present and request.path.startswith("/staff"):
        headers["Cache-Control"] = "no-store"
    if present.get("content-type", "").startswith("text/html"):
        _add_vary(headers, present.get("vary"), HTML_VARY)
    return response


def add_vary(response, names) -> None:
    """Add `names` to the response's Vary header, each once (as `response.vary.update`, which
    parses and rebuilds the header and takes several times as long)."""
    _add_vary(response.headers, response.headers.get("Vary"), names)


def _add_vary(headers, current: str | None, names) -> None:
    if not current:
        headers["Vary"] = ", ".join(names)
        return
    have = {part.strip().lower() for part in current.split(",")}
    missing = [name for name in names if name.lower() not in have]
    if missing and "*" not in have:
        headers["Vary"] = ", ".join([current, *missing])
