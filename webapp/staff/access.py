"""Who may do what in an organisation's staff pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g
from flask_login import current_user

from webapp.auth.models import Role
from webapp.extensions import db
from webapp.orgs.models import Organisation

#: Roles that manage an organisation's content (surveys, boards, service areas …).
MANAGERS = (Role.ADMIN, Role.COORDINATOR)
#: The family centre's own roles: reading its staff pages. A partner's staff see only the
#: services guide (their own entries).
ANY_ROLE = (Role.ADMIN, Role.COORDINATOR, Role.CORE_GROUP, Role.STEERING_GROUP)


def organisation_or_404(slug: str) -> Organisation:
    organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        abort(404)
    return organisation


def staff_organisation(slug: str, *roles: Role) -> Organisation:
    """The organisation if the logged-in staff member holds one of `roles` there; else 403."""
    organisation = organisation_or_404(slug)
    if not current_user.has_role(organisation, *(roles or ANY_ROLE)):
        abort(403)
    g.organisation = organisation
    return organisation


def owned_or_404(model, ident, organisation: Organisation | None = None):
    """The row of `model` with id `ident` if it belongs to the organisation (the request's by
    default); a row of another organisation is as unknown as a missing one: 404."""
    row = db.session.get(model, ident) if ident else None
    if row is None or row.organisation_id != (organisation or g.organisation).id:
        abort(404)
    return row


def require_site_admin() -> None:
    if not current_user.is_site_admin:
        abort(403)


def add_organisation_to_urls(endpoint, values) -> None:
    """URL defaults for staff blueprints under /staff/<org>/: links keep the current organisation."""
    if "org" not in values and "organisation" in g:
        values["org"] = g.organisation.slug
