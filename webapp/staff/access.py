"""Who may do what in an organisation's staff pages."""

from __future__ import annotations

from flask import Blueprint, abort, g, request
from flask_login import current_user, login_required

from webapp.auth.models import Role
from webapp.core.database import db
from webapp.orgs.models import Organisation

#: Roles that manage an organisation's content (surveys, boards, service areas …).
MANAGERS = (Role.ADMIN, Role.COORDINATOR)
#: The family centre's own roles: reading its staff pages. A partner's staff see only the
#: services guide (their own entries).
ANY_ROLE = (Role.ADMIN, Role.COORDINATOR, Role.CORE_GROUP, Role.STEERING_GROUP)


def staff_organisation(*roles: Role) -> Organisation:
    """The URL's organisation if the logged-in staff member holds one of `roles` there (any of
    the family centre's own roles by default); else 403."""
    organisation = g.organisation
    if organisation is None:
        abort(404)
    if not current_user.has_role(organisation, *(roles or ANY_ROLE)):
        abort(403)
    return organisation


def guard(blueprint: Blueprint, *roles: Role, readers: tuple[Role, ...] | None = None,
          read_endpoints: frozenset[str] | None = None) -> None:
    """The one role guard of a staff blueprint: every route needs a logged-in user holding one
    of `roles` in the URL's organisation. With `readers`, GET and HEAD requests (only those of
    `read_endpoints`, when given) need one of `readers` instead."""

    @blueprint.before_request
    @login_required
    def require_role() -> None:
        reading = (readers is not None and request.method in ("GET", "HEAD")
                   and (read_endpoints is None or request.endpoint in read_endpoints))
        staff_organisation(*(readers if reading else roles))


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

