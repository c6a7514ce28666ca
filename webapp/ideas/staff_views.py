"""Staff: idea boards (/staff/<org>/boards). Their moderation queue is the moderation package's."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.core.content_languages import missing_required, required_message
from webapp.core.database import db
from webapp.core.forms import content_choice, set_content_locales
from webapp.core.http.requests import bounded_int
from webapp.core.pagination import page_number, paginate
from webapp.ideas import services
from webapp.ideas.blueprints import idea_admin as bp
from webapp.ideas.forms import BoardForm
from webapp.ideas.models import IDEA_STATUS_LABELS, IdeaStatus, ModerationMode
from webapp.orgs.services import service_areas
from webapp.staff.access import MANAGERS, guard, owned_or_404

guard(bp, *MANAGERS)  # boards: coordinators and admins


IDEAS_PER_PAGE = 50


@bp.route("/ideas")
def ideas():
    """Every idea of the organisation, of every status, with its number: filtered by board, status,
    service area and possible personal data, searched by words, paged; each opens its staff page."""
    args = request.args
    status = args.get("status") if args.get("status") in {s.value for s in IdeaStatus} else None
    filters = dict(board_id=args.get("board", type=bounded_int), status=IdeaStatus(status) if status else None,
                   area_id=args.get("area", type=bounded_int), flagged=args.get("flagged") == "1",
                   search=args.get("q", "")[:100])
    listing = paginate(services.staff_listing(g.organisation, **filters), page=page_number(),
                       per_page=IDEAS_PER_PAGE)
    return render_template("ideas/manage/ideas.html", ideas=listing, filters=filters,
                           boards=services.boards_of(g.organisation), areas=service_areas(g.organisation),
                           IdeaStatus=IdeaStatus, STATUS_NAMES=IDEA_STATUS_LABELS)


@bp.route("/boards")
def boards():
    return render_template("ideas/manage/boards.html", boards=services.boards_of(g.organisation))


@bp.route("/boards/new", methods=["GET", "POST"], defaults={"board_id": None}, endpoint="create_board")
@bp.route("/boards/<int:board_id>", methods=["GET", "POST"])
def edit_board(board_id: int | None):
    board = owned_or_404(services.Board, board_id) if board_id is not None else None
    form = BoardForm(obj=board)
    form.service_area_ids.choices = [content_choice(area.id, area.name)
                                     for area in service_areas(g.organisation)]
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
