"""The blueprint objects of network, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

network_admin = Blueprint("network_admin", "webapp.network", url_prefix="/staff/<org>/network")
handbook_admin = Blueprint("handbook_admin", "webapp.network", url_prefix="/staff/<org>/handbook")
network = Blueprint("network", "webapp.network", url_prefix="/<org>")
