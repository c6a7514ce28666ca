"""The public progress page: /<org>/progress ("you said, we did")."""

from __future__ import annotations

from datetime import timedelta

from flask import g, render_template, request

from webapp.backlog import services
from webapp.backlog.blueprints import backlog_public as bp
from webapp.backlog.models import STATUS_LABELS, SourceKind
from webapp.core.clock import utcnow
from webapp.core.http.requests import bounded_int
from webapp.guide import services as guide
from webapp.orgs.services import service_areas


@bp.route("/<org>/progress")
def progress():
    area_id = request.args.get("area", type=bounded_int)
    areas = service_areas(g.organisation, active_only=True)
    items = services.public_items(g.organisation, area_id)
    entries = {entry.id: entry for entry in guide.published(g.organisation)}
    return render_template("backlog/progress.html", items=items, areas=areas, area_id=area_id, entries=entries,
                           service_changes=guide.recent_public_changes(g.organisation, utcnow() - timedelta(days=365)),
                           counts={item.id: services.source_counts(item) for item in items},
                           STATUS_LABELS=STATUS_LABELS, IDEA=SourceKind.IDEA,
                           ANSWER=SourceKind.SURVEY_ANSWER)
