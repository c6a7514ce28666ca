"""The coordinators' register: who may see it, filters, groups, invitations with one-time links,
audited views and exports, phone-only sign-ups, and developer-clients hearing of decisions."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from tests.survey_factory import make_survey
from tests.volunteer_factory import add_volunteer, volunteers
from webapp.audit.models import AuditEvent
from webapp.backlog import services as backlog
from webapp.backlog.models import BacklogStatus, Workshop
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area
from webapp.outbox.models import OutboxMessage
from webapp.surveys.models import Response
from webapp.volunteers.models import Volunteer, VolunteerGroup, VolunteerInvitation, VolunteerStatus


@pytest.fixture
def org(factory, app):
    org = factory.organisation("kittila")
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        save_service_area(organisation, None, key="neuvola", name={"fi": "Neuvola"})
        save_service_area(organisation, None, key="koulu", name={"fi": "Koulu"})
        db.session.commit()
    return org


@pytest.fixture
def coordinator(factory, auth, org):
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    return org


def area_id(app, key):
    with app.app_context():
        return db.session.scalar(sa.text("select id from service_area where key = :k"), {"k": key})


def audit_actions(app) -> list[tuple[str, dict]]:
    with app.app_context():
        return [(e.action, e.details) for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
                if e.action.startswith("volunteer")]


def make_group(app, org, name, member_ids) -> int:
    with app.test_request_context():
        from webapp.volunteers import roster

        organisation = db.session.get(Organisation, org.id)
        group = roster.save_group(organisation, None, name=name, description="")
        roster.set_members(group, roster.of_organisation(organisation, member_ids))
        db.session.commit()
        return group.id


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("coordinator", 200), ("core_group", 403), ("steering_group", 403),
])
def test_only_coordinators_and_admins_see_the_register(client, auth, factory, app, org, role, status):
    person = add_volunteer(app, org)
    factory.user("staff@kittila.example", organisation=org, role=role)
    auth.login("staff@kittila.example")
    assert client.get("/staff/kittila/volunteers").status_code == status
    assert client.get(f"/staff/kittila/volunteers/{person}").status_code == status


def test_staff_of_another_organisation_cannot_see_the_register(client, auth, factory, app, org):
    add_volunteer(app, org)
    other = factory.organisation("sodankyla")
    factory.user("k@sodankyla.example", organisation=other, role="coordinator")
    auth.login("k@sodankyla.example")
    assert client.get("/staff/kittila/volunteers").status_code == 403
    person = add_volunteer(app, org, name="Toinen", email="toinen@perhe.example")
    assert client.get(f"/staff/sodankyla/volunteers/{person}").status_code == 404


def test_filters_find_the_right_people(client, app, coordinator):
    aino = add_volunteer(app, coordinator, name="Aino", email="aino@perhe.example", languages=("fi",),
                         area_keys=("neuvola",))
    maret = add_volunteer(app, coordinator, name="Máret", email="maret@perhe.example", languages=("se", "fi"),
                          area_keys=("koulu",))
    add_volunteer(app, coordinator, name="Uusi", email="uusi@perhe.example", confirmed=False)
    make_group(app, coordinator, "Nuorten raati", [maret])

    def names(query):
        html = client.get(f"/staff/kittila/volunteers?{query}").get_data(as_text=True)
        return re.findall(r'/staff/kittila/volunteers/\d+">([^<]+)</a>', html)

    assert names("") == ["Aino", "Máret", "Uusi"]
    assert names("language=se") == ["Máret"]
    assert names(f"area={area_id(app, 'neuvola')}") == ["Aino"]
    assert names("status=unconfirmed") == ["Uusi"]
    assert names("q=MAR") == ["Máret"]
    group = db_group_id(app, "Nuorten raati")
    assert names(f"group={group}") == ["Máret"]
    assert names("activity=dormant") == []
    assert aino


def db_group_id(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(VolunteerGroup.id).where(VolunteerGroup.name == name))


def test_viewing_and_editing_a_person_writes_audit_events_without_their_data(client, app, coordinator):
    person = add_volunteer(app, coordinator, name="Aino", email="aino@perhe.example")
    page = client.get(f"/staff/kittila/volunteers/{person}")
    assert "aino@perhe.example" in page.get_data(as_text=True)
    edit = client.get(f"/staff/kittila/volunteers/{person}/edit").get_data(as_text=True)
    client.post(f"/staff/kittila/volunteers/{person}/edit", data={
        "csrf_token": csrf_from(edit), "name": "Aino K.", "email": "aino@perhe.example", "phone": "040 111 2222",
        "age_range": "30-44", "languages": "fi"})
    post_form(client, f"/staff/kittila/volunteers/{person}/notes", {"staff_notes": "Soita iltaisin"},
              page=f"/staff/kittila/volunteers/{person}")
    actions = audit_actions(app)
    assert [a for a, _ in actions].count("volunteer.view") >= 2
    assert ("volunteer.update", {"fields": ["name", "phone"]}) in actions
    assert "volunteer.notes" in [a for a, _ in actions]
    assert "Aino" not in repr(actions) and "040" not in repr(actions)


def test_contact_export_asks_for_a_reason_and_is_audited(client, app, coordinator):
    add_volunteer(app, coordinator, name="=HYPERLINK(\"x\")", email="a@perhe.example", languages=("se",))
    add_volunteer(app, coordinator, name="Bertta", email="b@perhe.example", languages=("fi",))
    refused = post_form(client, "/staff/kittila/volunteers/export.csv?language=se", {"reason": ""},
                        page="/staff/kittila/volunteers")
    assert refused.status_code == 302 and [a for a, _ in audit_actions(app)].count("volunteer.export") == 0
    response = post_form(client, "/staff/kittila/volunteers/export.csv?language=se",
                         {"reason": "Kutsu työpajaan"}, page="/staff/kittila/volunteers")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Nimi", "Sähköposti", "Puhelin"]
    assert [row[1] for row in rows[1:]] == ["a@perhe.example"]
    assert rows[1][0].startswith("'="), "a formula is not run by the spreadsheet"
    [(action, details)] = [a for a in audit_actions(app) if a[0] == "volunteer.export"]
    assert details["reason"] == "Kutsu työpajaan" and details["rows"] == 1 and details["filters"] == {
        "language": "se"}
    searched = post_form(client, "/staff/kittila/volunteers/export.csv?q=Bertta", {"reason": "Haastattelu"},
                         page="/staff/kittila/volunteers")
    assert "b@perhe.example" in searched.get_data(as_text=True)
    details = [d for a, d in audit_actions(app) if a == "volunteer.export"][-1]
    assert details["filters"] == {"searched": True} and "Bertta" not in repr(details)


def test_contact_export_opens_in_columns_in_finnish_excel(client, app, coordinator):
    aino = add_volunteer(app, coordinator, name="Aino, äiti", languages=("fi", "se"),
                         area_keys=("neuvola", "koulu"))
    add_volunteer(app, coordinator, name="Bertta", email=None, phone="+358401234567", languages=("sms",),
                  confirmed=False)
    make_group(app, coordinator, "Vauvaperheet", [aino])
    make_group(app, coordinator, "Isien ryhmä", [aino])
    response = post_form(client, "/staff/kittila/volunteers/export.csv", {"reason": "Kutsu työpajaan"},
                         page="/staff/kittila/volunteers")
    assert response.headers["Content-Disposition"] == "attachment; filename=developer-clients.csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == 3
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nimi", "Sähköposti", "Puhelin", "Kielet", "Tila", "Ryhmät", "Kiinnostuksen kohteet",
                       "Suostumukset"]
    assert rows[1] == ["Aino, äiti", "aino@perhe.example", "", "suomi, davvisámegiella", "Aktiivinen",
                       "Isien ryhmä, Vauvaperheet", "Neuvola, Koulu",
                       "Minuun saa ottaa yhteyttä ja kutsua minut osallistumaan"]
    assert rows[2] == ["Bertta", "", "'+358401234567", "sääʹmǩiõll", "Odottaa puhelua", "", "",
                       "Minuun saa ottaa yhteyttä ja kutsua minut osallistumaan"]
    english = post_form(client, "/staff/kittila/volunteers/export.csv?lang=en", {"reason": "Työpaja"},
                        page="/staff/kittila/volunteers?lang=en")
    header = next(csv.reader(io.StringIO(english.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert header[:4] == ["Name", "Email", "Phone", "Languages"]


def test_a_group_invited_to_a_survey_gets_personal_links_that_work_once(client, app, coordinator):
    survey = make_survey(app, coordinator, locales=("fi", "se"))
    aino = add_volunteer(app, coordinator, name="Aino", email="aino@perhe.example", locale="fi")
    maret = add_volunteer(app, coordinator, name="Máret", email="maret@perhe.example", locale="se")
    paused = add_volunteer(app, coordinator, name="Tauko", email="tauko@perhe.example")
    with app.app_context():
        db.session.get(__import__("webapp.volunteers.models", fromlist=["Volunteer"]).Volunteer,
                       paused).status = VolunteerStatus.PAUSED
        db.session.commit()
    group = make_group(app, coordinator, "Vauvaperheet", [aino, maret, paused])

    page = client.get(f"/staff/kittila/volunteers/invite?group={group}&lang=en").get_data(as_text=True)
    result = client.post("/staff/kittila/volunteers/invite", data={
        "csrf_token": csrf_from(page), "group_id": group, "kind": "survey", "survey_id": survey.id,
        "workshop_id": 0, "volunteer_ids": ""})
    assert result.status_code == 200
    text = result.get_data(as_text=True)
    assert "2 invitations are on their way by email." in text
    assert "1 person was skipped" in text

    with app.app_context():
        emails = {m.recipient: m for m in db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.body.contains("/surveys/")))}
        invitations = db.session.scalars(sa.select(VolunteerInvitation)).all()
        assert len(invitations) == 2
    assert set(emails) == {"aino@perhe.example", "maret@perhe.example"}
    assert emails["maret@perhe.example"].locale == "se" and "lang=se" in emails["maret@perhe.example"].body

    with app.app_context():
        changed_before = {v.email: (v.updated_at, v.last_active_at) for v in db.session.scalars(sa.select(Volunteer))}
    for recipient in emails:
        link = re.search(r"https?://[^/\s]+(/kittila/surveys/\S+)", emails[recipient].body).group(1)
        form = client.get(link)
        assert form.status_code == 200 and 'name="i"' in form.get_data(as_text=True)
        html = form.get_data(as_text=True)
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        invitation_token = re.search(r'name="i" value="([^"]+)"', html).group(1)
        stored = client.post(link, data={"token": token, "i": invitation_token,
                                         f"q{survey.single}": survey.mother})
        assert stored.status_code == 302, stored.get_data(as_text=True)[:500]
        again = client.get(link)
        assert again.status_code == 200 and 'name="token"' not in again.get_data(as_text=True), "used once only"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 2
        for person in db.session.scalars(sa.select(Volunteer).where(Volunteer.email.in_(emails))):
            # nothing on their row tells that, or when, they answered
            assert (person.updated_at, person.last_active_at) == changed_before[person.email]
    history = client.get(f"/staff/kittila/volunteers/{aino}?lang=fi").get_data(as_text=True)
    assert "Neuvolakysely" in history and "Vastasi" not in history
    # A second invitation to the same survey skips everyone already invited.
    client.post("/staff/kittila/volunteers/invite", data={
        "csrf_token": csrf_from(page), "group_id": group, "kind": "survey", "survey_id": survey.id,
        "workshop_id": 0, "volunteer_ids": ""})
    with app.app_context():
        assert len(db.session.scalars(sa.select(VolunteerInvitation)).all()) == 2


def test_phone_only_people_are_confirmed_by_the_coordinator_and_listed_to_call(client, app, coordinator):
    person = add_volunteer(app, coordinator, name="Jouni", email=None, phone="+358501112233", confirmed=False)
    assert volunteers(app)[0].status is VolunteerStatus.AWAITING_CALL
    post_form(client, f"/staff/kittila/volunteers/{person}/confirm", {"method": "phone"},
              page=f"/staff/kittila/volunteers/{person}")
    [jouni] = volunteers(app)
    assert jouni.status is VolunteerStatus.ACTIVE
    survey = make_survey(app, coordinator)
    page = client.get(f"/staff/kittila/volunteers/invite?id={person}").get_data(as_text=True)
    result = client.post("/staff/kittila/volunteers/invite", data={
        "csrf_token": csrf_from(page), "group_id": 0, "kind": "survey", "survey_id": survey.id, "workshop_id": 0,
        "volunteer_ids": str(person)}).get_data(as_text=True)
    assert "tel:+358501112233" in result and "/kittila/surveys/kysely?i=" in result
    assert ("volunteer.confirm", {"method": "phone"}) in audit_actions(app)


def test_workshop_participants_hear_of_the_decision_in_their_language(client, app, coordinator):
    maret = add_volunteer(app, coordinator, name="Máret", email="maret@perhe.example", locale="se")
    with app.test_request_context():
        organisation = db.session.get(Organisation, coordinator.id)
        item = backlog.create_item(organisation, title="Iltavastaanotto", description="")
        from datetime import date, timedelta

        workshop = Workshop(organisation_id=organisation.id, title="Työpaja", held_on=date.today() + timedelta(days=2))
        db.session.add(workshop)
        db.session.flush()
        backlog.add_to_agenda(workshop, item)
        db.session.commit()
        workshop_id, item_id = workshop.id, item.id
    page = client.get(f"/staff/kittila/volunteers/invite?workshop={workshop_id}&id={maret}").get_data(as_text=True)
    client.post("/staff/kittila/volunteers/invite", data={
        "csrf_token": csrf_from(page), "group_id": 0, "kind": "workshop", "survey_id": 0,
        "workshop_id": workshop_id, "volunteer_ids": str(maret)})
    workshop_page = client.get(f"/staff/kittila/workshops/{workshop_id}").get_data(as_text=True)
    assert re.search(r"\b1\b", workshop_page)
    with app.test_request_context():
        from webapp.backlog.models import BacklogItem

        backlog.change_status(db.session.get(BacklogItem, item_id), BacklogStatus.CONSIDERING, note="")
        db.session.commit()
        emails = db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.recipient == "maret@perhe.example").order_by(OutboxMessage.id)).all()
    assert [m.locale for m in emails] == ["se", "se", "se"]  # confirmation, workshop invitation, status
    assert "Iltavastaanotto" in emails[-1].body


def test_an_id_too_long_for_the_database_is_simply_not_found(client, coordinator):
    assert client.get("/staff/kittila/volunteers/99999999999999999999999").status_code == 404


def test_a_coordinator_types_in_a_paper_sign_up_with_how_consent_was_given(client, app, coordinator):
    from webapp.volunteers.models import ConsentMethod, ConsentPurpose, Volunteer

    paper = {"name": "Jouni Ǩiõʹǥǥ", "phone": "040 765 4321", "age_range": "45-64", "languages": ["fi", "sms"],
             "locale": "sms", "method": "paper", "contact_consent": "y", "quote_consent": "y"}
    page = "/staff/kittila/volunteers/new?lang=en"
    refused = post_form(client, page, {**paper, "contact_consent": "", "method": ""}).get_data(as_text=True)
    assert "A developer-client can be added only with their consent to be contacted." in refused
    assert "Choose how the person gave their consent." in refused  # no silent default
    response = post_form(client, page, paper)
    assert response.status_code == 302
    with app.app_context():
        [person] = db.session.scalars(sa.select(Volunteer)).all()
        assert person.status is VolunteerStatus.ACTIVE and person.phone == "+358407654321"
        assert person.locale == "sms" and person.name == "Jouni Ǩiõʹǥǥ"
        assert {(c.purpose, c.method) for c in person.consents} == {
            (ConsentPurpose.CONTACT, ConsentMethod.PAPER), (ConsentPurpose.QUOTE, ConsentMethod.PAPER)}
        assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "volunteer.add"))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0  # no email to send
    again = post_form(client, page, {**paper, "phone": "+358 40 765 4321"})
    assert again.status_code == 422
    assert "This email address or phone number is in another registration." in again.get_data(as_text=True)
    assert 'id="phone-error"' in again.get_data(as_text=True)  # the matching field carries the message
    child = post_form(client, page, {**paper, "phone": "050 111 2222", "age_range": "under13"})
    assert child.status_code == 422 and "takes part together with a guardian" in child.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 1
    emailed = post_form(client, page, {**paper, "name": "Aili", "phone": "", "email": "aili@perhe.example",
                                       "locale": "se", "method": "in_person"})
    assert emailed.status_code == 302
    with app.app_context():  # the person hears of it at once, with their own page, in their language
        [message] = db.session.scalars(sa.select(OutboxMessage)).all()
        assert message.recipient == "aili@perhe.example" and message.locale == "se"
        assert "/kittila/join/manage/" in message.body
