"""Fixtures: an app on a real database migrated by Alembic, clients, factories, SMTP.

The database is a SQLite file, or PostgreSQL when `TEST_DATABASE_URL` is set (CI's second
pass). It is migrated once per session; every test starts from empty tables.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from webapp import create_app
from webapp.core.database import db as _db

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def pytest_collection_modifyitems(items):
    # Tests that touch the database run a second time on PostgreSQL in CI (`-m db`).
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = sa.create_engine(url)
        with engine.begin() as connection:  # start from nothing, even after an aborted run
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(_settings(url, tmp_path_factory.mktemp("outbox")))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        _db.engine.dispose()
    return url


def _settings(url: str, outbox_dir) -> dict:
    return {
        "TESTING": True,
        "ENV_NAME": "testing",
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "OUTBOX_DIR": str(outbox_dir),
        "SMTP_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    }


def empty_tables() -> None:
    with _db.engine.begin() as connection:
        for table in reversed(_db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def settings(database_url, tmp_path) -> dict:
    """Settings for `app`; a test may change them before asking for `app`."""
    return _settings(database_url, tmp_path / "outbox")


@pytest.fixture
def app(settings):
    """A fresh app on empty tables. No app context stays pushed, so each request gets its
    own `g` and database session, as in production; open one with `app.app_context()`."""
    app = create_app(settings)
    with app.app_context():
        empty_tables()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(client, url: str, data: dict, *, page: str | None = None, **kwargs):
    """GET `page` (default `url`) for its CSRF token, then POST `data` to `url`."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_from(html), **data}, **kwargs)


PASSWORD = "correct horse battery"


class Factory:
    """Builds organisations and staff users through the services; returns plain records
    (`.id`, `.slug`, `.email`) so that nothing depends on a session left open."""

    def __init__(self, app):
        self.app = app

    def organisation(self, slug="kittila", name=None, locales=("fi", "se", "sv", "en"), **kw):
        from webapp.orgs.services import create_organisation

        with self.app.app_context():
            organisation = create_organisation(
                slug, name or {"fi": f"Perhekeskus {slug}"},
                kw.pop("contact_email", f"info@{slug}.example"), locales)
            for key, value in kw.items():
                setattr(organisation, key, value)
            _db.session.commit()
            return SimpleNamespace(id=organisation.id, slug=slug)

    def user(self, email, password=PASSWORD, organisation=None, role="coordinator",
             site_admin=False, locale="fi"):
        from webapp.auth.models import Role
        from webapp.auth.services import create_user, grant_role
        from webapp.orgs.models import Organisation

        with self.app.app_context():
            user = create_user(email, password, is_site_admin=site_admin, locale=locale)
            if organisation is not None:
                grant_role(user, _db.session.get(Organisation, organisation.id), Role(role))
            _db.session.commit()
            return SimpleNamespace(id=user.id, email=user.email, password=password)


@pytest.fixture
def factory(app) -> Factory:
    return Factory(app)


class StaffLogin:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=PASSWORD, **kwargs):
        return post_form(self.client, "/staff/login", {"email": email, "password": password},
                         **kwargs)

    def logout(self):
        html = self.client.get("/staff/", follow_redirects=True).get_data(as_text=True)
        return self.client.post("/staff/logout", data={"csrf_token": csrf_from(html)})


@pytest.fixture
def auth(client) -> StaffLogin:
    return StaffLogin(client)


@pytest.fixture
def coordinator(factory, auth):
    """Kittilä (fi, se, sv, en) with its coordinator `k@kittila.example` signed in."""
    org = factory.organisation("kittila")
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    return org


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpRecorder:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list = []
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 5.0):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp():
    server = SmtpRecorder().start()
    yield server
    server.stop()


class LiveServer:
    """The app served by werkzeug in a thread on 127.0.0.1, for the browser."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def live_server(app):
    server = LiveServer(app).start()
    yield server
    server.stop()


ROOT = Path(__file__).resolve().parent.parent
