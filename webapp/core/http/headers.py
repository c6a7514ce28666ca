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


def set_security_headers(response):
    headers = response.headers
    for name, value in security_headers(request.is_secure):
        headers.setdefault(name, value)
    if request.path.startswith("/staff") and "Cache-Control" not in headers:
        headers["Cache-Control"] = "no-store"
    if response.mimetype == "text/html":
        response.vary.update(HTML_VARY)
    return response
