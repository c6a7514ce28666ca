"""The blueprint objects of activities, apart from the modules that hold their routes."""

from flask import Blueprint

activities_admin = Blueprint("activities_admin", "webapp.activities", url_prefix="/staff/<org>/activities")
activities = Blueprint("activities", "webapp.activities", url_prefix="/<org>/activities")
#: `/<org>/activities.ics` sits beside `/<org>/activities`, not under it.
activity_feeds = Blueprint("activity_feeds", "webapp.activities", url_prefix="/<org>")
