"""Staff: idea boards (/staff/<org>/boards) and the moderation queue (/staff/<org>/moderation)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.forms import set_content_locales
from webapp.core.i18n import localize
from webapp.guide import services as guide
from webapp.ideas import services
from webapp.ideas.blueprints import idea_admin as bp
from webapp.ideas.forms import BoardForm, EditPublishForm
from webapp.ideas.models import Comment, Idea, ItemStatus, ModerationMode, RejectReason
from webapp.ideas.text import clean
from webapp.moderation import services as moderation
from webapp.orgs.models import ServiceArea
from webapp.staff.access import MANAGERS, guard, owned_or_404

guard(bp, *MANAGERS)  # boards and moderation: coordinators and admins


def _areas():
    return list(db.session.scalars(sa.select(ServiceArea).where(ServiceArea.organisation_id == g.organisation.id)
                                   .order_by(ServiceArea.position, ServiceArea.id)))


@bp.route("/boards")
def boards():
    return render_template("ideas/manage/boards.html", boards=services.boards_of(g.organisation))


@bp.route("/boards/new", methods=["GET", "POST"], defaults={"board_id": None}, endpoint="create_board")
@bp.route("/boards/<int:board_id>", methods=["GET", "POST"])
def edit_board(board_id: int | None):
    board = owned_or_404(services.Board, board_id) if board_id is not None else None
    form = BoardForm(obj=board)
    form.service_area_ids.choices = [SelectChoice(area.id, localize(area.name)) for area in _areas()]
    if board is not None and request.method == "GET":
        form.moderation.data = board.moderation.value
    set_content_locales(form, g.organisation.content_locales)
    if form.validate_on_submit():
        gaps = missing_required(g.organisation, form.title.data, form.prompt.data) if form.is_open.data else []
        if services.board_slug_taken(g.organisation, form.slug.data, board_id):
            form.slug.errors.append(_("Another board already has this address name."))
        elif gaps:
            form.is_open.errors.append(required_message(gaps))
        else:
            board = services.save_board(
                g.organisation, board, slug=form.slug.data, title=form.title.data, prompt=form.prompt.data,
                service_area_ids=form.service_area_ids.data or [], is_open=form.is_open.data,
                moderation=ModerationMode(form.moderation.data), has_supports=form.has_supports.data,
                has_comments=form.has_comments.data, report_threshold=form.report_threshold.data)
            db.session.commit()
            flash(_("Board saved."), "success")
            return redirect(url_for("idea_admin.boards"))
    return render_template("ideas/manage/board_form.html", form=form, board=board)


def _item(kind: str, item_id: int):
    return owned_or_404({"idea": Idea, "comment": Comment}[kind], item_id)


@bp.route("/moderation")
def moderation_queue():
    waiting = moderation.queue(g.organisation)
    return render_template(
        "ideas/manage/queue.html", ideas=waiting["ideas"], comments=waiting["comments"],
        reports=moderation.open_reports(g.organisation), highlights=moderation.highlights,
        reject_labels=moderation.REJECT_LABELS, areas=_areas(), ItemStatus=ItemStatus,
        corrections=guide.pending_corrections(g.organisation))


@bp.route("/moderation/<any(idea,comment):kind>/<int:item_id>", methods=["GET", "POST"])
def moderate_item(kind: str, item_id: int):
    """One item: publish with edits (redaction), the other actions, with the matches highlighted."""
    item = _item(kind, item_id)
    form = EditPublishForm(obj=item)
    if form.validate_on_submit():
        try:
            moderation.publish(item, title=clean(form.title.data) if kind == "idea" and form.title.data else None,
                               body=clean(form.body.data))
        except moderation.ModerationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Published."), "success")
            return redirect(url_for("idea_admin.moderation_queue"))
    return render_template("ideas/manage/item.html", item=item, kind=kind, form=form,
                           highlights=moderation.highlights(item), reject_labels=moderation.REJECT_LABELS,
                           areas=_areas(), reports=moderation.open_reports(g.organisation).get(f"{kind}:{item.id}", []),
                           guide_entries=guide.services_of(g.organisation) if kind == "idea" else [])


ACTIONS = ("publish", "reject", "hide", "restore", "dismiss", "merge", "area", "service")


def _apply(item, action: str) -> None:
    form = request.form
    if action == "publish":
        moderation.publish(item)
    elif action == "reject":
        try:
            reason = RejectReason(form.get("reason", "other"))
        except ValueError:
            abort(400)
        moderation.reject(item, reason)
    elif action == "hide":
        moderation.hide(item)
    elif action == "restore":
        moderation.restore(item)
    elif action == "dismiss":
        moderation.dismiss_reports(item)
    elif action == "merge" and isinstance(item, Idea):
        target = db.session.get(Idea, form.get("into", type=int) or 0)
        if target is None or target.organisation_id != item.organisation_id:  # a form value: a message, not 404
            raise moderation.ModerationError(_("Choose another published idea on the same board."))
        moderation.merge(item, target)
    elif action == "area" and isinstance(item, Idea):
        area_id = form.get("area", type=int) or None
        if area_id and area_id not in {area.id for area in _areas()}:
            abort(400)
        moderation.set_service_area(item, area_id)
    elif action == "service" and isinstance(item, Idea):
        service_id = form.get("service", type=int) or None
        if service_id and not guide.by_ids(g.organisation, [service_id]):
            abort(400)
        moderation.set_service(item, service_id)
    else:
        abort(400)


@bp.route("/moderation/<any(idea,comment):kind>/<int:item_id>/<action>", methods=["POST"])
def act(kind: str, item_id: int, action: str):
    if action not in ACTIONS:
        abort(404)
    item = _item(kind, item_id)
    try:
        _apply(item, action)
    except moderation.ModerationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Done."), "success")
    return redirect(url_for("idea_admin.moderation_queue"))


@bp.route("/moderation/bulk", methods=["POST"])
def bulk():
    """The same action on every checked item (publish, reject, hide)."""
    action = request.form.get("action")
    if action not in ("publish", "reject", "hide"):
        abort(400)
    chosen = request.form.getlist("items")
    if not chosen:
        flash(_("Choose at least one item."), "error")
        return redirect(url_for("idea_admin.moderation_queue"))
    done = skipped = 0
    for value in chosen:
        kind, _sep, ident = value.partition(":")
        if kind not in ("idea", "comment") or not ident.isdigit():
            abort(400)
        try:
            _apply(_item(kind, int(ident)), action)
            done += 1
        except moderation.ModerationError:
            skipped += 1
    db.session.commit()
    flash(_("Done for %(done)d items; %(skipped)d could not be changed.", done=done, skipped=skipped)
          if skipped else _("Done for %(done)d items.", done=done), "success")
    return redirect(url_for("idea_admin.moderation_queue"))
