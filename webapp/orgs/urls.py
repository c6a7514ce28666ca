"""The one way an organisation comes from the URL: `<org>` is taken out of every route's
arguments into `g.organisation` (404 for an unknown slug), and put back into links to
routes under the same organisation."""

from __future__ import annotations

from flask import Flask, abort, current_app, g, request

from webapp.orgs.models import Organisation
from webapp.orgs.services import find_organisation

#: Endpoints whose view finds the organisation itself, in the one query that also reads what the
#: page shows (the survey page a crowd opens from a poster: one indexed lookup a visit). For
#: them `<org>` goes into `g.organisation_slug`, and the view sets `g.organisation` when it needs
#: the organisation (`organisation_or_404`).
LOOKED_UP_BY_VIEW: set[str] = set()


def organisation_or_404(slug: str) -> Organisation:
    organisation = find_organisation(slug)
    if organisation is None:
        abort(404)
    return organisation


def load_organisation(endpoint: str | None, values: dict | None) -> None:
    """URL value preprocessor: views never see `org`, they read `g.organisation`."""
    if values and "org" in values:
        slug = values.pop("org")
        if endpoint in LOOKED_UP_BY_VIEW:
            g.organisation_slug = slug
        elif request.path.startswith("/staff/"):
            # Staff routes check the login first, so that a signed-out visitor is sent to the login
            # page whatever the address; the role guard answers 404 for an unknown organisation.
            g.organisation = find_organisation(slug)
        else:
            g.organisation = organisation_or_404(slug)


def add_organisation(endpoint: str, values: dict) -> None:
    """URL defaults: a link to a route under `<org>` keeps the current organisation."""
    if ("org" not in values and g.get("organisation") is not None
            and current_app.url_map.is_endpoint_expecting(endpoint, "org")):
        values["org"] = g.organisation.slug


def init_app(app: Flask) -> None:
    app.url_value_preprocessor(load_organisation)
    app.url_defaults(add_organisation)
