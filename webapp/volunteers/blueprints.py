"""The blueprint objects of volunteers, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

volunteer_admin = Blueprint("volunteer_admin", "webapp.volunteers", url_prefix="/staff/<org>/volunteers")
volunteers = Blueprint("volunteers", "webapp.volunteers", url_prefix="/<org>/join")
