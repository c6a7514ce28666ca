"""The blueprint objects of staff, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

staff = Blueprint("staff", "webapp.staff", url_prefix="/staff")
