"""The staff area: roles, organisations kept apart, translatable fields, audit events."""

import re

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from webapp.audit.models import AuditEvent
from webapp.auth.models import Role, User
from webapp.core.database import db
from webapp.orgs.models import Organisation, ServiceArea
from webapp.outbox.models import OutboxMessage


@pytest.fixture
def two_orgs(factory):
    kittila = factory.organisation("kittila", locales=("fi", "se", "sv", "en"))
    sodankyla = factory.organisation("sodankyla", locales=("fi", "se", "smn", "sms", "sv", "en"))
    return kittila, sodankyla


def audit_actions(app, organisation=None):
    with app.app_context():
        query = sa.select(AuditEvent.action).order_by(AuditEvent.id)
        if organisation is not None:
            query = query.where(AuditEvent.organisation_id == organisation.id)
        return db.session.scalars(query).all()


@pytest.mark.parametrize("role, path, status", [
    ("coordinator", "/staff/kittila/service-areas", 200),
    ("coordinator", "/staff/kittila/users", 403),
    ("coordinator", "/staff/kittila/legal", 403),
    ("core_group", "/staff/kittila/service-areas", 403),
    ("steering_group", "/staff/kittila/", 200),
    ("steering_group", "/staff/kittila/settings", 403),
    ("admin", "/staff/kittila/users", 200),
    ("admin", "/staff/kittila/audit", 200),
    ("admin", "/staff/sodankyla/", 403),
    ("admin", "/staff/sodankyla/users", 403),
    ("admin", "/staff/organisations", 403),
])
def test_roles_decide_what_a_staff_member_sees(client, auth, factory, two_orgs, role, path, status):
    user = factory.user(f"{role}@kittila.example", organisation=two_orgs[0], role=role)
    auth.login(user.email)
    assert client.get(path).status_code == status


def test_site_admin_creates_an_organisation(client, auth, factory, app):
    admin = factory.user("root@yhessa.example", site_admin=True)
    auth.login(admin.email)
    response = post_form(client, "/staff/organisations", {
        "slug": "inari", "name-fi": "Inarin perhekeskus", "name-smn": "Anarâ peerâkuávdáš",
        "contact_email": "perhekeskus@inari.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/inari/"
    assert "Anarâ peerâkuávdáš" in client.get("/inari/?lang=smn").get_data(as_text=True)
    taken = post_form(client, "/staff/organisations", {
        "slug": "inari", "name-fi": "Toinen", "contact_email": "x@inari.example"})
    assert taken.status_code == 200 and 'aria-invalid="true"' in taken.get_data(as_text=True)
    reserved = post_form(client, "/staff/organisations", {
        "slug": "login", "name-fi": "Kirjautuminen", "contact_email": "x@inari.example"})
    assert reserved.status_code == 200
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1
    assert "organisation.create" in audit_actions(app)


def test_translatable_fields_offer_one_input_per_content_language(client, auth, factory, two_orgs):
    for org in two_orgs:
        factory.user(f"admin@{org.slug}.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    kittila = client.get("/staff/kittila/service-areas/new").get_data(as_text=True)
    assert [code for code in ("fi", "se", "smn", "sms", "sv", "en")
            if f'name="name-{code}"' in kittila] == ["fi", "se", "sv", "en"]
    auth.logout()
    auth.login("admin@sodankyla.example")
    sodankyla = client.get("/staff/sodankyla/service-areas/new").get_data(as_text=True)
    for code in ("fi", "se", "smn", "sms", "sv", "en"):
        assert f'name="name-{code}" lang="{code}"' in sodankyla


def test_coordinator_adds_and_edits_a_service_area(client, auth, factory, two_orgs, app):
    user = factory.user("k@kittila.example", organisation=two_orgs[0])
    auth.login(user.email)
    missing_fi = post_form(client, "/staff/kittila/service-areas/new?lang=en",
                           {"key": "neuvola", "name-se": "Rávvehat", "is_active": "y"})
    assert missing_fi.status_code == 200
    page = missing_fi.get_data(as_text=True)
    assert "Write this text at least in Finnish." in page
    assert 'value="Rávvehat"' in page  # nothing typed is lost
    created = post_form(client, "/staff/kittila/service-areas/new", {
        "key": "neuvola", "name-fi": "Neuvola", "name-se": "Rávvehat", "is_active": "y"})
    assert created.status_code == 302
    listing = client.get("/staff/kittila/service-areas").get_data(as_text=True)
    assert "Neuvola" in listing and "svenska" in listing and "English" in listing
    with app.app_context():
        area = db.session.scalar(sa.select(ServiceArea))
        area_id = area.id
        assert area.name == {"fi": "Neuvola", "se": "Rávvehat"}
    form = client.get(f"/staff/kittila/service-areas/{area_id}").get_data(as_text=True)
    assert 'value="Rávvehat"' in form
    assert '<span lang="sv">svenska</span>, <span lang="en">English</span>' in form  # missing
    post_form(client, f"/staff/kittila/service-areas/{area_id}", {
        "key": "neuvola", "name-fi": "Neuvola", "name-se": "Rávvehat", "name-sv": "Rådgivning"})
    with app.app_context():
        area = db.session.get(ServiceArea, area_id)
        assert area.name["sv"] == "Rådgivning" and area.is_active is False
    duplicate = post_form(client, "/staff/kittila/service-areas/new",
                          {"key": "neuvola", "name-fi": "Toinen"})
    assert duplicate.status_code == 200
    assert audit_actions(app, two_orgs[0]).count("service_area.create") == 1
    assert "service_area.update" in audit_actions(app, two_orgs[0])


def test_a_service_area_of_another_organisation_is_not_found(client, auth, factory, two_orgs, app):
    with app.app_context():
        from webapp.orgs.services import save_service_area

        area = save_service_area(db.session.get(Organisation, two_orgs[1].id), None,
                                 key="koulu", name={"fi": "Koulu"})
        db.session.commit()
        area_id = area.id
    user = factory.user("k@kittila.example", organisation=two_orgs[0])
    auth.login(user.email)
    assert client.get(f"/staff/kittila/service-areas/{area_id}").status_code == 404


def test_admin_adds_a_user_who_gets_a_welcome_email(client, auth, factory, two_orgs, app):
    admin = factory.user("admin@kittila.example", organisation=two_orgs[0], role="admin")
    auth.login(admin.email)
    response = post_form(client, "/staff/kittila/users?lang=se", {
        "email": "Uusi.Jasen@Kittila.example", "display_name": "Uusi Jäsen", "role": "core_group"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "uusi.jasen@kittila.example"))
        assert user.roles_in(db.session.get(Organisation, two_orgs[0].id)) == {Role.CORE_GROUP}
        message = db.session.scalar(sa.select(OutboxMessage))
        assert message.recipient == user.email and message.locale == "se"
        assert "/staff/password-reset/" in message.body
    assert {"user.create", "membership.grant"} <= set(audit_actions(app, two_orgs[0]))
    with app.app_context():
        details = db.session.scalars(sa.select(AuditEvent.details).where(AuditEvent.action == "user.create")).all()
    assert details and "kittila.example" not in repr(details), "the target id says who, not the address"


def test_admin_changes_roles_but_keeps_one_admin(client, auth, factory, two_orgs, app):
    admin = factory.user("admin@kittila.example", organisation=two_orgs[0], role="admin")
    member = factory.user("m@kittila.example", organisation=two_orgs[0], role="core_group")
    auth.login(admin.email)
    post_form(client, f"/staff/kittila/users/{member.id}/roles",
              {f"u{member.id}-roles": ["core_group", "coordinator"]}, page="/staff/kittila/users")
    post_form(client, f"/staff/kittila/users/{admin.id}/roles?lang=en",
              {f"u{admin.id}-roles": ["coordinator"]}, page="/staff/kittila/users")
    with app.app_context():
        org = db.session.get(Organisation, two_orgs[0].id)
        assert db.session.get(User, member.id).roles_in(org) == {Role.CORE_GROUP, Role.COORDINATOR}
        assert Role.ADMIN in db.session.get(User, admin.id).roles_in(org)
    page = client.get("/staff/kittila/users?lang=en").get_data(as_text=True)
    assert "must keep at least one administrator" in page
    assert audit_actions(app, two_orgs[0]).count("membership.grant") >= 3


def test_admin_edits_the_legal_texts_and_the_privacy_version_grows(client, auth, factory, two_orgs, app):
    admin = factory.user("admin@kittila.example", organisation=two_orgs[0], role="admin")
    auth.login(admin.email)
    default = client.get("/kittila/privacy?lang=en").get_data(as_text=True)
    assert "Data Protection Ombudsman" in default and "Version 1" in default
    texts = {"privacy_text-fi": "## Rekisterinpitäjä\n\nKittilän kunta <script>alert(1)</script>",
             "accessibility_text-fi": ""}
    preview = post_form(client, "/staff/kittila/legal", {**texts, "action": "preview"}).get_data(as_text=True)
    key = re.search(r'name="previewed" value="(\w+)"', preview).group(1)
    post_form(client, "/staff/kittila/legal", {**texts, "action": "publish", "previewed": key})
    fi = client.get("/kittila/privacy?lang=fi").get_data(as_text=True)
    assert "<h2>Rekisterinpitäjä</h2>" in fi and "&lt;script&gt;" in fi and "<script>" not in fi
    assert "Version 2" in client.get("/kittila/privacy?lang=en").get_data(as_text=True)
    sv = client.get("/kittila/privacy?lang=sv").get_data(as_text=True)
    assert "Rekisterinpitäjä</h2>" not in sv  # other languages keep the complete default
    assert "organisation.legal_texts" in audit_actions(app, two_orgs[0])
    with app.app_context():
        assert db.session.get(Organisation, two_orgs[0].id).privacy_notice_version == 2


def test_accessibility_statement_names_the_feedback_channel_and_traficom(client, factory):
    factory.organisation("kittila", contact_email="palaute@kittila.example")
    for lang in ("fi", "se", "smn", "sms", "sv", "en"):
        text = client.get(f"/kittila/accessibility?lang={lang}").get_data(as_text=True)
        assert "palaute@kittila.example" in text and "Traficom" in text
        assert "saavutettavuus@traficom.fi" in text and "029 534 5000" in text
    english = client.get("/kittila/accessibility?lang=en").get_data(as_text=True)
    assert "We answer within 14 days." in english and "WCAG 2.1" in english


def test_staff_pages_are_not_cached(client, auth, factory, two_orgs):
    user = factory.user("k@kittila.example", organisation=two_orgs[0])
    auth.login(user.email)
    assert client.get("/staff/kittila/").headers["Cache-Control"] == "no-store"


def test_admin_edits_the_settings(client, auth, factory, two_orgs, app):
    admin = factory.user("admin@kittila.example", organisation=two_orgs[0], role="admin")
    auth.login(admin.email)
    page = client.get("/staff/kittila/settings")
    assert page.status_code == 200 and 'name="content_locales"' in page.get_data(as_text=True)
    saved = post_form(client, "/staff/kittila/settings", {
        "name-fi": "Kittilän perhekeskus", "description-fi": "Tervetuloa!", "contact_email": "uusi@kittila.example",
        "dpo_contact": "tietosuoja@kittila.example", "content_locales": ["fi", "se", "smn"]})
    assert saved.status_code == 302
    with app.app_context():
        org = db.session.get(Organisation, two_orgs[0].id)
        assert org.content_locales == ["fi", "se", "smn"] and org.contact_email == "uusi@kittila.example"
    assert "organisation.update" in audit_actions(app, two_orgs[0])
    tampered = post_form(client, "/staff/kittila/settings?lang=en", {
        "name-fi": "X", "contact_email": "uusi@kittila.example", "content_locales": ["fi", "klingon"]})
    assert tampered.status_code == 200 and "Not a valid choice." in tampered.get_data(as_text=True)
    bad_role = post_form(client, f"/staff/kittila/users/{admin.id}/roles",
                         {f"u{admin.id}-roles": ["admin", "emperor"]}, page="/staff/kittila/users")
    assert bad_role.status_code == 302
    with app.app_context():
        assert db.session.get(User, admin.id).roles_in(db.session.get(Organisation, two_orgs[0].id)) == {Role.ADMIN}


def test_every_audit_action_has_a_translated_label():
    """Every action the code records has a label, so staff read the log in their language."""
    import re
    from pathlib import Path

    from webapp.audit.labels import ACTION_LABELS

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("webapp").rglob("*.py"))
    fixed = set(re.findall(r'record\("([a-z_]+\.[a-z_]+)"', source))
    kinds = {"idea", "comment"}
    moderation = {f"moderation.{k}_{a}" for k in kinds for a in ("publish", "reject", "hide", "restore",
                                                                  "reports_dismissed")}
    survey_items = {f"survey.{k}_{d}" for k in ("question", "option") for d in ("deleted", "retired")}
    other = {"survey.question_create", "survey.question_update", "service_area.create", "service_area.update",
             "board.create", "board.update", "survey.answer_shown"}
    assert fixed | moderation | survey_items | other <= set(ACTION_LABELS)


def test_the_audit_log_reads_in_the_staff_language(client, auth, factory, two_orgs):
    admin = factory.user("admin@kittila.example", organisation=two_orgs[0], role="admin")
    auth.login(admin.email)
    post_form(client, "/staff/kittila/users", {"email": "uusi@kittila.example", "role": "core_group"})
    page = client.get("/staff/kittila/audit?lang=en").get_data(as_text=True)
    assert "Role given" in page and "Staff account created" in page


def test_a_page_number_out_of_any_range_shows_a_page_not_an_error(client, auth, factory):
    """Paged staff lists read `page` through one bounded parser: a 20-digit or broken page
    number is the last or the first page, never a server error."""
    org = factory.organisation("kittila")
    factory.user("admin@kittila.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    for page in ("99999999999999999999", "-3", "x", "²"):
        for path in ("/staff/kittila/audit", "/staff/kittila/volunteers"):
            assert client.get(f"{path}?page={page}").status_code == 200, (path, page)
