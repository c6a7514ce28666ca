"""The blueprint objects of regions, apart from the modules that hold their routes."""

from flask import Blueprint

#: The county's staff pages (`/staff/<region>/region/…`) and a member municipality's view of
#: what the county shares into it (`/staff/<municipality>/region/…`).
region_admin = Blueprint("region_admin", "webapp.regions", url_prefix="/staff/<org>/region")
