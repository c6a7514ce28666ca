"""The family-centre network: its register and core-group coverage, the handbook's frozen
editions and their Word and PDF files, the public handbook, the info letter and the erasure
of a contact person."""

from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import docx
import pytest
import sqlalchemy as sa

from tests.conftest import csrf_from, post_form
from tests.network_factory import make_network
from webapp.audit.models import AuditEvent
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.network import services
from webapp.network.letters import unsubscribe_token
from webapp.network.models import ContactPerson, HandbookEdition, MemberUnit
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.outbox.services import deliver_due


@pytest.fixture
def org(factory):
    return factory.organisation("kittila", name={"fi": "Kittilän perhekeskus", "se": "Gihttela bearašguovddáš"},
                                locales=("fi", "se", "sv", "en"))


@pytest.fixture
def coordinator(factory, org, auth):
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")


def test_a_new_core_group_member_fills_their_sector(app, client, org, coordinator):
    before = client.get("/staff/kittila/network/groups?lang=en").get_data(as_text=True)
    assert 'data-sector="parish" data-represented="no"' in before
    post_form(client, "/staff/kittila/network/units/new", {
        "name-fi": "Kittilän seurakunta", "sector_id": _sector_id(app, org, "parish"), "organiser": "parish"})
    with app.app_context():
        unit_id = db.session.scalar(sa.select(MemberUnit.id))
    response = post_form(client, "/staff/kittila/network/contacts/new", {
        "name": "Leena Kuvitteellinen", "unit_id": unit_id, "email": "leena@kittila.example", "locale": "fi",
        "gets_letter": "y", "in_core_group": "y"})
    assert response.status_code == 302
    after = client.get("/staff/kittila/network/groups?lang=en").get_data(as_text=True)
    assert 'data-sector="parish" data-represented="yes"' in after
    assert "Leena Kuvitteellinen" in after
    assert 'data-sector="youth" data-represented="no"' in after


def test_a_contact_persons_page_and_the_list_are_audited_and_for_managers_only(app, client, org, coordinator, factory,
                                                                                auth):
    network = make_network(app, org)
    client.get("/staff/kittila/network/contacts")
    client.get(f"/staff/kittila/network/contacts/{network.contacts[0]}")
    with app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert "network.contacts_view" in actions and "network.contact_view" in actions
    factory.user("ydin@kittila.example", organisation=org, role="core_group")
    auth.logout()
    auth.login("ydin@kittila.example")
    assert client.get("/staff/kittila/network").status_code == 200
    assert client.get("/staff/kittila/network/contacts").status_code == 403


def test_bad_input_gets_a_translated_answer_and_stores_nothing(app, client, org, coordinator):
    make_network(app, org)
    response = post_form(client, "/staff/kittila/network/contacts/new?lang=en", {
        "name": "", "unit_id": "999999", "email": "not-an-address", "locale": "xx"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactPerson)) == 2


def _sector_id(app, org, key):
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        sector_id = next(s.id for s in services.sectors_of(organisation) if s.key == key)
        db.session.commit()
        return sector_id


def test_a_published_edition_is_frozen_and_downloads_as_docx_and_pdf(app, client, org, coordinator):
    make_network(app, org)
    post_form(client, "/staff/kittila/handbook/new", {"year": "2027", "foreword-fi": "Käsikirja kertoo."},
              page="/staff/kittila/handbook")
    response = post_form(client, "/staff/kittila/handbook/2027/publish", {}, page="/staff/kittila/handbook/2027")
    assert response.status_code == 302
    with app.app_context():
        edition = db.session.scalar(sa.select(HandbookEdition))
        assert edition.status.value == "published" and edition.content
        unit = db.session.scalar(sa.select(MemberUnit).where(MemberUnit.name["fi"].as_string() == "Kittilän neuvola"))
        unit.name = {"fi": "Uusi nimi neuvolalle"}
        db.session.commit()

    word = client.get("/staff/kittila/handbook/2027/handbook.docx?lang=fi")
    assert word.status_code == 200 and word.headers["Content-Disposition"].endswith('.docx"')
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "Kittilän perhekeskus" in text and "Sosiaali- ja terveyspalvelut" in text
    assert "Nelivuotiaan terveystarkastus" in text and "Sisäinen konsultaatiokäytäntö" in text
    assert "Kittilän neuvola" in text and "Uusi nimi" not in text, "a published edition is frozen"

    pdf = client.get("/staff/kittila/handbook/2027/handbook.pdf?lang=fi")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    printed = subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    flat = " ".join(printed.split())
    for expected in ("Kittilän perhekeskus", "Sosiaali- ja terveyspalvelut", "Varhaiskasvatus ja koulut",
                     "Nelivuotiaan terveystarkastus", "Sisäinen konsultaatiokäytäntö"):
        assert expected in flat, expected
    info = subprocess.run(["pdfinfo", "-"], input=pdf.data, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info

    sami = client.get("/staff/kittila/handbook/2027/handbook.pdf?lang=se")
    printed = subprocess.run(["pdftotext", "-", "-"], input=sami.data, capture_output=True, check=True).stdout.decode()
    assert "Gihttela bearašguovddáš" in " ".join(printed.split())


def test_the_public_handbook_shows_only_public_parts_in_finnish_and_sami(app, client, org, coordinator):
    make_network(app, org)
    assert "Sisäinen" not in client.get("/kittila/handbook").get_data(as_text=True)
    post_form(client, "/staff/kittila/handbook/new", {"year": "2027"}, page="/staff/kittila/handbook")
    post_form(client, "/staff/kittila/handbook/2027/publish", {}, page="/staff/kittila/handbook/2027")
    finnish = client.get("/kittila/handbook?lang=fi").get_data(as_text=True)
    assert "Nelivuotiaan terveystarkastus" in finnish and "Kittilän neuvola" in finnish
    assert "Sisäinen konsultaatiokäytäntö" not in finnish
    assert "Aila" not in finnish, "no contact person in the handbook"
    sami = client.get("/kittila/handbook?lang=se").get_data(as_text=True)
    assert '<html lang="se">' in sami
    assert "Njealljejahkásaš dearvvašvuođadárkkisteapmi" in sami and "Gittela rávvehat" in sami
    assert "Sisäinen konsultaatiokäytäntö" not in sami
    assert client.get("/kittila/handbook/2026").status_code == 404


def test_an_info_letter_is_composed_edited_and_sent_in_each_recipients_language(app, client, org, coordinator,
                                                                                  smtp):
    make_network(app, org)
    composed = post_form(client, "/staff/kittila/network/letters/compose", {}, page="/staff/kittila/network/letters")
    letter_url = composed.headers["Location"]
    draft = client.get(letter_url).get_data(as_text=True)
    assert "body-se" in draft
    post_form(client, letter_url, {"subject-fi": "Verkoston tiedote joulukuu", "subject-se": "Fierpmádaga dieđáhus",
                                   "body-fi": "Hei verkosto! Ydinryhmä kokoontuu.",
                                   "body-se": "Buorre fierpmádat! Guovddášjoavku čoahkkana."})
    sent = post_form(client, f"{letter_url}/send", {}, page=letter_url)
    assert sent.status_code == 302
    with app.app_context():
        messages = {m.recipient: m for m in db.session.scalars(sa.select(OutboxMessage))}
        assert set(messages) == {"aila@kittila.example", "ristenne@kittila.example"}
        assert messages["aila@kittila.example"].subject == "Verkoston tiedote joulukuu"
        assert messages["ristenne@kittila.example"].subject == "Fierpmádaga dieđáhus"
        app.config["SMTP_URL"] = smtp.url
        deliver_due()
    mails = {m["To"]: m for m in smtp.wait_for(2)}
    assert "Ydinryhmä kokoontuu" in mails["aila@kittila.example"].get_content()
    sami = mails["ristenne@kittila.example"]
    assert sami["Content-Language"] == "se" and "Guovddášjoavku čoahkkana" in sami.get_content()
    link = next(line for line in sami.get_content().splitlines() if "/network/unsubscribe/" in line)
    address = urlsplit(link.strip())
    path = f"{address.path}?{address.query}"
    assert client.get(path).status_code == 200  # opening the link changes nothing
    with app.app_context():
        assert db.session.scalar(sa.select(ContactPerson.gets_letter).where(
            ContactPerson.email == "ristenne@kittila.example"))
    html = client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_from(html)})
    with app.app_context():
        assert not db.session.scalar(sa.select(ContactPerson.gets_letter).where(
            ContactPerson.email == "ristenne@kittila.example"))
    assert client.get("/kittila/network/unsubscribe/forged").status_code == 400


def dump_everything(app) -> str:
    with app.app_context():
        return "\n".join(repr(tuple(row)) for table in db.metadata.sorted_tables
                         for row in db.session.execute(sa.select(table)))


def test_removing_a_contact_person_leaves_their_name_in_no_table(app, client, org, coordinator):
    network = make_network(app, org)
    # Their name typed into a letter and an audit reason, and an email queued to them.
    composed = post_form(client, "/staff/kittila/network/letters/compose", {}, page="/staff/kittila/network/letters")
    post_form(client, composed.headers["Location"], {"subject-fi": "Tiedote",
                                                     "body-fi": "Kiitos Aila Esimerkki, aila@kittila.example!"})
    post_form(client, composed.headers["Location"] + "/send", {}, page=composed.headers["Location"])
    post_form(client, "/staff/kittila/handbook/new", {"year": "2027", "foreword-fi": "Toimitti Aila Esimerkki."},
              page="/staff/kittila/handbook")
    post_form(client, "/staff/kittila/handbook/2027/publish", {}, page="/staff/kittila/handbook/2027")
    assert "Aila Esimerkki" in dump_everything(app)

    contact_url = f"/staff/kittila/network/contacts/{network.contacts[0]}"
    refused = post_form(client, f"{contact_url}/remove", {}, page=contact_url)
    assert refused.status_code == 302 and "Aila Esimerkki" in dump_everything(app)
    done = post_form(client, f"{contact_url}/remove", {"sure": "y"}, page=contact_url)
    assert done.status_code == 302
    everything = dump_everything(app)
    for trace in ("Aila Esimerkki", "aila@kittila.example", "Esimerkki"):
        assert trace not in everything
    assert "Ristenne Ovdamearka" in everything, "only that person is erased"


def test_purge_erases_contact_people_nobody_checked_for_two_years(app, org, runner):
    network = make_network(app, org)
    with app.app_context():
        db.session.get(ContactPerson, network.contacts[0]).checked_at = utcnow() - timedelta(days=2 * 365 + 1)
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(ContactPerson, network.contacts[0]) is None
        assert db.session.get(ContactPerson, network.contacts[1]) is not None


def test_units_of_lists_the_member_units_for_other_features(app, org):
    network = make_network(app, org)
    with app.app_context():
        units = services.units_of(db.session.get(Organisation, org.id))
        assert [u.id for u in units] == [network.clinic, network.daycare]


def test_an_unsubscribe_link_opens_nothing_once_the_address_changed(app, client, org):
    network = make_network(app, org)
    with app.test_request_context():
        contact = db.session.get(ContactPerson, network.contacts[0])
        token = unsubscribe_token(contact)
        contact.email = "uusi@kittila.example"
        db.session.commit()
    assert client.get(f"/kittila/network/unsubscribe/{token}").status_code == 400
