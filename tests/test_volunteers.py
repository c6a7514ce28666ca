"""Developer-clients: sign-up with double opt-in, self-service by emailed link, withdrawal that
erases, and what a family sees when they get something wrong."""

import json
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from tests.volunteer_factory import SIGNUP, add_volunteer, last_link, sign_up, volunteers
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.retention import run_all
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area
from webapp.outbox.models import OutboxMessage
from webapp.volunteers.models import ConsentPurpose, SignupTally, Volunteer, VolunteerStatus
from webapp.volunteers.services import InvalidPhone, normalise_phone


@pytest.fixture
def org(factory, app):
    org = factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"})
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        save_service_area(organisation, None, key="neuvola", name={"fi": "Neuvola", "se": "Rávvehat"})
        save_service_area(organisation, None, key="koulu", name={"fi": "Koulu", "se": "Skuvla"})
        db.session.commit()
    return org


def outbox(app, recipient=None) -> list[OutboxMessage]:
    with app.app_context():
        query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


@pytest.mark.parametrize("typed, stored", [
    ("040 123 4567", "+358401234567"), ("+358 40 123 4567", "+358401234567"), ("0401234567", "+358401234567"),
    ("00358 40 123 4567", "+358401234567"), ("+358 (0)40-123 4567", "+358401234567"), ("016 123 456", "+35816123456"),
    ("+47 912 34 567", "+4791234567"),
])
def test_finnish_and_international_phone_numbers_are_stored_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "abc", "040 12", "+358 40 123 4567 8901 2", "0401234567x"])
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)


def test_sign_up_confirmation_email_in_the_sign_up_language_and_its_link_confirms(client, app, org):
    response = sign_up(client, lang="se")
    assert response.status_code == 302 and "/kittila/join/thanks" in response.headers["Location"]
    [person] = volunteers(app)
    assert person.status is VolunteerStatus.UNCONFIRMED and person.locale == "se"
    assert person.name == "Máret Ǩuõbbâr" and person.languages == ["fi", "se"]
    [email] = outbox(app)
    assert email.locale == "se" and email.recipient == "maret@perhe.example"
    assert "Máret Ǩuõbbâr" in email.body and "Gihttela bearašguovddáš" in email.body

    link = last_link(app, "maret@perhe.example", "confirm")
    page = client.get(link)
    assert page.status_code == 200
    assert volunteers(app)[0].status is VolunteerStatus.UNCONFIRMED, "opening the link alone must not confirm"
    confirmed = client.post(link, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert confirmed.status_code == 302
    [person] = volunteers(app)
    assert person.status is VolunteerStatus.ACTIVE and person.confirmed_at is not None
    with app.app_context():
        consents = db.session.scalars(sa.select(Volunteer).where(Volunteer.id == person.id)).one().consents
        assert [(c.purpose, c.notice_version, c.method.value) for c in consents] == [
            (ConsentPurpose.CONTACT, 1, "web")]


def test_signing_up_again_makes_no_second_record_and_reveals_nothing_on_screen(client, app, org):
    sign_up(client)
    first_page = client.get("/kittila/join/thanks?by=email").get_data(as_text=True)
    client.post(last_link(app, "maret@perhe.example", "confirm"),
                data={"csrf_token": csrf_from(client.get("/kittila/join").get_data(as_text=True))})
    again = sign_up(client, name="Joku muu", email="Maret@Perhe.example")
    assert again.status_code == 302 and again.headers["Location"].endswith("/kittila/join/thanks?by=email")
    assert client.get(again.headers["Location"]).get_data(as_text=True) == first_page
    assert [v.name for v in volunteers(app)] == ["Máret Ǩuõbbâr"]
    emails = outbox(app, "maret@perhe.example")
    assert len(emails) == 2 and "/join/manage/" in emails[-1].body, "the person hears by email instead"


@pytest.mark.parametrize("fields, message", [
    ({"email": "not-an-address"}, "Enter a valid email address"),
    ({"email": "", "phone": "12345"}, "Enter a phone number such as 040 123 4567"),
    ({"email": "", "phone": ""}, "Give an email address, a phone number or both."),
    ({"age_range": "under13"}, "ask your parent or guardian to sign up with you"),
    ({"age_range": ""}, "Choose your age group."),
    ({"name": "x" * 101}, "Write at most 100 characters."),
    ({"availability": "sana " * 10_000}, "Write at most 500 characters."),
    ({"contact_consent": ""}, "We can only invite you if you agree to be contacted."),
    ({"languages": ["xx"]}, "Not a valid choice."),
])
def test_bad_sign_ups_get_a_clear_message_and_store_nothing(client, app, org, fields, message):
    response = sign_up(client, lang="en", **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert volunteers(app) == [] and outbox(app) == []


def test_under_13_message_is_translated(client, org):
    response = sign_up(client, lang="se", age_range="under13")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'lang="se"' in html
    assert "ask your parent or guardian" not in html


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_stored(client, app, org):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302
    assert volunteers(app) == [] and outbox(app) == []


def test_phone_only_sign_up_waits_for_the_coordinators_call(client, app, org):
    response = sign_up(client, email="", phone="040 765 4321")
    assert response.headers["Location"].endswith("by=phone")
    [person] = volunteers(app)
    assert person.phone == "+358407654321" and person.email is None
    assert person.status is VolunteerStatus.AWAITING_CALL and outbox(app) == []


def test_a_teenager_giving_a_parents_phone_number_is_registered_too(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example", name="Aino", phone="+358401234567")
    response = sign_up(client, lang="en", name="Iida", email="iida@perhe.example", phone="040 123 4567",
                       age_range="13-17")
    assert response.headers["Location"].endswith("by=email")
    assert sorted((p.email, p.phone) for p in volunteers(app)) == [
        ("aino@perhe.example", "+358401234567"), ("iida@perhe.example", "+358401234567")]
    assert "/join/confirm/" in outbox(app, "iida@perhe.example")[-1].body


def test_a_phone_only_sign_up_on_a_shared_phone_is_stored_and_a_repeat_is_told_so(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example", name="Aino", phone="+358401234567")
    assert sign_up(client, name="Iida", email="", phone="040 123 4567").headers["Location"].endswith("by=phone")
    assert len(volunteers(app)) == 2
    again = sign_up(client, name="iida ", email="", phone="0401234567")
    assert again.headers["Location"].endswith("by=known")
    page = client.get(again.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert "nothing new was stored" in page and "We have sent you an email" not in page
    assert "/kittila/progress" in page
    assert "Aino" not in page and "aino@" not in page  # nothing about the other person
    assert len(volunteers(app)) == 2


def test_changing_ones_own_phone_to_a_shared_number_saves_it(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example", name="Aino", phone="+358401234567")
    add_volunteer(app, org, email="iida@perhe.example", name="Iida", phone="+358409999999")
    post_form(client, "/kittila/join/manage", {"email": "iida@perhe.example"})
    link = last_link(app, "iida@perhe.example", "manage")
    saved = post_form(client, link + "?lang=en", {**SIGNUP, "name": "Iida", "email": "iida@perhe.example",
                                                  "phone": "040 123 4567"})
    assert saved.status_code == 302
    assert [p.phone for p in volunteers(app)] == ["+358401234567", "+358401234567"]


def test_the_manage_link_request_answers_the_same_for_known_and_unknown_addresses(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example")
    known = post_form(client, "/kittila/join/manage?lang=en", {"email": "aino@perhe.example"})
    unknown = post_form(client, "/kittila/join/manage?lang=en", {"email": "nobody@perhe.example"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    # L3: both ways one email is queued, so the time taken does not tell them apart either.
    [note] = outbox(app, "nobody@perhe.example")
    assert "There is no registration with this address" in note.body and "/kittila/join" in note.body
    assert "/join/manage/" not in note.body
    assert len([m for m in outbox(app, "aino@perhe.example") if "/join/manage/" in m.body]) == 1


def test_joining_answers_the_same_for_known_and_unknown_addresses(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example", name="Aino")
    known = post_form(client, "/kittila/join", {**SIGNUP, "name": "Aino", "email": "aino@perhe.example"})
    unknown = post_form(client, "/kittila/join", {**SIGNUP, "name": "Eero", "email": "eero@perhe.example"})
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert client.get(known.headers["Location"]).get_data() == client.get(unknown.headers["Location"]).get_data()
    assert len(outbox(app, "eero@perhe.example")) == 1 and len(outbox(app, "aino@perhe.example")) == 2


def test_repeated_requests_send_at_most_three_emails_an_hour(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example")  # its confirmation email counts as one
    for _ in range(5):
        post_form(client, "/kittila/join/manage", {"email": "aino@perhe.example"})
    assert len(outbox(app, "aino@perhe.example")) == 3


def test_self_service_edits_pauses_and_downloads(client, app, org):
    person_id = add_volunteer(app, org, email="aino@perhe.example", name="Aino")
    post_form(client, "/kittila/join/manage", {"email": "aino@perhe.example"})
    link = last_link(app, "aino@perhe.example", "manage")
    page = client.get(link)
    assert page.status_code == 200 and "Aino" in page.get_data(as_text=True)
    saved = post_form(client, link, {**SIGNUP, "name": "Aino Ǥiǯǯ", "email": "aino@perhe.example",
                                     "phone": "+358 40 123 4567", "quote_consent": ""})
    assert saved.status_code == 302
    person = volunteers(app)[0]
    assert person.name == "Aino Ǥiǯǯ" and person.phone == "+358401234567"

    post_form(client, f"{link}/pause", {"paused": "1"}, page=link)
    assert volunteers(app)[0].status is VolunteerStatus.PAUSED
    post_form(client, f"{link}/consent", {"quote_consent": "y"}, page=link)
    data = json.loads(client.get(f"{link}/data.json").get_data(as_text=True))
    assert data["name"] == "Aino Ǥiǯǯ" and data["status"] == "paused"
    assert {c["purpose"] for c in data["consents"] if c["withdrawn_at"] is None} == {"contact", "quote"}
    post_form(client, f"{link}/pause", {"paused": "0"}, page=link)
    assert volunteers(app)[0].status is VolunteerStatus.ACTIVE
    assert volunteers(app)[0].id == person_id


def test_a_new_email_address_takes_effect_only_when_confirmed_from_it(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example", name="Aino", phone="+358401234567")
    add_volunteer(app, org, email="toinen@perhe.example", name="Toinen")
    post_form(client, "/kittila/join/manage", {"email": "aino@perhe.example"})
    link = last_link(app, "aino@perhe.example", "manage")
    saved = post_form(client, link + "?lang=en", {**SIGNUP, "name": "Aino", "email": "aino.uusi@perhe.example",
                                                  "phone": "040 123 4567"})
    assert saved.status_code == 302
    assert "We sent a link to aino.uusi@perhe.example." in client.get(link).get_data(as_text=True)
    assert sorted(p.email for p in volunteers(app)) == ["aino@perhe.example", "toinen@perhe.example"]  # not yet
    change = last_link(app, "aino.uusi@perhe.example", "email")
    assert "Confirm" in client.get(change + "?lang=en").get_data(as_text=True)  # a GET (a mail scanner) changes nothing
    assert "aino@perhe.example" in [p.email for p in volunteers(app)]
    done = post_form(client, change + "?lang=en", {}, page=change)
    assert "Your email address is now aino.uusi@perhe.example." in done.get_data(as_text=True)
    assert sorted(p.email for p in volunteers(app)) == ["aino.uusi@perhe.example", "toinen@perhe.example"]
    assert client.get(link).status_code == 400  # the page link sent to the old address no longer works

    post_form(client, "/kittila/join/manage", {"email": "aino.uusi@perhe.example"})
    link = last_link(app, "aino.uusi@perhe.example", "manage")
    taken = post_form(client, link + "?lang=en", {**SIGNUP, "name": "Aino", "email": "toinen@perhe.example",
                                                  "phone": "040 123 4567"})
    assert taken.status_code == 422 and "in another registration" in taken.get_data(as_text=True)
    prefix, token = change.rsplit("/", 1)
    assert client.get(f"{prefix}/{token[:-3]}abc?lang=en").status_code == 400


def test_a_phone_only_person_keeps_the_phone_until_the_new_email_is_confirmed(client, app, org):
    from webapp.volunteers import services

    person_id = add_volunteer(app, org, email=None, phone="+358401112222", name="Jouni")
    with app.test_request_context():
        person = db.session.get(services.Volunteer, person_id)
        profile = services.Profile(name="Jouni", email="jouni@perhe.example", phone=None,
                                   age_range=person.age_range)
        with pytest.raises(services.NoContactLeft):
            services.update_own_profile(person, profile)
        db.session.rollback()
        profile.phone = "+358401112222"
        assert services.update_own_profile(person, profile) == "jouni@perhe.example"
        db.session.commit()
        assert db.session.get(services.Volunteer, person_id).email is None


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t[1:], lambda t: "nonsense"])
def test_tampered_links_get_a_clear_answer(client, app, org, mangle):
    add_volunteer(app, org, email="aino@perhe.example", confirmed=False)
    link = last_link(app, "aino@perhe.example", "confirm")
    prefix, token = link.rsplit("/", 1)
    response = client.get(f"{prefix}/{mangle(token)}?lang=en")
    assert response.status_code == 400
    assert "The link is not valid" in response.get_data(as_text=True)


def test_an_expired_link_says_so_and_offers_a_new_one(client, app, org):
    add_volunteer(app, org, email="aino@perhe.example")
    post_form(client, "/kittila/join/manage", {"email": "aino@perhe.example"})
    link = last_link(app, "aino@perhe.example", "manage")
    import time

    real_time = time.time
    try:
        time.time = lambda: real_time() + 49 * 3600  # itsdangerous reads the clock through time.time
        response = client.get(link + "?lang=en")
    finally:
        time.time = real_time
    assert response.status_code == 400
    assert "The link has expired" in response.get_data(as_text=True)


def dump_everything(app) -> str:
    """Every row of every table, as text."""
    with app.app_context():
        parts = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                parts.append(repr(tuple(row)))
        return "\n".join(parts)


def test_withdrawal_erases_every_trace_from_the_database_and_the_logs(client, app, org, caplog):
    caplog.set_level(logging.DEBUG)
    sign_up(client, phone="040 555 1234", quote_consent="y")
    client.post(last_link(app, "maret@perhe.example", "confirm"),
                data={"csrf_token": csrf_from(client.get("/kittila/join").get_data(as_text=True))})
    with app.app_context():
        from webapp.outbox.services import deliver_due

        deliver_due()  # written to .eml files: the development mailbox must be emptied too
    post_form(client, "/kittila/join/manage", {"email": "maret@perhe.example"})
    link = last_link(app, "maret@perhe.example", "manage")
    # She starts changing her address and withdraws before confirming it: the link waiting at
    # the new address names her too.
    post_form(client, link, {**SIGNUP, "email": "maret.uusi@perhe.example", "phone": "040 555 1234",
                             "quote_consent": "y"})
    assert last_link(app, "maret.uusi@perhe.example", "email")
    with app.app_context():
        deliver_due()
    assert "Máret" in dump_everything(app)

    refused = post_form(client, f"{link}/withdraw", {})
    assert refused.status_code == 422 and volunteers(app) != []
    done = post_form(client, f"{link}/withdraw", {"sure": "y"})
    assert done.status_code == 302

    everything = dump_everything(app)
    for trace in ("Máret", "Ǩuõbbâr", "maret@perhe.example", "maret.uusi@perhe.example", "+358405551234",
                  "040 555 1234", "Iltaisin"):
        assert trace not in everything
        assert trace not in caplog.text
    outbox_dir = app.config["OUTBOX_DIR"]
    import pathlib

    mailbox = [p.read_text(errors="replace") for p in pathlib.Path(outbox_dir).glob("*.eml")]
    assert not any("maret@perhe.example" in mail or "maret.uusi@perhe.example" in mail for mail in mailbox)
    with app.app_context():
        counts = dict(db.session.execute(sa.select(SignupTally.event, SignupTally.count)).all())
    assert counts == {"signed_up": 1, "confirmed": 1, "withdrawn": 1}
    assert client.get(link).status_code == 400, "the old link no longer opens anything"


def test_purge_erases_unconfirmed_sign_ups_after_7_days(app, org):
    old = add_volunteer(app, org, email="old@perhe.example", confirmed=False)
    new = add_volunteer(app, org, email="new@perhe.example", confirmed=False)
    with app.app_context():
        db.session.get(Volunteer, old).created_at = utcnow() - timedelta(days=8)
        db.session.commit()
        run_all()
    assert [v.id for v in volunteers(app)] == [new]
    assert outbox(app, "old@perhe.example") == []


def test_inactive_people_are_reminded_once_and_erased_30_days_later(app, org):
    person = add_volunteer(app, org, email="aino@perhe.example")
    with app.app_context():
        db.session.get(Volunteer, person).last_active_at = utcnow() - timedelta(days=30 * 24 - 20)
        db.session.commit()
        run_all()
        run_all()
    reminders = [m for m in outbox(app, "aino@perhe.example") if "/join/manage/" in m.body]
    assert len(reminders) == 1 and volunteers(app)[0].reminder_sent_at is not None
    with app.app_context():
        run_all(utcnow() + timedelta(days=25))
    assert len(volunteers(app)) == 1, "not before 30 days from the reminder"
    with app.app_context():
        run_all(utcnow() + timedelta(days=31))
    assert volunteers(app) == []


def test_opening_ones_page_after_the_reminder_keeps_the_registration(client, app, org):
    person = add_volunteer(app, org, email="aino@perhe.example")
    with app.app_context():
        db.session.get(Volunteer, person).last_active_at = utcnow() - timedelta(days=30 * 24 - 20)
        db.session.commit()
        run_all()
    client.get(last_link(app, "aino@perhe.example", "manage"))
    with app.app_context():
        run_all(utcnow() + timedelta(days=31))
    assert len(volunteers(app)) == 1
