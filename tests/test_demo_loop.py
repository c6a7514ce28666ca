"""The demo shows the whole loop DESIGN.md promises: what families said, what the core group
decided in a workshop, the public answer in Finnish and Northern Sámi, and the change in the
services guide (REVIEW.md F5)."""

import re

import sqlalchemy as sa

from webapp.backlog.models import AgendaItem, BacklogItem, Source, SourceKind, Workshop
from webapp.core.database import db


def test_you_said_we_did_is_full_in_the_demo(runner, app, client):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    finnish = client.get("/kittila/progress").get_data(as_text=True)
    assert "Neuvolaan iltavastaanotto" in finnish and "Kokeilemme sitä tiistai-iltaisin" in finnish
    assert "Joka kuun ensimmäinen tiistai on saamenkielinen" in finnish  # the guide's change note
    sami = client.get("/sodankyla/progress?lang=se").get_data(as_text=True)
    assert "Rávvehahkii eahketvuostáiváldin" in sami and "Dii sávaidettet" in sami
    with app.app_context():
        for slug_id in db.session.scalars(sa.select(BacklogItem.organisation_id).distinct()):
            decided = db.session.scalars(sa.select(AgendaItem).join(Workshop).where(
                Workshop.organisation_id == slug_id, AgendaItem.decision != "")).all()
            assert len(decided) == 2
        idea_id = db.session.scalar(sa.select(Source.idea_id).where(Source.kind == SourceKind.IDEA).limit(1))
    assert idea_id is not None
    board = client.get("/kittila/ideas/neuvola").get_data(as_text=True)
    link = re.search(r'href="(/kittila/ideas/neuvola/\d+)"', board).group(1)
    assert "/kittila/progress" in client.get(link).get_data(as_text=True)  # the idea points to its answer
    assert runner.invoke(args=["demo-data"]).exit_code == 0  # twice: nothing doubled
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(BacklogItem)) == 6
