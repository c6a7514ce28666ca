"""Organisation admin: "Add user" starts from the least-privileged role, the welcome link lasts
72 hours and can be sent again, accounts can be deactivated, the last sign-in is shown."""

import re
import time

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, post_form
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User
from webapp.auth.services import grant_role, password_reset_token, user_for_reset_token
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage


@pytest.fixture
def org(factory, auth):
    org = factory.organisation("kittila")
    factory.user("admin@kittila.example", organisation=org, role="admin")
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    return org


def user_id(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_add_user_starts_from_the_least_privileged_role(client, auth, org):
    auth.login("admin@kittila.example")
    page = client.get("/staff/kittila/users").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="role"[^>]*>(.*?)</select>', page, re.S).group(1)
    values = re.findall(r'value="(\w+)"', select)
    assert values == ["partner", "steering_group", "core_group", "coordinator", "admin"]
    assert re.search(r'<option (?=[^>]*selected)[^>]*value="partner"', select)


def signed_at(monkeypatch, seconds_ago):
    real = time.time
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real() - seconds_ago)


def test_the_welcome_link_lasts_72_hours_and_a_reset_link_one(app, org, monkeypatch):
    with app.test_request_context():
        user = db.session.get(User, user_id(app, "k@kittila.example"))
        signed_at(monkeypatch, 71 * 3600)
        welcome, reset = password_reset_token(user, welcome=True), password_reset_token(user)
        signed_at(monkeypatch, 73 * 3600)
        too_old = password_reset_token(user, welcome=True)
        monkeypatch.undo()
        assert user_for_reset_token(welcome) == user
        assert user_for_reset_token(reset) is None, "a password reset link still lasts an hour"
        assert user_for_reset_token(too_old) is None


def test_a_welcome_link_can_be_sent_again_until_the_first_sign_in(client, app, auth, org):
    auth.login("admin@kittila.example")
    post_form(client, "/staff/kittila/users", {"email": "uusi@kittila.example", "role": "partner"})
    new = user_id(app, "uusi@kittila.example")
    client.set_cookie("lang", "en")
    page = client.get("/staff/kittila/users").get_data(as_text=True)
    assert "Has not signed in yet" in page and "72 hours" in page
    assert post_form(client, f"/staff/kittila/users/{new}/welcome", {},
                     page="/staff/kittila/users").status_code == 302
    with app.app_context():
        messages = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == "uusi@kittila.example")).all()
        assert len(messages) == 2 and "72" in messages[1].body
        assert db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "user.welcome_resent"
    coordinator = user_id(app, "k@kittila.example")
    auth.logout()
    auth.login("k@kittila.example")
    auth.logout()
    auth.login("admin@kittila.example")
    page = client.get("/staff/kittila/users").get_data(as_text=True)
    assert "Last signed in" in page
    post_form(client, f"/staff/kittila/users/{coordinator}/welcome", {}, page="/staff/kittila/users")
    with app.app_context():
        assert not db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == "k@kittila.example")).all(), "who has signed in resets their password"


def test_a_deactivated_account_cannot_sign_in_until_activated_again(client, app, auth, org, factory):
    coordinator = user_id(app, "k@kittila.example")
    auth.login("admin@kittila.example")
    deactivated = post_form(client, f"/staff/kittila/users/{coordinator}/active", {"active": "0"},
                            page="/staff/kittila/users")
    assert deactivated.status_code == 302
    auth.logout()
    refused = auth.login("k@kittila.example", PASSWORD)
    assert refused.status_code != 302 or "/staff/login" in refused.headers.get("Location", "")
    assert client.get("/staff/kittila/surveys/").status_code == 302
    auth.login("admin@kittila.example")
    client.set_cookie("lang", "en")
    assert "(deactivated)" in client.get("/staff/kittila/users").get_data(as_text=True)
    post_form(client, f"/staff/kittila/users/{coordinator}/active", {"active": "1"}, page="/staff/kittila/users")
    auth.logout()
    assert auth.login("k@kittila.example", PASSWORD).status_code == 302
    assert client.get("/staff/kittila/surveys/").status_code == 200
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.action.like("user.%"))).all()
        assert actions[-2:] == ["user.deactivate", "user.reactivate"]


def test_an_account_working_elsewhere_or_ones_own_is_not_deactivated_here(client, app, auth, org, factory):
    other = factory.organisation("sodankyla")
    factory.user("both@kittila.example", organisation=org, role="coordinator")
    with app.app_context():
        grant_role(db.session.scalar(sa.select(User).where(User.email == "both@kittila.example")),
                   db.session.get(Organisation, other.id), Role.COORDINATOR)
        db.session.commit()
    auth.login("admin@kittila.example")
    for email in ("both@kittila.example", "admin@kittila.example"):
        post_form(client, f"/staff/kittila/users/{user_id(app, email)}/active", {"active": "0"},
                  page="/staff/kittila/users")
    with app.app_context():
        assert all(db.session.scalars(sa.select(User.is_active_account)))
