"""The blueprint objects of surveys, apart from the modules that hold their routes (no imports of
the feature's own, so that routes can live in several modules without import cycles)."""

from flask import Blueprint

survey_admin = Blueprint("survey_admin", "webapp.surveys", url_prefix="/staff/<org>/surveys")
surveys = Blueprint("surveys", "webapp.surveys")
