"""Links: local paths from untrusted input, and absolute links on the public address."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def safe_local_path(target: str | None, default: str) -> str:
    """`target` if it is a path on this site (no scheme, host, backslash or control character:
    a CR or LF cannot go into a Location header), else `default`."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not urlsplit(target).scheme and not urlsplit(target).netloc):
        return target
    return default


def external_url(endpoint: str, **values) -> str:
    """An absolute link for emails and posters, on the public address (PUBLIC_BASE_URL);
    works in commands too, where there is no request to build from."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path
