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
    """Add the security headers a response does not set itself. (Run on every response: the
    headers are compared once, not searched one by one.)"""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    headers.extend([(name, value) for lower, name, value in _BY_SCHEME[request.is_secure] if lower not in present])
    if "cache-control" not in present and request.path.startswith("/staff"):
        headers["Cache-Control"] = "no-store"
    if response.mimetype == "text/html":
        add_vary(response, HTML_VARY)
    return response


def add_vary(response, names) -> None:
    """Add `names` to the response's Vary header, each once (as `response.vary.update`, which
    parses and rebuilds the header and takes several times as long)."""
    current = response.headers.get("Vary")
    if not current:
        response.headers["Vary"] = ", ".join(names)
        return
    have = {part.strip().lower() for part in current.split(",")}
    missing = [name for name in names if name.lower() not in have]
    if missing and "*" not in have:
        response.headers["Vary"] = ", ".join([current, *missing])
