"""Commands: create-user, demo-data, purge."""

from datetime import timedelta

import sqlalchemy as sa

from webapp.auth.models import Role, User
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage, OutboxStatus


def test_create_user_with_a_role_in_an_organisation(runner, factory, app, auth):
    factory.organisation("kittila")
    result = runner.invoke(args=["create-user", "Ritva@Kittila.example", "--role", "coordinator",
                                 "--org", "kittila", "--password", "pitkä salasana 123"])
    assert result.exit_code == 0, result.output
    assert auth.login("ritva@kittila.example", "pitkä salasana 123").status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ritva@kittila.example"))
        org = db.session.scalar(sa.select(Organisation))
        assert user.roles_in(org) == {Role.COORDINATOR}


def test_create_user_prompts_for_the_password(runner, factory, auth):
    result = runner.invoke(args=["create-user", "root@yhessa.example", "--role", "site_admin"],
                           input="salainen lause 42\nsalainen lause 42\n")
    assert result.exit_code == 0, result.output
    assert auth.login("root@yhessa.example", "salainen lause 42").status_code == 302


def test_create_user_refuses_bad_input(runner, factory):
    factory.organisation("kittila")
    no_org = runner.invoke(args=["create-user", "a@b.fi", "--role", "admin", "--password", "x" * 20])
    assert no_org.exit_code != 0 and "--org" in no_org.output
    unknown = runner.invoke(args=["create-user", "a@b.fi", "--role", "admin", "--org", "oulu",
                                  "--password", "x" * 20])
    assert unknown.exit_code != 0 and "oulu" in unknown.output
    short = runner.invoke(args=["create-user", "a@b.fi", "--role", "admin", "--org", "kittila",
                                "--password", "short"])
    assert short.exit_code != 0 and "12" in short.output


def test_demo_data_is_idempotent_and_prints_logins(runner, app, auth):
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "koordinaattori@kittila.example" in first.output and "yhessa-demo-2026" in first.output
    with app.app_context():
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (User, Organisation)]
    again = runner.invoke(args=["demo-data"])
    skipped = runner.invoke(args=["demo-data", "--if-empty"])
    assert again.exit_code == 0 and "not loaded" in skipped.output
    with app.app_context():
        assert counts == [db.session.scalar(sa.select(sa.func.count()).select_from(m))
                          for m in (User, Organisation)]
        slugs = set(db.session.scalars(sa.select(Organisation.slug)))
    assert slugs == {"kittila", "sodankyla", "lappi"}  # lappi: the demo wellbeing services county
    for role in ("admin", "koordinaattori", "ydinryhma", "ohjausryhma"):
        assert auth.login(f"{role}@sodankyla.example", "yhessa-demo-2026").status_code == 302
        auth.logout()


def test_purge_removes_old_delivered_mail_and_keeps_the_rest(runner, app):
    now = utcnow()
    with app.app_context():
        for status, sent_days_ago in ((OutboxStatus.SENT, 40), (OutboxStatus.SENT, 1),
                                      (OutboxStatus.PENDING, None)):
            db.session.add(OutboxMessage(recipient="a@b.fi", subject="s", body="b", locale="fi",
                                         status=status,
                                         sent_at=now - timedelta(days=sent_days_ago) if sent_days_ago else None))
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        left = db.session.scalars(sa.select(OutboxMessage.status)).all()
    assert sorted(s.value for s in left) == ["pending", "sent"]
