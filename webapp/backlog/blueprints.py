"""The blueprint objects of backlog, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

backlog_admin = Blueprint("backlog_admin", "webapp.backlog", url_prefix="/staff/<org>")
backlog_public = Blueprint("backlog_public", "webapp.backlog")
