"""Boards, posting ideas and comments, supports and reports (the public side)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core import personal_data
from webapp.core.clock import utcnow
from webapp.core.content_languages import Gap, gaps_in
from webapp.core.database import db
from webapp.core.database.engine import dialect_insert
from webapp.core.database.types import Translations
from webapp.core.i18n import localize
from webapp.ideas.models import (
    Board,
    Comment,
    Idea,
    IdeaContact,
    IdeaStatus,
    IdeaSupport,
    ModerationMode,
    Report,
    ReportReason,
)
from webapp.orgs.models import Organisation, ServiceArea
from webapp.orgs.services import service_areas


def boards_of(organisation: Organisation, open_only: bool = False) -> list[Board]:
    query = sa.select(Board).where(Board.organisation_id == organisation.id).order_by(Board.id.desc())
    if open_only:
        query = query.where(Board.is_open.is_(True))
    return list(db.session.scalars(query))


def find_board(organisation: Organisation, slug: str) -> Board | None:
    return db.session.scalar(sa.select(Board).where(Board.organisation_id == organisation.id, Board.slug == slug))


def board_slug_taken(organisation: Organisation, slug: str, except_id: int | None) -> bool:
    query = sa.select(Board.id).where(Board.organisation_id == organisation.id, Board.slug == slug)
    if except_id is not None:
        query = query.where(Board.id != except_id)
    return db.session.scalar(query) is not None


def save_board(organisation: Organisation, board: Board | None, **fields) -> Board:
    if board is None:
        board = Board(organisation_id=organisation.id)
        db.session.add(board)
        action = "board.create"
    else:
        action = "board.update"
    for name in ("title", "prompt"):
        fields[name] = Translations(fields.get(name))
    for name, value in fields.items():
        setattr(board, name, value)
    db.session.flush()
    record(action, organisation=organisation, target=board, slug=board.slug)
    return board


def board_areas(board: Board) -> list[ServiceArea]:
    """The service areas an idea on this board can be filed under."""
    organisation = db.session.get(Organisation, board.organisation_id)
    return service_areas(organisation, active_only=True, ids=board.service_area_ids or None)


def _initial_status(board: Board, held: bool) -> IdeaStatus:
    if held or board.moderation is ModerationMode.PRE:
        return IdeaStatus.PENDING
    return IdeaStatus.PUBLISHED


def post_idea(board: Board, *, title: str, body: str, locale: str, nickname: str = "", email: str = "",
              service_area_id: int | None = None) -> Idea:
    """A new idea: held for moderation on a pre-moderated board or when it looks like personal
    data; the optional email is kept apart from it."""
    held = personal_data.looks_personal(title, body, nickname)
    status = _initial_status(board, held)
    idea = Idea(organisation_id=board.organisation_id, board_id=board.id, title=title, body=body, locale=locale,
                nickname=nickname, service_area_id=service_area_id, status=status, has_personal_data=held,
                published_at=utcnow() if status is IdeaStatus.PUBLISHED else None)
    db.session.add(idea)
    db.session.flush()
    if email:
        db.session.add(IdeaContact(idea_id=idea.id, email=email, locale=locale))
    return idea


def published_ideas(board: Board, *, order: str = "new", area_id: int | None = None, limit: int = 50,
                    offset: int = 0) -> list[Idea]:
    query = sa.select(Idea).where(Idea.board_id == board.id, Idea.status == IdeaStatus.PUBLISHED)
    if area_id:
        query = query.where(Idea.service_area_id == area_id)
    if order == "supported":
        query = query.order_by(Idea.support_count.desc(), Idea.published_at.desc(), Idea.id.desc())
    else:
        query = query.order_by(Idea.published_at.desc(), Idea.id.desc())
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def supporter_key(browser_id: str) -> str:
    """The stored form of a browser's random id: an HMAC, so the cookie cannot be recovered."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"supporter:{browser_id}".encode(),
                    hashlib.sha256).hexdigest()


def support(idea: Idea, browser_id: str) -> bool:
    """Add this browser's support once; True when it was new (a double tap counts once)."""
    added = db.session.execute(dialect_insert(IdeaSupport).values(
        idea_id=idea.id, supporter=supporter_key(browser_id), created_at=utcnow()
    ).on_conflict_do_nothing(index_elements=["idea_id", "supporter"]).returning(IdeaSupport.id)).first()
    if added is None:  # (rowcount is not reliable for ORM inserts on PostgreSQL)
        return False
    db.session.execute(sa.update(Idea).where(Idea.id == idea.id).values(support_count=Idea.support_count + 1))
    return True


def has_supported(idea: Idea, browser_id: str | None) -> bool:
    if not browser_id:
        return False
    return db.session.scalar(sa.select(IdeaSupport.id).where(
        IdeaSupport.idea_id == idea.id, IdeaSupport.supporter == supporter_key(browser_id))) is not None


def add_comment(idea: Idea, *, body: str, locale: str, nickname: str = "") -> Comment:
    held = personal_data.looks_personal(body, nickname)
    status = _initial_status(idea.board, held)
    comment = Comment(organisation_id=idea.organisation_id, idea_id=idea.id, body=body, locale=locale,
                      nickname=nickname, status=status, has_personal_data=held)
    db.session.add(comment)
    db.session.flush()
    return comment


def report(idea: Idea, comment: Comment | None, reason: ReportReason, browser_id: str) -> bool:
    """One report per browser and item; enough reports hide the item until it is reviewed."""
    target = f"comment:{comment.id}" if comment else f"idea:{idea.id}"
    added = db.session.execute(dialect_insert(Report).values(
        organisation_id=idea.organisation_id, idea_id=idea.id, comment_id=comment.id if comment else None,
        target=target, reason=reason, reporter=supporter_key(browser_id), created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["target", "reporter"]).returning(Report.id)).first()
    if added is None:
        return False
    item = comment or idea
    model = type(item)
    count = db.session.execute(sa.update(model).where(model.id == item.id)
                               .values(report_count=model.report_count + 1)
                               .returning(model.report_count)).scalar_one()
    if count >= idea.board.report_threshold:
        db.session.execute(sa.update(model).where(model.id == item.id, model.status == IdeaStatus.PUBLISHED)
                           .values(status=IdeaStatus.HIDDEN))
    return True


def staff_listing(organisation: Organisation, *, board_id: int | None = None, status: IdeaStatus | None = None,
                  area_id: int | None = None, flagged: bool = False, search: str = "") -> sa.Select:
    """The staff list of ideas, newest first, as a query to page."""
    query = sa.select(Idea).where(Idea.organisation_id == organisation.id)
    if board_id:
        query = query.where(Idea.board_id == board_id)
    if status is not None:
        query = query.where(Idea.status == status)
    if area_id:
        query = query.where(Idea.service_area_id == area_id)
    if flagged:
        query = query.where(Idea.has_personal_data.is_(True))
    words = search.strip().lstrip("#")
    if words.isdigit() and len(words) <= 9:
        query = query.where(Idea.id == int(words))
    else:
        for word in words.split()[:8]:
            query = query.where(sa.or_(Idea.title.icontains(word, autoescape=True),
                                       Idea.body.icontains(word, autoescape=True)))
    return query.order_by(Idea.created_at.desc(), Idea.id.desc())


def purge_contacts(now: datetime) -> int:
    """Retention: an email left with an idea (to hear what became of it) is kept 12 months."""
    result = db.session.execute(sa.delete(IdeaContact).where(IdeaContact.created_at < now - timedelta(days=365)))
    return result.rowcount


def forget_reporters(now: datetime) -> int:
    """Retention: who reported (a keyed hash of a browser, or of an address and a day) is needed only to
    count one report per reporter while the day lasts; after two days it is replaced by the report's own
    number, which names nobody."""
    result = db.session.execute(
        sa.update(Report).where(Report.created_at < now - timedelta(days=2), Report.reporter.not_like("expired:%"))
        .values(reporter=sa.literal("expired:") + sa.cast(Report.id, sa.String))
        .execution_options(synchronize_session=False))
    return result.rowcount


def translation_gaps(organisation: Organisation, locales: list[str]) -> Iterator[Gap | None]:
    """Idea boards whose title or prompt lacks a content language."""
    for board in boards_of(organisation):
        yield gaps_in(_("Idea board"), localize(board.title),
                      url_for("idea_admin.edit_board", org=organisation.slug, board_id=board.id), locales,
                      board.title, board.prompt)
