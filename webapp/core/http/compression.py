"""Gzip for text responses (nothing sits in front of gunicorn)."""

from __future__ import annotations

import gzip

from flask import request

from webapp.core.http.headers import add_vary

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")


def accepts_gzip() -> bool:
    """Whether the client takes a gzip-compressed body (every browser does; some tools do not)."""
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def compress(response):
    """Gzip text responses when the client accepts it."""
    if (
        response.status_code < 200
        or response.status_code in (204, 304)
        or response.is_streamed and not response.direct_passthrough
        or "Content-Encoding" in response.headers
        or not response.mimetype.startswith(COMPRESSIBLE)
        or not accepts_gzip()
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
    add_vary(response, ("Accept-Encoding",))
    if response.headers.get("ETag"):
        response.headers["ETag"] = response.headers["ETag"].rstrip('"') + '-gz"'
    return response
