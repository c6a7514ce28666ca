"""Staff accounts (L13): an existing account added to another organisation hears of it, and
links shown to copy or print use PUBLIC_BASE_URL, never the Host header a request brought."""

import sqlalchemy as sa

from tests.conftest import post_form
from tests.test_activities import make_activity
from webapp.core.database import db
from webapp.outbox.models import OutboxMessage


def at_forged_host(app, client):
    """A client whose requests carry a forged Host header, with `client`'s cookies."""
    forged = app.test_client()
    for cookie in client._cookies.values():
        forged.set_cookie(cookie.key, cookie.value, path=cookie.path, domain="evil.example")
    return forged


def mails_to(app, email) -> list[OutboxMessage]:
    with app.app_context():
        messages = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == email)).all()
        for message in messages:
            db.session.expunge(message)
        return messages


def test_adding_another_organisations_staff_member_emails_them(client, auth, factory, app):
    kittila, sodankyla = factory.organisation("kittila"), factory.organisation("sodankyla")
    factory.user("admin@kittila.example", organisation=kittila, role="admin")
    factory.user("coordinator@sodankyla.example", organisation=sodankyla, role="coordinator", locale="en")
    auth.login("admin@kittila.example")
    added = post_form(client, "/staff/kittila/users", {"email": "coordinator@sodankyla.example",
                                                       "role": "core_group"})
    assert added.status_code == 302
    [mail] = mails_to(app, "coordinator@sodankyla.example")
    assert mail.subject == "You have a new role in Yhessä"
    assert "admin@kittila.example" in mail.body and "Core group member" in mail.body
    assert "Perhekeskus kittila" in mail.body
    assert f"{app.config['PUBLIC_BASE_URL']}/staff/login" in mail.body
    again = post_form(client, "/staff/kittila/users", {"email": "coordinator@sodankyla.example",
                                                       "role": "core_group"})
    assert again.status_code == 302 and len(mails_to(app, "coordinator@sodankyla.example")) == 1


def test_the_join_link_on_the_register_page_ignores_the_host_header(client, auth, factory, app):
    kittila = factory.organisation("kittila")
    factory.user("coordinator@kittila.example", organisation=kittila, role="coordinator")
    auth.login("coordinator@kittila.example")
    page = at_forged_host(app, client).get("/staff/kittila/volunteers", base_url="http://evil.example")
    page = page.get_data(as_text=True)
    assert f"{app.config['PUBLIC_BASE_URL']}/kittila/join" in page and "evil.example" not in page


def test_the_calendar_feed_ignores_the_host_header(client, factory, app):
    """The feed is cached publicly: a Host header must not put another site's links in it."""
    cafe = make_activity(app, factory.organisation("kittila"))
    feed = client.get(cafe.url + ".ics", base_url="http://evil.example").get_data(as_text=True)
    assert "evil.example" not in feed and app.config["PUBLIC_BASE_URL"] in feed.replace("\r\n ", "")
