"""Limits for people, not against them (F3): accepted posts count, a form over the limit comes
back with its text, and an event's code lets a crowd on one Wi-Fi post."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from tests.idea_factory import make_board
from tests.volunteer_factory import SIGNUP
from webapp.core.database import db
from webapp.events.models import CrowdEvent
from webapp.ideas.models import Idea
from webapp.ideas.views import IDEA_LIMIT
from webapp.volunteers.models import Volunteer


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def _idea_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Idea))


def _open_event(client, auth, factory, org, target: str, name="Perhemessut 12.3.") -> tuple[str, int]:
    factory.user("koordinaattori@kittila.example", organisation=org)
    auth.login("koordinaattori@kittila.example")
    page = client.get("/staff/kittila/events").get_data(as_text=True)
    assert target in page
    response = client.post("/staff/kittila/events", data={"csrf_token": csrf_from(page), "name": name,
                                                          "target": target, "hours": "3"})
    assert response.status_code == 302
    event_page = client.get(response.headers["Location"]).get_data(as_text=True)
    code = re.search(r"event=([A-Z0-9]+)", event_page).group(1)
    auth.logout()
    return code, int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def _idea(n: int) -> dict:
    return {"title": f"Idea {n}", "body": f"Ajatus numero {n}: iltavastaanotto perjantaisin."}


def test_thirty_ideas_from_one_address_with_an_event_code_are_all_accepted(client, app, factory, auth, org):
    """Done means: a family fair on one Wi-Fi posts 30 ideas with the poster's code; without
    the code the usual limit refuses, and the refused form still holds its text."""
    board = make_board(app, org)
    code, event_id = _open_event(client, auth, factory, org, f"board:{board.id}")
    for n in range(30):
        response = post_form(client, f"{board.url}/new?event={code}", _idea(n))
        assert response.status_code == 302, n
    assert _idea_count(app) == 30

    accepted = 0
    while True:  # the same address without the code meets the usual limit
        response = post_form(client, f"{board.url}/new", _idea(100 + accepted))
        if response.status_code != 302:
            break
        accepted += 1
        assert accepted <= 60
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert f"Ajatus numero {100 + accepted}: iltavastaanotto perjantaisin." in html  # what was typed
    assert f'value="Idea {100 + accepted}"' in html
    assert "Tästä verkosta on lähetetty lyhyessä ajassa monta viestiä" in html  # translated
    assert accepted == 10  # IDEA_LIMIT's first rate, counted on stored ideas only
    assert _idea_count(app) == 40

    factory.user("admin@kittila.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    page = client.get(f"/staff/kittila/events/{event_id}").get_data(as_text=True)
    assert "Perhemessut 12.3." in page and "<dd>30</dd>" in page


def test_failed_validations_do_not_use_up_the_limit(client, app, org):
    board = make_board(app, org)
    for _ in range(25):
        assert post_form(client, f"{board.url}/new", {"title": "", "body": ""}).status_code == 422
    assert post_form(client, f"{board.url}/new", _idea(1)).status_code == 302
    assert _idea_count(app) == 1


def test_a_closed_or_foreign_event_code_gives_no_crowd_limit(client, app, factory, auth, org):
    board = make_board(app, org)
    other = make_board(app, org, slug="koulu")
    code, event_id = _open_event(client, auth, factory, org, f"board:{other.id}")
    for n in range(10):
        assert post_form(client, f"{board.url}/new?event={code}", _idea(n)).status_code == 302
    assert post_form(client, f"{board.url}/new?event={code}", _idea(11)).status_code == 429  # another board's
    assert post_form(client, f"{other.url}/new?event={code}", _idea(12)).status_code == 302  # its own board

    auth.login("koordinaattori@kittila.example")
    page = client.get(f"/staff/kittila/events/{event_id}").get_data(as_text=True)
    assert client.post(f"/staff/kittila/events/{event_id}/close",
                       data={"csrf_token": csrf_from(page)}).status_code == 302
    auth.logout()
    assert post_form(client, f"{other.url}/new?event={code}", _idea(99)).status_code == 429  # closed


def test_the_join_page_keeps_a_refused_sign_up_and_takes_a_crowd_with_a_code(client, app, factory, auth, org):
    def sign_up(n: int, query: str = ""):
        return post_form(client, f"/kittila/join{query}", {
            **SIGNUP, "name": f"Vanhempi {n}", "email": f"vanhempi{n}@example.fi"})
    statuses = [sign_up(n).status_code for n in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    refused = sign_up(50).get_data(as_text=True)
    assert 'value="vanhempi50@example.fi"' in refused and 'value="Vanhempi 50"' in refused

    code, _event_id = _open_event(client, auth, factory, org, "join")
    assert all(sign_up(100 + n, f"?event={code}").status_code == 302 for n in range(15))
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 25
        event = db.session.scalar(sa.select(CrowdEvent))
        assert (event.accepted_posts, event.refused_posts) == (15, 0)


def test_limits_can_be_turned_off_for_load_tests(settings, factory):
    settings["RATELIMIT_ENABLED"] = False
    from webapp import create_app

    app = create_app(settings)
    with app.test_request_context():
        for _ in range(100):
            IDEA_LIMIT.count("127.0.0.1")
        assert not IDEA_LIMIT.is_reached("127.0.0.1")
