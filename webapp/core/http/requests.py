"""How a request is read: bounded integers in URLs, query strings and forms, forms decoded leniently, upload sizes
per endpoint, and no NUL characters in addresses."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_cookie
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

#: The largest id a database integer column holds (PostgreSQL's `integer`).
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in URLs, capped at the largest id a database integer holds: a longer number
    is a 404 rather than an overflow inside SQLite or PostgreSQL."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def bounded_int(value: str | int) -> int:
    """The one parser of integers from a query string or a form field (ids, page numbers): ASCII
    digits only, 0 to MAX_ID. Anything else raises ValueError, so that
    `request.args.get("area", type=bounded_int)` gives the default, as a missing value does,
    rather than an overflow inside the database."""
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)) or int(text) > MAX_ID:
        raise ValueError(f"not an id: {text[:20]!r}")
    return int(text)


class LenientFormParser(FormDataParser):
    """Decodes urlencoded bodies with replacement characters instead of dropping the whole
    form on invalid UTF-8, so that validation can say what is wrong and keep the rest."""

    def _parse_urlencoded(self, stream, mimetype, content_length, options):
        items = parse_qsl(stream.read().decode("utf-8", "replace"), keep_blank_values=True,
                          errors="werkzeug.url_quote")
        return stream, self.cls(items), self.cls()


#: Endpoints that take a file larger than a form may be (MAX_CONTENT_LENGTH): bytes allowed.
LARGE_UPLOADS = {"guide_admin.import_file": 3 * 1024 * 1024}


class Parameters(ImmutableMultiDict):
    """Query, form and cookie values, where asking for a missing one with `get` returns the
    default without Werkzeug's detour: it raises a KeyError (a 400 error when left uncaught,
    so built with its description) and catches it, a few µs each time. A page asks for several
    absent values on every request (`?lang=`, the language and session cookies)."""

    def get(self, key, default=None, type=None):  # type: ignore[override]  # noqa: A002 (Werkzeug's name)
        if key not in self:
            return default
        return super().get(key, default, type)


class AppRequest(Request):
    form_data_parser_class = LenientFormParser
    parameter_storage_class = Parameters
    dict_storage_class = Parameters

    @cached_property
    def cookies(self) -> Parameters:
        """The cookies, from the one `HTTP_COOKIE` entry of the WSGI environ (as Werkzeug's, which
        finds it by walking every header of the request, for a page that has none)."""
        return parse_cookie(self.environ, cls=self.dict_storage_class)  # type: ignore[return-value]

    @property
    def max_content_length(self) -> int | None:
        """The app's limit, or a larger one for a spreadsheet upload (the route is known before
        the body is read: CSRF reads the form before any view code runs)."""
        rule = self.url_rule
        if self._max_content_length is None and rule is not None and rule.endpoint in LARGE_UPLOADS:
            return LARGE_UPLOADS[rule.endpoint]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        """A limit set on the request itself (Flask allows it per view) wins over both."""
        self._max_content_length = value


def refuse_nul_characters() -> None:
    """A NUL character has no place in an address, and PostgreSQL cannot store one: a path or
    query parameter carrying one gets the translated 400 page before any view runs. (Form fields
    are checked by the forms themselves, which keep what was typed and say what is wrong.)"""
    environ = request.environ  # as sent, so nothing is parsed for a page without parameters
    query = environ.get("QUERY_STRING", "")
    if "\x00" in environ.get("PATH_INFO", "") or "%00" in query or "\x00" in query:
        abort(400)


def cross_site() -> bool:
    """Whether the browser says the form was sent from another site's page. The submission
    token is tied to no session (anyone may fetch one), so cross-site request forgery is
    refused as browsers report it: `Sec-Fetch-Site`, or the `Origin` of older ones. A request
    without either (not a browser, or a very old one) is taken as it comes."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host
