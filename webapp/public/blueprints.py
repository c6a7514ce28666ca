"""The blueprint objects of public, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

public = Blueprint("public", "webapp.public")
