"""The outbox: email is written with the change and delivered by the worker, even after
an SMTP outage; emails are in the recipient's language."""

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import SmtpRecorder, free_port
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.outbox.models import OutboxMessage, OutboxStatus
from webapp.outbox.services import backoff, deliver_due, enqueue_email


def queue_reset_email(app, locale="fi", recipient="a@kittila.example"):
    from webapp.auth.models import User

    with app.test_request_context():
        user = User(email=recipient, password_hash="x")
        enqueue_email(recipient, "password_reset", locale, user=user,
                      link="http://127.0.0.1:5000/staff/password-reset/abc", hours=1)
        db.session.commit()


def test_email_is_not_sent_when_the_change_is_rolled_back(app):
    from webapp.auth.models import User
    from webapp.auth.services import create_user

    with app.test_request_context():
        user = create_user("a@kittila.example", "long enough password")
        enqueue_email(user.email, "password_reset", "fi", user=user, link="x", hours=1)
        db.session.flush()  # both rows are written in one transaction …
        db.session.rollback()  # … and the failed change takes its email with it
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_an_email_sent_while_smtp_is_down_is_delivered_when_it_returns(app):
    port = free_port()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    queue_reset_email(app, "sms", "äʹššneǩ@kittila.example")
    with app.app_context():
        assert deliver_due() == {"sent": 0, "failed": 1}
        message = db.session.scalar(sa.select(OutboxMessage))
        assert message.status is OutboxStatus.PENDING and message.attempts == 1
        assert message.last_error.startswith("ConnectionRefusedError")
        assert message.next_attempt_at > utcnow()
        assert deliver_due() == {"sent": 0, "failed": 0}  # not due again before the backoff
    server = SmtpRecorder(port).start()
    try:
        with app.app_context():
            assert deliver_due(now=utcnow() + timedelta(minutes=5)) == {"sent": 1, "failed": 0}
            assert db.session.scalar(sa.select(OutboxMessage)).status is OutboxStatus.SENT
        [email] = server.wait_for(1)
    finally:
        server.stop()
    assert email["To"] == "äʹššneǩ@kittila.example"
    assert email["Content-Language"] == "sms"
    assert "http://127.0.0.1:5000/staff/password-reset/abc" in email.get_content()


def test_worker_command_drains_the_outbox(app, smtp):
    app.config["SMTP_URL"] = smtp.url
    for n in range(3):
        queue_reset_email(app, recipient=f"user{n}@kittila.example")
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "sent 3" in result.output
    assert sorted(m["To"] for m in smtp.wait_for(3)) == [f"user{n}@kittila.example" for n in range(3)]


def test_without_smtp_url_mail_goes_to_eml_files(app, tmp_path):
    app.config["OUTBOX_DIR"] = str(tmp_path / "outbox")
    queue_reset_email(app, "se")
    with app.app_context():
        assert deliver_due()["sent"] == 1
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert b"Content-Language: se" in eml.read_bytes()


def test_emails_are_rendered_in_the_recipients_language(app):
    subjects = {}
    for locale in ("fi", "sv", "en"):
        queue_reset_email(app, locale, f"{locale}@kittila.example")
    with app.app_context():
        for message in db.session.scalars(sa.select(OutboxMessage)):
            subjects[message.locale] = message.subject
    assert subjects["en"] == "Set a new password for Yhessä"
    assert len(set(subjects.values())) == 3


def test_a_message_is_given_up_after_the_last_attempt(app):
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    queue_reset_email(app)
    with app.app_context():
        deliver_due()
        deliver_due(now=utcnow() + timedelta(hours=2))
        assert db.session.scalar(sa.select(OutboxMessage)).status is OutboxStatus.FAILED


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == timedelta(hours=1)
