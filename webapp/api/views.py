"""/api/v1: backlog items (list, get, create, change status) and read-only summaries of surveys
and idea boards, for tokens of one organisation. Described by /api/v1/openapi.json."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import abort, g, jsonify, request
from werkzeug.exceptions import HTTPException

from webapp.api import services
from webapp.api.blueprints import api as bp
from webapp.api.openapi import document
from webapp.backlog import services as backlog
from webapp.backlog.models import BacklogItem, BacklogStatus, Priority
from webapp.core.database import db
from webapp.core.errors import api_error_code
from webapp.core.extensions import csrf, limiter
from webapp.core.http.urls import external_url
from webapp.core.text import clean_text, has_unstorable
from webapp.guide import services as guide
from webapp.guide.models import ServiceStatus
from webapp.ideas.models import Board, Idea, IdeaStatus
from webapp.orgs.models import Organisation
from webapp.surveys.models import Response, Survey

csrf.exempt(bp)  # no cookies here: requests carry a bearer token
QUARTER = r"^\d{4}-Q[1-4]$"


def error(status: int, message: str):
    """An error in English, with the status's stable machine-readable code."""
    response = jsonify(error=message, code=api_error_code(status))
    response.status_code = status
    return response


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return error(exc.code or 500, exc.description if isinstance(exc.description, str) else exc.name)


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi":
        return None
    token = services.token_for(request.headers.get("Authorization"))
    if token is None:
        response = error(401, "a valid bearer token is required")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    if request.method not in ("GET", "HEAD") and not token.can_write:
        return error(403, "this token is read-only")
    g.api_token = token
    g.organisation = db.session.get(Organisation, token.organisation_id)
    return None


@bp.after_request
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    db.session.commit()  # keeps the token's last use, and what a write did
    return response


@bp.route("/openapi.json")
def openapi():
    return jsonify(document())


def _item(item_id: int) -> BacklogItem:
    item = backlog.item_of(g.organisation, item_id)
    if item is None:
        abort(404, "no such item")
    return item


def _body() -> dict:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # thousands of nested brackets: not a body this API takes
        abort(400, "the JSON body is nested too deeply")
    if not isinstance(data, dict):
        abort(422, "the body must be a JSON object")
    return data


def _text(data: dict, name: str, limit: int, required: bool = False) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit or has_unstorable(value):
        abort(422, f"{name}: a text of at most {limit} characters is required" if required
              else f"{name}: at most {limit} characters of text")
    return clean_text(value)


@bp.route("/backlog")
@limiter.limit("120 per minute")
def list_items():
    status = request.args.get("status")
    try:
        status = BacklogStatus(status) if status else None
    except ValueError:
        abort(422, "status: unknown value")
    return jsonify(items=[services.item_json(item) for item in backlog.items_of(g.organisation, status=status)])


@bp.route("/backlog/<int:item_id>")
def get_item(item_id: int):
    return jsonify(services.item_json(_item(item_id)))


@bp.route("/backlog", methods=["POST"])
@limiter.limit("60 per minute")
def create_item():
    data = _body()
    title = _text(data, "title", 200, required=True)
    description = _text(data, "description", 5000) or ""
    fields = {}
    if "priority" in data:
        try:
            fields["priority"] = Priority(data["priority"])
        except (ValueError, TypeError):
            abort(422, "priority: one of low, normal, high")
    quarter = _text(data, "target_quarter", 7)
    if quarter:
        if not re.match(QUARTER, quarter):
            abort(422, "target_quarter: like 2027-Q1")
        fields["target_quarter"] = quarter
    responsible = _text(data, "responsible", 200)
    if responsible:
        fields["responsible"] = responsible
    item = backlog.create_item(g.organisation, title=title, description=description, **fields)
    return jsonify(services.item_json(item)), 201


@bp.route("/backlog/<int:item_id>/status", methods=["POST"])
@limiter.limit("60 per minute")
def change_status(item_id: int):
    item = _item(item_id)
    data = _body()
    try:
        status = BacklogStatus(data.get("status"))
    except (ValueError, TypeError):
        abort(422, "status: one of " + ", ".join(s.value for s in BacklogStatus))
    note = _text(data, "note", 2000) or ""
    try:
        backlog.change_status(item, status, note=note)
    except backlog.BacklogRuleError as refused:
        db.session.rollback()
        return error(409, str(refused))
    return jsonify(services.item_json(item))


@bp.route("/surveys")
def surveys():
    counts = dict(db.session.execute(sa.select(Response.survey_id, sa.func.count()).where(
        Response.organisation_id == g.organisation.id).group_by(Response.survey_id)).all())
    rows = db.session.scalars(sa.select(Survey).where(Survey.organisation_id == g.organisation.id)
                              .order_by(Survey.id))
    return jsonify(surveys=[services.survey_json(s, counts.get(s.id, 0)) for s in rows])


def _guide_json(entries):
    areas = {area.id: area for area in g.organisation.service_areas}
    return [services.service_json(entry, areas, external_url("guide.service", org=g.organisation.slug,
                                                             slug=entry.slug)) for entry in entries]


@bp.route("/services")
def list_services():
    """The published entries of the services guide (drafts are never shown)."""
    return jsonify(services=_guide_json(guide.published(g.organisation)))


@bp.route("/services/<slug>")
def get_service(slug: str):
    entry = guide.find_listed(g.organisation, slug)  # the county's shared entries are listed too
    if entry is None or entry.status is not ServiceStatus.PUBLISHED:
        abort(404, "no such service")
    return jsonify(_guide_json([entry])[0])


@bp.route("/boards")
def boards():
    counts = dict(db.session.execute(sa.select(Idea.board_id, sa.func.count()).where(
        Idea.organisation_id == g.organisation.id, Idea.status == IdeaStatus.PUBLISHED).group_by(Idea.board_id)).all())
    rows = db.session.scalars(sa.select(Board).where(Board.organisation_id == g.organisation.id).order_by(Board.id))
    return jsonify(boards=[services.board_json(b, counts.get(b.id, 0)) for b in rows])
