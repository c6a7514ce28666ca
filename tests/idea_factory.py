"""Builds idea boards for tests through the services."""

from types import SimpleNamespace

from webapp.core.database import db
from webapp.ideas import services
from webapp.ideas.models import ModerationMode
from webapp.orgs.models import Organisation


def make_board(app, org, *, slug="neuvola", moderation=ModerationMode.PRE, **fields):
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        values = dict(slug=slug, moderation=moderation, is_open=True, has_supports=True, has_comments=True,
                      report_threshold=3, service_area_ids=[], title={"fi": "Ideoita neuvolaan"},
                      prompt={"fi": "Miten neuvola voisi palvella paremmin?"})
        values.update(fields)
        board = services.save_board(organisation, None, **values)
        db.session.commit()
        return SimpleNamespace(id=board.id, slug=slug, url=f"/{org.slug}/ideas/{slug}")


def published_idea(app, board, title="Iltavastaanotto", body="Illalla olisi helpompi tulla.", locale="fi"):
    from webapp.ideas.models import Board
    from webapp.moderation import services as moderation

    with app.test_request_context():
        idea = services.post_idea(db.session.get(Board, board.id), title=title, body=body, locale=locale)
        moderation.publish(idea)
        db.session.commit()
        return idea.id
