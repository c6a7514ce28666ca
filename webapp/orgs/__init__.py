"""Organisations (family-centre networks, the tenants) and their service areas."""

from flask import Flask


def init_app(app: Flask) -> None:
    """`<org>` in every URL becomes `g.organisation`."""
    from webapp.orgs import urls

    urls.init_app(app)
