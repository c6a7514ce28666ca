"""The second step of a staff sign-in: required by role (MFA_REQUIRED_ROLES), set up with a QR
code and the key as text, passed with a code from the app or a recovery code, each once."""

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from tests.conftest import StaffLogin, csrf_from, post_form
from webapp.audit.models import AuditEvent
from webapp.core.database import db

SETUP = "/staff/login/second-factor/setup"
VERIFY = "/staff/login/second-factor"


@pytest.fixture
def settings(settings):
    settings["MFA_REQUIRED_ROLES"] = "coordinator"
    return settings


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def shown_key(html: str) -> str:
    match = re.search(r'<code class="copy" id="totp-key">([A-Z2-7 ]+)</code>', html)
    assert match, "the setup page shows no key"
    return match.group(1).replace(" ", "")


def enrol(client, auth, email) -> tuple[pyotp.TOTP, list[str], str]:
    """Log in with the password, set up the app from the key shown; the app, the recovery codes
    and the code that finished the setup."""
    assert auth.login(email).headers["Location"] == SETUP
    page = client.get(SETUP).get_data(as_text=True)
    assert "<svg" in page  # the QR code, inline
    totp = pyotp.TOTP(shown_key(page))
    first = totp.now()
    done = client.post(SETUP, data={"csrf_token": csrf_from(page), "code": first})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code></li>",
                       done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    return totp, codes, first


def second_step(client, code):
    return post_form(client, VERIFY, {"code": code})


def signed_in(client) -> bool:
    return client.get("/staff/kittila/").status_code == 200


def test_a_coordinator_enrols_then_signs_in_only_with_a_valid_code_or_a_recovery_code(app, client, auth, factory,
                                                                                        org):
    user = factory.user("koordinaattori@kittila.example", organisation=org)
    totp, codes, first = enrol(client, auth, user.email)
    assert signed_in(client)
    auth.logout()

    # The password alone opens nothing.
    assert auth.login(user.email).headers["Location"] == VERIFY
    assert not signed_in(client)
    assert second_step(client, "000000").status_code == 200 and not signed_in(client)
    assert second_step(client, first).status_code == 200  # the code of the setup: used once
    assert not signed_in(client)

    # A recovery code works, once.
    response = second_step(client, codes[0].upper().replace("-", " "))
    assert response.status_code == 302 and signed_in(client)
    auth.logout()
    auth.login(user.email)
    assert second_step(client, codes[0]).status_code == 200 and not signed_in(client)

    # A fresh code from the app works, once.
    fresh = totp.at(time.time() + 30)
    assert second_step(client, fresh).status_code == 302 and signed_in(client)
    auth.logout()
    auth.login(user.email)
    assert second_step(client, fresh).status_code == 200 and not signed_in(client)
    assert second_step(client, codes[1]).status_code == 302 and signed_in(client)

    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("auth.second_factor") == 3 and "auth.second_factor_enrolled" in actions
    assert actions.count("auth.second_factor_failed") == 4


def test_the_setup_page_cannot_be_skipped(client, auth, factory, org):
    user = factory.user("koordinaattori@kittila.example", organisation=org)
    auth.login(user.email)
    assert client.get("/staff/kittila/").status_code == 302
    page = client.get(SETUP).get_data(as_text=True)
    wrong = client.post(SETUP, data={"csrf_token": csrf_from(page), "code": "123456"})
    assert wrong.status_code == 200 and not signed_in(client)
    # The key stays the same until the setup is finished (a reload does not change the app's account).
    assert shown_key(client.get(SETUP).get_data(as_text=True)) == shown_key(page)


def test_roles_not_listed_sign_in_in_one_step(client, auth, factory, org):
    user = factory.user("ydin@kittila.example", organisation=org, role="core_group")
    assert auth.login(user.email).headers["Location"] == "/staff/"
    assert signed_in(client)


def test_wrong_codes_make_the_next_attempt_wait(client, auth, factory, org):
    user = factory.user("koordinaattori@kittila.example", organisation=org)
    totp, _codes, _first = enrol(client, auth, user.email)
    auth.logout()
    auth.login(user.email)
    for _ in range(5):
        second_step(client, "000000")
    response = second_step(client, totp.at(time.time() + 30))
    assert response.status_code == 429 and not signed_in(client)


def test_an_administrator_resets_a_colleagues_second_factor(app, client, auth, factory, org):
    user = factory.user("koordinaattori@kittila.example", organisation=org)
    factory.user("admin@kittila.example", organisation=org, role="admin")
    enrol(client, auth, user.email)
    auth.logout()

    admin = app.test_client()
    StaffLogin(admin).login("admin@kittila.example")
    page = admin.get("/staff/kittila/users").get_data(as_text=True)
    assert f"/staff/kittila/users/{user.id}/second-factor/reset" in page
    admin.post(f"/staff/kittila/users/{user.id}/second-factor/reset", data={"csrf_token": csrf_from(page)})

    assert auth.login(user.email).headers["Location"] == SETUP
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.second_factor_reset"))
    assert event.target_id == user.id and event.actor_id != user.id


def test_a_staff_member_may_turn_it_on_without_being_required(client, auth, factory, org):
    user = factory.user("ydin@kittila.example", organisation=org, role="core_group")
    auth.login(user.email)
    page = client.get(SETUP).get_data(as_text=True)
    totp = pyotp.TOTP(shown_key(page))
    assert client.post(SETUP, data={"csrf_token": csrf_from(page), "code": totp.now()}).status_code == 200
    auth.logout()
    assert auth.login(user.email).headers["Location"] == VERIFY
