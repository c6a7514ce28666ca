"""Public idea boards: /<org>/ideas/<board>, posting, an idea's page, support, comment, report."""

from __future__ import annotations

import secrets

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from webapp.backlog.models import STATUS_LABELS
from webapp.backlog.services import item_for_idea
from webapp.core.clock import today
from webapp.core.database import db
from webapp.core.extensions import limiter
from webapp.core.forms import content_choice
from webapp.core.http.requests import bounded_int
from webapp.core.http.urls import safe_local_path
from webapp.core.i18n import current_locale
from webapp.core.limits import LIMIT_MESSAGE, PostLimit, client_address
from webapp.events.models import EventTarget
from webapp.events.services import PostGate, event_from_request
from webapp.guide import services as guide
from webapp.ideas import services
from webapp.ideas.blueprints import ideas as bp
from webapp.ideas.forms import CommentForm, IdeaForm, ReportForm
from webapp.ideas.models import Comment, Idea, IdeaStatus, ReportReason
from webapp.orgs.models import ServiceArea

BROWSER_COOKIE = "yhessa_browser"
#: Ideas stored per address (a family, or a few behind one NAT); an event's code lifts it for a crowd.
IDEA_LIMIT = PostLimit("idea-posts", "10 per 10 minutes; 60 per day")
COMMENT_LIMIT = PostLimit("idea-comments", "10 per 10 minutes; 60 per day")
#: Supports one address may give one idea in a day (SUPPORTS_PER_ADDRESS_PER_IDEA), whatever the
#: browser cookie says: a school class on one network counts, a script dropping its cookie does not.
SUPPORT_LIMIT_SCOPE = "idea-supports"


def _board(slug: str):
    board = services.find_board(g.organisation, slug)
    if board is None:
        abort(404)
    return board


def _idea(board, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.board_id != board.id:
        abort(404)
    if idea.status is IdeaStatus.MERGED and idea.merged_into_id:  # a duplicate: go to the idea it joined
        abort(redirect(url_for("ideas.idea", board=board.slug, idea_id=idea.merged_into_id)))
    if idea.status is not IdeaStatus.PUBLISHED:
        abort(404)
    return idea


def _browser_id() -> str | None:
    value = request.cookies.get(BROWSER_COOKIE, "")
    return value if 20 <= len(value) <= 64 else None


def _with_browser_cookie(response, browser_id: str):
    response.set_cookie(BROWSER_COOKIE, browser_id, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _area_choices(board) -> list[SelectChoice]:
    return [SelectChoice(0, _("Not sure"))] + [content_choice(area.id, area.name)
                                               for area in services.board_areas(board)]


@bp.route("/<board>")
def board(board: str):
    board = _board(board)
    order = "supported" if request.args.get("order") == "supported" else "new"
    area_id = request.args.get("area", type=bounded_int)
    ideas = services.published_ideas(board, order=order, area_id=area_id)
    areas = {area.id: area for area in services.board_areas(board)}
    return render_template("ideas/board.html", board=board, ideas=ideas, order=order, area_id=area_id, areas=areas)


@bp.route("/<board>/new", methods=["GET", "POST"])
# Attempts, for floods only: what counts for people is IDEA_LIMIT, on ideas stored.
@limiter.limit("120 per 10 minutes", methods=["POST"])
def new(board: str):
    board = _board(board)
    if not board.is_open:
        return render_template("ideas/closed.html", board=board)
    form = IdeaForm()
    form.service_area.choices = _area_choices(board)
    gate = PostGate(IDEA_LIMIT, event_from_request(g.organisation, EventTarget.BOARD, board.id))
    if form.validate_on_submit():
        if form.website.data:  # a bot filled the hidden field: say thanks, store nothing
            return redirect(url_for("ideas.posted", board=board.slug, status="pending"))
        if gate.is_closed():  # the form comes back with everything typed
            db.session.commit()  # the event's count of refused posts
            return render_template("ideas/new.html", board=board, form=form, limit_message=LIMIT_MESSAGE), 429
        area_id = form.service_area.data or None
        if area_id and area_id not in {a.id for a in services.board_areas(board)}:
            area_id = None
        idea = services.post_idea(board, title=form.title.data, body=form.body.data,
                                  locale=current_locale(), nickname=form.nickname.data or "",
                                  email=form.email.data or "", service_area_id=area_id)
        gate.passed()
        db.session.commit()
        return redirect(url_for("ideas.posted", board=board.slug, status=idea.status.value,
                                idea=idea.id if idea.status is IdeaStatus.PUBLISHED else None,
                                event=gate.event.code if gate.event else None))
    return render_template("ideas/new.html", board=board, form=form), 422 if form.errors else 200


@bp.route("/<board>/posted")
def posted(board: str):
    board = _board(board)
    return render_template("ideas/posted.html", board=board, published=request.args.get("status") == "published",
                           idea_id=request.args.get("idea", type=bounded_int))


@bp.route("/<board>/<int:idea_id>")
def idea(board: str, idea_id: int):
    board = _board(board)
    return _idea_page(board, _idea(board, idea_id), CommentForm())


def _idea_page(board, idea: Idea, comment_form: CommentForm, status: int = 200):
    """The idea's page: its context (service area, guide entry, what became of it in the
    backlog), published comments and the comment form, fresh or with what was typed."""
    comments = [c for c in idea.comments if c.status is IdeaStatus.PUBLISHED]
    backlog_item = item_for_idea(idea)
    return render_template("ideas/idea.html", board=board, idea=idea, comments=comments,
                           backlog_item=backlog_item,
                           backlog_status=STATUS_LABELS[backlog_item.status] if backlog_item else None,
                           comment_form=comment_form, report_form=ReportForm(),
                           supported=services.has_supported(idea, _browser_id()),
                           area=db.session.get(ServiceArea, idea.service_area_id) if idea.service_area_id else None,
                           guide_entry=guide.published_entry(g.organisation, idea.service_id)), status


@bp.route("/<board>/<int:idea_id>/support", methods=["POST"])
@limiter.limit("30 per minute; 300 per day")
def support(board: str, idea_id: int):
    board = _board(board)
    idea = _idea(board, idea_id)
    if not board.has_supports:
        abort(404)
    browser_id = _browser_id() or secrets.token_urlsafe(24)
    limit = PostLimit(SUPPORT_LIMIT_SCOPE, f"{current_app.config['SUPPORTS_PER_ADDRESS_PER_IDEA']} per day")
    address_key = (client_address(), str(idea.id))
    if services.has_supported(idea, browser_id):
        flash(_("You have already supported this idea."), "success")
    elif limit.is_reached(*address_key):
        flash(_("This idea has had many supports from this network today. Please support it again tomorrow."),
              "error")
    elif services.support(idea, browser_id):
        limit.count(*address_key)
        flash(_("Thank you for your support!"), "success")
    else:  # a double tap that raced the first
        flash(_("You have already supported this idea."), "success")
    db.session.commit()
    back = safe_local_path(request.form.get("back"), url_for("ideas.idea", board=board.slug,
                                                             idea_id=idea.id))
    return _with_browser_cookie(redirect(back), browser_id)


@bp.route("/<board>/<int:idea_id>/comments", methods=["POST"])
@limiter.limit("120 per 10 minutes")  # attempts, for floods only: COMMENT_LIMIT counts comments stored
def comment(board: str, idea_id: int):
    board = _board(board)
    idea = _idea(board, idea_id)
    if not board.has_comments:
        abort(404)
    form = CommentForm()
    if not form.validate_on_submit():
        return _idea_page(board, idea, form, 422)
    if COMMENT_LIMIT.is_reached(client_address()):  # the comment comes back as typed
        form.body.errors.append(LIMIT_MESSAGE)
        return _idea_page(board, idea, form, 429)
    if not form.website.data:
        comment = services.add_comment(idea, body=form.body.data, locale=current_locale(),
                                       nickname=form.nickname.data or "")
        COMMENT_LIMIT.count(client_address())
        db.session.commit()
        flash(_("Thank you! Your comment is published.") if comment.status is IdeaStatus.PUBLISHED
              else _("Thank you! Your comment is waiting for moderation."), "success")
    else:
        flash(_("Thank you! Your comment is waiting for moderation."), "success")
    return redirect(url_for("ideas.idea", board=board.slug, idea_id=idea.id) + "#comments")


@bp.route("/<board>/<int:idea_id>/report", methods=["POST"])
@limiter.limit("10 per 10 minutes; 50 per day")
def report(board: str, idea_id: int):
    board = _board(board)
    idea = _idea(board, idea_id)
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    comment = None
    if form.comment_id.data:
        comment = db.session.get(Comment, form.comment_id.data)
        if comment is None or comment.idea_id != idea.id or comment.status is not IdeaStatus.PUBLISHED:
            abort(404)
    # One report per address and day (only a keyed hash is stored): clearing cookies does not
    # let one person hide an idea alone.
    reporter = f"address:{request.remote_addr}:{today().isoformat()}"
    services.report(idea, comment, ReportReason(form.reason.data), reporter)
    browser_id = _browser_id() or secrets.token_urlsafe(24)
    db.session.commit()
    flash(_("Thank you. A moderator will look at it."), "success")
    return _with_browser_cookie(redirect(url_for("ideas.board", board=board.slug)), browser_id)
