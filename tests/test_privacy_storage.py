"""Erasure that really erases, and logs and files that hold nothing they should not: a
developer-client who leaves is in no file on disk (SQLite's -wal included, the development
mailbox and audit details too); the database and its backups are readable by the owner only;
no log line holds an IP address; self-service pages are never cached."""

import os
import stat
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import PASSWORD, csrf_from, post_form
from tests.servers import Gunicorn, request
from tests.volunteer_factory import last_link, sign_up
from webapp.audit.models import AuditEvent
from webapp.core.database import db

EMAIL, NAME, PHONE = "saara.lahtija@perhe.example", "Saara Ǩuõbbâr", "040 555 9876"


def files_of(app) -> list[Path]:
    folders = {Path(app.instance_path), Path(app.config["OUTBOX_DIR"])}
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        folders.add(Path(url.database).parent)
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def test_a_developer_client_who_leaves_is_in_no_file(client, auth, factory, app):
    org = factory.organisation("kittila")
    sign_up(client, name=NAME, email=EMAIL, phone=PHONE)
    client.post(last_link(app, EMAIL, "confirm"),
                data={"csrf_token": csrf_from(client.get("/kittila/join").get_data(as_text=True))})
    with app.app_context():
        from webapp.outbox.services import deliver_due

        deliver_due()  # no SMTP server: the development mailbox gets .eml files
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    staff = app.test_client()
    assert post_form(staff, "/staff/login", {"email": "k@kittila.example", "password": PASSWORD}).status_code == 302
    post_form(staff, "/staff/kittila/volunteers/export.csv", {"reason": f"Soitetaan {NAME}: {EMAIL}"},
              page="/staff/kittila/volunteers")
    post_form(client, "/kittila/join/manage", {"email": EMAIL})
    link = last_link(app, EMAIL, "manage")
    assert client.get(link).headers["Cache-Control"] == "no-store"
    assert post_form(client, f"{link}/withdraw", {"sure": "y"}).status_code == 302
    with app.app_context():
        details = repr(db.session.scalars(sa.select(AuditEvent.details)).all())
    assert "Soitetaan" in details and NAME not in details and EMAIL not in details
    for path in files_of(app):
        content = path.read_bytes()
        for trace in (EMAIL, NAME, "Saara", PHONE, "405559876"):
            assert trace.encode() not in content, f"{trace} in {path}"


def test_the_database_and_its_backup_are_readable_by_the_owner_only(app, runner, tmp_path):
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        for path in (Path(url.database), Path(url.database + "-wal")):
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    copy = tmp_path / "kopio.sqlite3"
    old = os.umask(0o022)
    try:
        result = runner.invoke(args=["backup", str(copy)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_no_log_line_holds_an_ip_address(app, settings):
    server = Gunicorn(settings["SQLALCHEMY_DATABASE_URI"], workers=1)
    codes = []
    try:
        _status, html, cookie = request(server.port, "GET", "/staff/login")
        body = f"csrf_token={csrf_from(html)}&email=x%40y.fi&password=x"
        for _ in range(12):  # past the login limit: a limit breach logs nothing with the address
            codes.append(request(server.port, "POST", "/staff/login", body=body, cookie=cookie)[0])
        codes.append(request(server.port, "GET", "/no/such/page")[0])
        codes.append(request(server.port, "POST", "/kittila/join", body="name=x")[0])
    finally:
        log = server.stop()
    assert 429 in codes
    assert "127.0.0.1" not in log


def test_retention_forgets_report_keys_and_purges_mailbox_files(client, factory, app):
    from datetime import timedelta

    from tests.idea_factory import make_board, published_idea
    from webapp.core.clock import utcnow
    from webapp.core.retention import run_all
    from webapp.ideas.models import Report
    from webapp.outbox.models import OutboxMessage, OutboxStatus
    from webapp.outbox.services import deliver_due, enqueue_email

    org = factory.organisation("kittila")
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    page = f"{board.url}/{idea_id}"
    post_form(client, f"{page}/report", {"reason": "offensive"}, page=page)
    with app.test_request_context():
        from webapp.orgs.models import Organisation

        enqueue_email("vanhempi@perhe.example", "moderation_digest", "fi",
                      organisation=db.session.get(Organisation, org.id), ideas=1, comments=0, corrections=0,
                      link="https://example.fi/")
        db.session.commit()
        deliver_due()
    mailbox = Path(app.config["OUTBOX_DIR"])
    assert list(mailbox.glob("*.eml"))
    with app.app_context():
        [report] = db.session.scalars(sa.select(Report)).all()
        assert not report.reporter.startswith("expired:")
        assert db.session.scalar(sa.select(OutboxMessage.status)) is OutboxStatus.SENT
        counts = run_all(utcnow() + timedelta(days=31))
        assert db.session.scalar(sa.select(Report.reporter)) == f"expired:{report.id}"
    assert counts["keys of who reported an idea or comment, 2 days old"] == 1
    assert list(mailbox.glob("*.eml")) == []
