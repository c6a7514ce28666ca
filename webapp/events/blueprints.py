"""The blueprint objects of events, apart from the modules that hold their routes."""

from flask import Blueprint

event_admin = Blueprint("event_admin", "webapp.events", url_prefix="/staff/<org>/events")
