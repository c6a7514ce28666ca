"""The coordinator's desk: a staff menu on every staff page, the counts of what waits on the
organisation's home, and the steering group's home starting from the report and the action plan."""

from datetime import timedelta

import pytest

from tests.idea_factory import make_board
from tests.volunteer_factory import add_volunteer
from webapp.backlog import services as backlog
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.ideas import services as ideas
from webapp.ideas.models import Board
from webapp.orgs.models import Organisation


@pytest.fixture
def org(factory):
    org = factory.organisation("kittila")
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    factory.user("ohjaus@kittila.example", organisation=org, role="steering_group")
    return org


def test_every_staff_page_has_the_staff_menu(client, app, auth, org):
    auth.login("k@kittila.example")
    client.set_cookie("lang", "en")
    for path in ("/staff/kittila/surveys/", "/staff/kittila/volunteers", "/staff/kittila/backlog",
                 "/staff/kittila/services"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        menu = page.split('aria-label="Staff menu"')[1].split("</nav>")[0]
        for link in ("/staff/kittila/surveys", "/staff/kittila/moderation", "/staff/kittila/volunteers",
                     "/staff/kittila/backlog"):
            assert f'href="{link}' in menu, (path, link)
        assert "/staff/kittila/audit" not in menu, "a coordinator is not offered the admin's pages"
    survey_page = client.get("/staff/kittila/surveys/").get_data(as_text=True)
    assert 'href="/staff/kittila/surveys/" aria-current="true"' in survey_page


def test_the_home_counts_what_waits(client, app, auth, org):
    board = make_board(app, org)
    with app.test_request_context():
        for title in ("Iltavastaanotto", "Perhekahvila"):
            ideas.post_idea(db.session.get(Board, board.id), title=title, body="Olisi kiva.", locale="fi",
                            email="")
        organisation = db.session.get(Organisation, org.id)
        old = backlog.create_item(organisation, title="Vanha asia")
        db.session.flush()
        old.created_at = utcnow() - timedelta(days=61)
        for change in old.history:  # created, and left as it was, two months ago
            change.at = old.created_at
        backlog.create_item(organisation, title="Uusi asia")
        db.session.commit()
    add_volunteer(app, org, name="Jouni", email=None, phone="+358401234567", confirmed=False)
    auth.login("k@kittila.example")
    client.set_cookie("lang", "en")
    page = client.get("/staff/kittila/").get_data(as_text=True)
    waiting = page.split('id="waiting-heading"')[1].split("</section>")[0]
    assert "2 ideas to moderate" in waiting
    assert "1 sign-up awaiting a call" in waiting and "status=awaiting_call" in waiting
    assert "1 backlog item with no decision for 60 days" in waiting
    assert "comment" not in waiting, "nothing waiting, nothing listed"


def test_the_steering_groups_home_starts_with_the_report_and_the_action_plan(client, auth, org):
    auth.login("ohjaus@kittila.example")
    page = client.get("/staff/kittila/").get_data(as_text=True)
    cards = page.split('class="card-list"')[1]
    first, second = [part.split('"')[0] for part in cards.split('href="')[1:3]]
    assert (first, second) == ("/staff/kittila/report", "/staff/kittila/action-plan")
    assert 'id="waiting-heading"' not in page
