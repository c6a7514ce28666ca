"""The response class: Flask's, without a second copy of headers that need no change."""

from __future__ import annotations

from flask import Response
from werkzeug.datastructures import Headers

from webapp.core.http.headers import add_html_vary

#: Headers Werkzeug rewrites for the server (made absolute, or taken out): a response with one
#: of them goes through its copy.
_REWRITTEN = frozenset({"location", "content-location"})


class AppResponse(Response):
    """Werkzeug hands the server a copy of every response's headers, made by adding each one
    again with its value checked again, in case it must change one: make a `Location` absolute,
    take `Content-Length` out of a 204 or entity headers out of a 304, or count the length of
    the body. A response that needs none of that (most pages: a 200 with its length set by
    `set_data`) hands over its own headers, which were checked when they were set. Werkzeug
    gives the server a list made from them (`to_wsgi_list`), so `SecurityHeaders` adding to
    that list leaves the response as it was (tests/test_http.py checks it).

    An HTML page also gets here what it varies on (`add_html_vary`), before Werkzeug takes
    `Content-Type` out of a 304."""

    def get_wsgi_headers(self, environ) -> Headers:
        add_html_vary(self)
        status = self.status_code
        if 200 <= status < 300 and status != 204:
            names = {name.lower() for name, _value in self.headers}
            if "content-length" in names and not names & _REWRITTEN:
                return self.headers
        return super().get_wsgi_headers(environ)
