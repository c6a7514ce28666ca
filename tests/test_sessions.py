"""Staff sessions kept on the server (REVIEW.md M2): logout, the sessions page and the timeouts
end a session at once, a copy of the cookie included; families' pages never look sessions up."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import StaffLogin, csrf_from
from tests.survey_factory import make_survey
from webapp import create_app
from webapp.auth.models import DeviceKind, StaffSession
from webapp.auth.sessions import describe_device
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.outbox.models import OutboxMessage

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def coordinator(factory):
    org = factory.organisation("kittila")
    return factory.user("koordinaattori@kittila.example", organisation=org)


def logged_in_client(app, user, user_agent=WINDOWS_FIREFOX):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = user_agent
    assert StaffLogin(client).login(user.email).status_code == 302
    return client


def test_a_cookie_saved_before_logout_gets_the_login_page_afterwards(app, client, auth, coordinator):
    auth.login(coordinator.email)
    saved = client.get_cookie("session").value
    assert client.get("/staff/kittila/").status_code == 200
    auth.logout()

    replay = app.test_client()
    replay.set_cookie("session", saved)
    response = replay.get("/staff/kittila/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")


def test_a_session_ended_from_the_sessions_page_stops_working_at_once(app, coordinator):
    laptop = logged_in_client(app, coordinator, WINDOWS_FIREFOX)
    phone = logged_in_client(app, coordinator, IPHONE)
    assert phone.get("/staff/kittila/").status_code == 200

    page = laptop.get("/staff/sessions?lang=en").get_data(as_text=True)
    assert "Phone, Safari · iOS" in page and "Computer, Firefox · Windows" in page
    assert "127.0.0.1" not in page  # never an address
    with app.app_context():
        phone_session = db.session.scalar(sa.select(StaffSession.id).where(
            StaffSession.device_kind == DeviceKind.PHONE))
    response = laptop.post(f"/staff/sessions/{phone_session}/end", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302

    ended = phone.get("/staff/kittila/")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/staff/login")
    assert laptop.get("/staff/kittila/").status_code == 200


def test_ending_all_other_sessions_keeps_this_one(app, coordinator):
    first, second, third = (logged_in_client(app, coordinator) for _ in range(3))
    page = first.get("/staff/sessions").get_data(as_text=True)
    first.post("/staff/sessions/end-others", data={"csrf_token": csrf_from(page)})
    assert first.get("/staff/kittila/").status_code == 200
    assert second.get("/staff/kittila/").status_code == 302
    assert third.get("/staff/kittila/").status_code == 302


def test_someone_elses_session_cannot_be_ended(app, factory, coordinator):
    other = factory.user("toinen@kittila.example", organisation=factory.organisation("sodankyla"))
    theirs = logged_in_client(app, other)
    mine = logged_in_client(app, coordinator)
    with app.app_context():
        their_session = db.session.scalar(sa.select(StaffSession.id).where(StaffSession.user_id == other.id))
    token = csrf_from(mine.get("/staff/sessions").get_data(as_text=True))
    assert mine.post(f"/staff/sessions/{their_session}/end", data={"csrf_token": token}).status_code == 404
    assert theirs.get("/staff/sessions").status_code == 200


@pytest.mark.parametrize("column, age", [("last_seen_at", timedelta(minutes=31)),
                                         ("started_at", timedelta(hours=12, minutes=1))])
def test_sessions_time_out_when_idle_and_after_twelve_hours(app, coordinator, column, age):
    client = logged_in_client(app, coordinator)
    with app.app_context():
        db.session.execute(sa.update(StaffSession).values({column: utcnow() - age}))
        db.session.commit()
    response = client.get("/staff/kittila/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    with app.app_context():
        assert db.session.scalar(sa.select(StaffSession.ended_at)) is not None


def test_the_timeouts_are_settings(settings, factory):
    settings["SESSION_IDLE_MINUTES"] = 5
    app = create_app(settings)
    user = factory.user("a@kittila.example", site_admin=True)
    client = logged_in_client(app, user)
    with app.app_context():
        db.session.execute(sa.update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=6)))
        db.session.commit()
    assert client.get("/staff/").status_code == 302
    with app.app_context():
        db.engine.dispose()  # this app's own connections, closed before the next test


def test_public_pages_never_look_sessions_up(app, client, factory):
    org = factory.organisation("kittila")
    survey = make_survey(app, org)
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(f"/s/{survey.code}", follow_redirects=True).status_code == 200
        assert client.get(survey.url).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", remember)
    assert statements and not [s for s in statements if "staff_session" in s or "staff_user" in s]


def test_a_sign_in_from_a_new_browser_is_told_by_email(app, coordinator):
    logged_in_client(app, coordinator)  # the first sign-in ever: no news
    again = logged_in_client(app, coordinator, IPHONE)  # another browser
    with app.app_context():
        subjects = db.session.scalars(sa.select(OutboxMessage.subject).where(
            OutboxMessage.recipient == coordinator.email)).all()
        body = db.session.scalar(sa.select(OutboxMessage.body))
    assert len(subjects) == 1
    assert "Safari · iOS" in body and "/staff/sessions" in body
    # The same browser signing in again is no news.
    page = again.get("/staff/sessions").get_data(as_text=True)
    again.post("/staff/logout", data={"csrf_token": csrf_from(page)})
    assert StaffLogin(again).login(coordinator.email).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


@pytest.mark.parametrize("agent, kind, names", [
    (IPHONE, DeviceKind.PHONE, "Safari · iOS"),
    (WINDOWS_FIREFOX, DeviceKind.COMPUTER, "Firefox · Windows"),
    ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1",
     DeviceKind.TABLET, "Safari · iPadOS"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
     DeviceKind.PHONE, "Chrome · Android"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0",
     DeviceKind.COMPUTER, "Edge · Windows"),
    ("", DeviceKind.OTHER, ""),
])
def test_device_and_browser_are_read_from_the_user_agent(agent, kind, names):
    assert describe_device(agent) == (kind, names)


def test_a_new_password_ends_every_session(app, coordinator):
    from webapp.auth import services
    from webapp.auth.models import User

    client = logged_in_client(app, coordinator)
    with app.test_request_context():
        services.set_password(db.session.get(User, coordinator.id), "another horse battery staple")
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffSession).where(
            StaffSession.ended_at.is_(None))) == 0
    assert client.get("/staff/kittila/").status_code == 302
