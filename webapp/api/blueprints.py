"""The blueprint objects of api, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

api = Blueprint("api", "webapp.api", url_prefix="/api/v1")
