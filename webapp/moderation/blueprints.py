"""The blueprint object of moderation, apart from the module that holds its routes."""

from flask import Blueprint

moderation = Blueprint("moderation", "webapp.moderation", url_prefix="/staff/<org>/moderation")
