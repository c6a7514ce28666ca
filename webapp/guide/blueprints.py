"""The blueprint objects of guide, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

guide_admin = Blueprint("guide_admin", "webapp.guide", url_prefix="/staff/<org>/services")
guide = Blueprint("guide", "webapp.guide", url_prefix="/<org>/services")
