"""The blueprint objects of ideas, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

idea_admin = Blueprint("idea_admin", "webapp.ideas", url_prefix="/staff/<org>")
ideas = Blueprint("ideas", "webapp.ideas", url_prefix="/<org>/ideas")
