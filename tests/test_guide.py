"""The family-services guide: coordinators keep the entries (partners their own), families find
them on a phone without JavaScript, suggest corrections into the moderation queue, and the guide
goes out and back in as a spreadsheet."""

import io
import re
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from tests.conftest import csrf_from, post_form
from tests.guide_factory import make_service
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.guide import services, transfer
from webapp.guide.models import CorrectionStatus, Service, ServiceChange, ServiceCorrection, ServiceStatus
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area
from webapp.outbox.models import OutboxMessage


@pytest.fixture
def org(factory, app):
    org = factory.organisation("kittila", locales=("fi", "se", "sv", "en"))
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        save_service_area(organisation, None, key="neuvola", name={"fi": "Neuvola", "se": "Rávvehat"})
        save_service_area(organisation, None, key="nuorisotyo", name={"fi": "Nuorisotyö", "se": "Nuoraidbargu"})
        db.session.commit()
    return org


def names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/kittila/services/[^"]+">(?:<span lang="\w+">)?([^<]+)', html)


def test_a_coordinator_builds_an_entry_and_publishes_it_for_families(client, app, auth, factory, org):
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    with app.app_context():
        neuvola = db.session.scalar(sa.select(Organisation).where(Organisation.id == org.id)).service_areas[0].id
    response = post_form(client, "/staff/kittila/services/new", {
        "slug": "lastenneuvola", "name-fi": "Lastenneuvola", "name-se": "Mánáidrávvehat",
        "description-fi": "Rokotukset ja kasvun seuranta.", "provider": "Lapin hyvinvointialue", "sector": "county",
        "service_area_ids": str(neuvola), "audiences": ["baby", "parent"], "phone": "016 123 4567",
        "email": "Neuvola@Kittila.example", "address": "Valtatie 1, 99100 Kittilä", "access": "appointment",
        "languages": ["fi", "se"], "is_free": "y", "owner_id": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    edit = response.headers["Location"]
    assert client.get("/kittila/services/lastenneuvola").status_code == 404  # a draft is not public yet
    post_form(client, f"{edit}/status", {"status": "published"}, page=edit)
    page = client.get("/kittila/services/lastenneuvola").get_data(as_text=True)
    assert 'href="tel:+358161234567"' in page
    assert 'href="mailto:neuvola@kittila.example"' in page
    assert "https://www.openstreetmap.org/search?query=Valtatie%201%2C%2099100%20Kittil%C3%A4" in page
    with app.app_context():
        service = db.session.scalar(sa.select(Service))
        assert [change.fields for change in reversed(service.changes)] == [["created"], ["status"]]


def test_search_and_filters_work_without_javascript(client, app, org):
    make_service(app, org, area_keys=["neuvola"])
    make_service(app, org, slug="aitiysneuvola", name={"fi": "Äitiysneuvola"}, audiences=["expecting"],
                 languages=["fi"], area_keys=["neuvola"])
    make_service(app, org, slug="nuorisotila", name={"fi": "Nuorisotila", "se": "Nuoraidlanja"},
                 description={"fi": "Kavereita ja pelejä."}, audiences=["young_person"], languages=["fi", "se"],
                 area_keys=["nuorisotyo"])
    make_service(app, org, slug="perhekahvila", name={"fi": "Perhekahvila"}, description={"fi": "Avoin paikka."},
                 audiences=["whole_family"], languages=["fi"])
    make_service(app, org, slug="luonnos", name={"fi": "Keskeneräinen neuvola"}, status=ServiceStatus.DRAFT)

    assert names(client.get("/kittila/services?q=neuvola").get_data(as_text=True)) == [
        "Lastenneuvola", "Äitiysneuvola"]  # the draft is not found
    assert names(client.get("/kittila/services?q=aiti").get_data(as_text=True)) == ["Äitiysneuvola"]
    assert names(client.get("/kittila/services?q=nuoraid").get_data(as_text=True)) == ["Nuorisotila"]
    baby = client.get("/kittila/services?situation=baby").get_data(as_text=True)
    assert names(baby) == ["Lastenneuvola", "Perhekahvila"]  # a whole-family service fits every situation
    assert names(client.get("/kittila/services?situation=baby&language=se").get_data(as_text=True)) == [
        "Lastenneuvola"]
    assert names(client.get("/kittila/services?area=nuorisotyo").get_data(as_text=True)) == ["Nuorisotila"]
    nothing = client.get("/kittila/services?q=hammaslääkäri&lang=en").get_data(as_text=True)
    assert names(nothing) == [] and "No service matches" in nothing
    odd = client.get("/kittila/services?q=%3Cscript%3E&situation=x&language=zz&area=../../etc")
    assert odd.status_code == 200 and "<script>" not in odd.get_data(as_text=True).split("</header>")[1]


def test_an_entry_only_in_finnish_says_so_in_the_readers_language(client, app, org):
    make_service(app, org, slug="perhekahvila", name={"fi": "Perhekahvila"}, description={"fi": "Avoin paikka."})
    page = client.get("/kittila/services/perhekahvila?lang=en").get_data(as_text=True)
    assert 'It is available in: <span lang="fi">suomi</span>.' in page
    assert '<h1><span lang="fi">Perhekahvila</span></h1>' in page
    sami = client.get("/kittila/services/lastenneuvola?lang=se")
    assert sami.status_code == 404
    make_service(app, org)
    page = client.get("/kittila/services/lastenneuvola?lang=se").get_data(as_text=True)
    assert "<h1>Mánáidrávvehat</h1>" in page and "is not yet written" not in page


def test_publishing_needs_the_organisations_required_languages(client, app, auth, factory):
    org = factory.organisation("sodankyla", required_locales=["fi", "se"])
    factory.user("k@sodankyla.example", organisation=org, role="coordinator")
    auth.login("k@sodankyla.example")
    entry = make_service(app, org, name={"fi": "Perhekahvila"}, description={"fi": "Avoin paikka."},
                         opening_hours=None, status=ServiceStatus.DRAFT)
    page = f"/staff/sodankyla/services/{entry.id}"
    post_form(client, f"{page}/status?lang=en", {"status": "published"}, page=page)
    shown = client.get(page + "?lang=en").get_data(as_text=True)
    assert "Publishing needs the texts in every required language. Missing: davvisámegiella." in shown
    assert client.get(entry.url).status_code == 404


def test_a_published_entry_keeps_the_required_languages_when_edited(client, app, auth, factory):
    org = factory.organisation("sodankyla", required_locales=["fi", "se"])
    factory.user("k@sodankyla.example", organisation=org, role="coordinator")
    auth.login("k@sodankyla.example")
    entry = make_service(app, org, opening_hours={"fi": "ma–pe 8–15", "se": "vu–be 8–15"})
    page = f"/staff/sodankyla/services/{entry.id}"
    response = post_form(client, page + "?lang=en", {"slug": "lastenneuvola", "name-fi": "Lastenneuvola", "name-se": "",
                                                     "description-fi": "Uusi kuvaus", "description-se": "",
                                                     "sector": "county", "owner_id": "0"}, page=page)
    assert response.status_code == 422
    assert "Missing: davvisámegiella." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Service, entry.id).name["se"] == "Mánáidrávvehat"


def test_notes_for_families_reach_the_progress_page_past_many_checks(client, app, auth, factory, org):
    entry = make_service(app, org)
    with app.test_request_context():
        service = db.session.get(Service, entry.id)
        services.save_service(db.session.get(Organisation, org.id), service, public_note={"fi": "Uusi aukioloaika"})
        for _ in range(25):
            services.mark_checked(service)
        db.session.commit()
    assert "Uusi aukioloaika" in client.get("/kittila/progress").get_data(as_text=True)


def test_a_family_suggests_a_correction_into_the_moderation_queue(client, app, auth, factory, org):
    entry = make_service(app, org)
    response = post_form(client, f"{entry.url}/correction?lang=en", {
        "body": "Numero on vaihtunut: 040 765 4321. Soitin eilen."}, page=entry.url)
    assert response.status_code == 302
    assert "Thank you! The family centre will check the entry." in client.get(entry.url).get_data(as_text=True)
    assert "040 765 4321" not in client.get(entry.url).get_data(as_text=True)  # never public
    empty = post_form(client, f"{entry.url}/correction?lang=en", {"body": "  "}, page=entry.url)
    assert empty.status_code == 422 and "This field is required." in empty.get_data(as_text=True)
    post_form(client, f"{entry.url}/correction", {"body": "Botin teksti", "website": "http://spam.example"},
              page=entry.url)
    with app.app_context():
        [correction] = db.session.scalars(sa.select(ServiceCorrection)).all()
        assert correction.has_personal_data and correction.locale == "en"  # the page's language then
        correction_id = correction.id

    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    queue = client.get("/staff/kittila/moderation").get_data(as_text=True)
    assert "<mark" in queue and "040 765 4321" in queue and "Lastenneuvola" in queue
    post_form(client, f"/staff/kittila/services/corrections/{correction_id}/handled", {},
              page="/staff/kittila/moderation")
    assert "040 765 4321" not in client.get("/staff/kittila/moderation").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ServiceCorrection, correction_id).status is CorrectionStatus.HANDLED
        from webapp.core.retention import run_all

        run_all(utcnow() + timedelta(days=89))
        assert db.session.get(ServiceCorrection, correction_id) is not None
        run_all(utcnow() + timedelta(days=91))  # what a family wrote is not kept once handled
        assert db.session.get(ServiceCorrection, correction_id) is None


def _export(client, kind):
    response = client.get(f"/staff/kittila/services/export.{kind}")
    assert response.status_code == 200
    return response.data


def _guide(app, slug):
    """Everything the public sees of an organisation's guide, without ids."""
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
        keys = {area.id: (area.key, dict(area.name)) for area in organisation.service_areas}
        return sorted((s.slug, dict(s.name), dict(s.description or {}), s.provider, s.sector, s.audiences,
                       [keys[i] for i in s.service_area_ids], s.phone, s.email, s.web_url, s.address,
                       dict(s.opening_hours or {}), s.access, s.languages, s.is_free, s.status,
                       s.checked_at.date()) for s in services.services_of(organisation))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_the_export_into_an_empty_organisation_reproduces_the_guide(client, app, auth, factory, org,
                                                                               kind):
    make_service(app, org, area_keys=["neuvola"], phone="+358 16 123 4567", web_url="https://kittila.example/n")
    make_service(app, org, slug="nuorisotila", name={"fi": "Nuorisotila", "sms": "Nuõrikoʹdd"},
                 description={"fi": "=SUM(A1) ei ole kaava", "sms": "Škooul ǩiõtt ǥ ʒ ǯ õ đ ŋ"},
                 provider="'=Heittomerkki ensin",
                 audiences=["young_person"], area_keys=["nuorisotyo"], is_free=False, status=ServiceStatus.DRAFT)
    factory.user("admin@yhessa.example", site_admin=True)
    auth.login("admin@yhessa.example")
    exported = _export(client, kind)
    with app.app_context():  # the export holds the owners' addresses: audited like other exports
        assert db.session.scalar(sa.select(AuditEvent.details).where(AuditEvent.action == "guide.export")) == {
            "format": kind}
    factory.organisation("pello")
    response = upload_and_apply(client, "/staff/pello/services/import", exported, f"opas.{kind}")
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert _guide(app, "pello") == _guide(app, "kittila")
    again = upload_and_apply(client, "/staff/pello/services/import?lang=en", exported, f"opas.{kind}")
    assert "Imported: 0 new entries, 0 changed, 2 unchanged." in client.get(again.headers["Location"]).get_data(
        as_text=True)
    assert _guide(app, "pello") == _guide(app, "kittila")


def upload(client, path, data: bytes, name: str):
    """POST a file as a browser does (the body built here: Werkzeug's test client would spool a
    large one to a temporary file it never closes)."""
    token = csrf_from(client.get(path.split("?")[0]).get_data(as_text=True))
    boundary = "yhessa-boundary-7f3a"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload_and_apply(client, path, data: bytes, name: str):
    """Load the file, then apply the import its preview shows."""
    preview = upload(client, path, data, name)
    if preview.status_code != 200:
        return preview
    html = preview.get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"|name="token" value="([^"]+)"', html)
    assert token, html[-1500:]
    return client.post(path, data={"csrf_token": csrf_from(html), "token": token.group(1) or token.group(2)})


def test_an_import_with_mistakes_stores_nothing_and_lists_them_by_row(client, app, auth, factory, org):
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    sheet = ("slug;name_fi;phone;email;audiences;service_areas;status\r\n"
             "hyva-rivi;Hyvä palvelu;040 123 4567;a@b.example;baby;neuvola;draft\r\n"
             "Huono Osoite;;12ab;ei-osoite;vauva;hammas;valmis\r\n").encode()

    def send(data, name="opas.csv"):
        return upload(client, "/staff/kittila/services/import?lang=en", data, name)

    response = send(sheet)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in page
    assert "Row 3:" in page and "Row 2:" not in page
    for problem in ("the slug must be", "the Finnish name (name_fi) is missing", "the email address is not valid",
                    "unknown values in audiences: vauva", "unknown values in service_areas: hammas",
                    "the status must be draft or published", "the phone number may hold"):
        assert problem in page, problem
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 0
    for data, name, message in [(b"\x89PNG\r\n\x1a\n\x00\x00", "kuva.csv", "not UTF-8 text"),
                                (b"PK\x03\x04rikki", "opas.xlsx", "could not be read as an Excel workbook"),
                                (b"", "tyhja.csv", "The file is empty"),
                                (b"a;b\r\n1;2\r\n", "opas.csv", "slug and name_fi are needed"),
                                (b"x" * (2 * 1024 * 1024 + 10), "iso.csv", "too large")]:
        refused = send(data, name)
        assert refused.status_code == 422 and message in refused.get_data(as_text=True), name
    assert upload_and_apply(client, "/staff/kittila/services/import", sheet.split(b"\r\nHuono")[0],
                            "opas.csv").status_code == 302


def test_an_entry_unchecked_for_12_months_reminds_its_owner_once(client, app, factory, org):
    owner = factory.user("omistaja@kittila.example", organisation=org, role="partner", locale="se")
    entry = make_service(app, org, owner_id=owner.id)
    orphan = make_service(app, org, slug="perhekahvila", name={"fi": "Perhekahvila"})
    with app.test_request_context():
        for service in db.session.scalars(sa.select(Service)):
            service.checked_at = utcnow() - timedelta(days=400)
        db.session.commit()
        assert services.send_check_reminders() == 2
        db.session.commit()
        assert services.send_check_reminders() == 0  # one reminder per check
        messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [m.recipient for m in messages] == ["omistaja@kittila.example", "info@kittila.example"]
        assert messages[0].locale == "se" and f"/staff/kittila/services/{entry.id}" in messages[0].body
        services.mark_checked(db.session.get(Service, orphan.id))
        db.session.commit()
        # a year on: the entry checked since is due again; the other one was reminded already
        assert services.send_check_reminders(utcnow() + timedelta(days=366)) == 1
        assert db.session.scalars(sa.select(OutboxMessage.recipient).order_by(OutboxMessage.id.desc())).first() == \
            "info@kittila.example"


def test_a_partner_keeps_only_their_own_entries(client, app, auth, factory, org):
    partner = factory.user("mll@kittila.example", organisation=org, role="partner")
    own = make_service(app, org, slug="perhekahvila", name={"fi": "Perhekahvila"}, owner_id=partner.id)
    other = make_service(app, org)
    auth.login("mll@kittila.example")
    listing = client.get("/staff/kittila/services").get_data(as_text=True)
    assert "Perhekahvila" in listing and "Lastenneuvola" not in listing
    assert client.get(f"/staff/kittila/services/{other.id}").status_code == 403
    response = post_form(client, f"/staff/kittila/services/{own.id}", {
        "slug": "perhekahvila", "name-fi": "Perhekahvila Pesä", "sector": "ngo",
        "public_note-fi": "Kahvila on nyt myös torstaisin."})
    assert response.status_code == 302
    created = post_form(client, "/staff/kittila/services/new", {"slug": "vauvajumppa", "name-fi": "Vauvajumppa",
                                                                 "sector": "ngo"})
    assert created.status_code == 302, created.get_data(as_text=True)[-600:]
    page = f"/staff/kittila/services/{own.id}"
    for path, data in [(f"/staff/kittila/services/{other.id}", {"slug": "x1", "name-fi": "Kaapattu", "sector": "ngo"}),
                       (f"/staff/kittila/services/{other.id}/status", {"status": "draft"}),
                       (f"/staff/kittila/services/{other.id}/checked", {}),
                       (f"/staff/kittila/services/{own.id}/delete", {})]:
        assert post_form(client, path, data, page=page).status_code == 403, path
    for path in ("/staff/kittila/services/export.csv", "/staff/kittila/services/import", "/staff/kittila/backlog",
                 "/staff/kittila/surveys/", "/staff/kittila/moderation", "/staff/kittila/volunteers"):
        assert client.get(path).status_code == 403, path
    with app.app_context():
        service = db.session.get(Service, own.id)
        assert service.owner_id == partner.id  # a partner cannot give the entry away
        assert db.session.scalar(sa.select(Service.owner_id).where(Service.slug == "vauvajumppa")) == partner.id
        assert db.session.get(Service, other.id).name == {"fi": "Lastenneuvola", "se": "Mánáidrávvehat"}
    progress = client.get("/kittila/progress").get_data(as_text=True)
    assert "Kahvila on nyt myös torstaisin." in progress and "/kittila/services/perhekahvila" in progress


def test_backlog_items_and_ideas_point_to_the_services_they_concern(client, app, auth, factory, org):
    from tests.idea_factory import make_board, published_idea

    entry = make_service(app, org)
    idea_id = published_idea(app, make_board(app, org))
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    post_form(client, f"/staff/kittila/moderation/idea/{idea_id}/service", {"service": str(entry.id)},
              page=f"/staff/kittila/moderation/idea/{idea_id}")
    assert 'href="/kittila/services/lastenneuvola"' in client.get(
        f"/kittila/ideas/neuvola/{idea_id}").get_data(as_text=True)
    response = post_form(client, "/staff/kittila/backlog/new", {
        "title": "Iltavastaanotto", "priority": "normal", "service_ids": str(entry.id), "is_public": "y",
        "public_title-fi": "Neuvolaan iltavastaanotto"})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    assert "Neuvolaan iltavastaanotto" in client.get(entry.url).get_data(as_text=True)
    assert 'href="/kittila/services/lastenneuvola"' in client.get("/kittila/progress").get_data(as_text=True)


def test_the_api_serves_published_entries_in_every_language(client, app, org):
    from webapp.api.services import issue_token

    make_service(app, org, area_keys=["neuvola"])
    make_service(app, org, slug="luonnos", name={"fi": "Luonnos"}, status=ServiceStatus.DRAFT)
    with app.app_context():
        _row, token = issue_token(db.session.get(Organisation, org.id), "kunnan sivut", False)
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    [entry] = client.get("/api/v1/services", headers=headers).get_json()["services"]
    assert entry["name"] == {"fi": "Lastenneuvola", "se": "Mánáidrávvehat"}
    assert entry["tel"] == "tel:+358161234567" and entry["service_areas"][0]["key"] == "neuvola"
    assert entry["url"].endswith("/kittila/services/lastenneuvola")
    assert client.get("/api/v1/services/lastenneuvola", headers=headers).get_json()["slug"] == "lastenneuvola"
    assert client.get("/api/v1/services/luonnos", headers=headers).status_code == 404
    assert client.get("/api/v1/services").status_code == 401


def test_tel_links_for_finnish_international_and_short_numbers():
    assert services.tel_href("040 123 4567") == "tel:+358401234567"
    assert services.tel_href("+358 (0)16 123 4567") == "tel:+358161234567"
    assert services.tel_href("00358 40 1234567") == "tel:+358401234567"
    assert services.tel_href("116 111") == "tel:116111"
    assert services.tel_href("") == ""


def test_deleting_an_entry_keeps_the_audit_trail_and_nothing_else(client, app, auth, factory, org):
    entry = make_service(app, org)
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    post_form(client, f"/staff/kittila/services/{entry.id}/delete", {"confirm": "1"},
              page=f"/staff/kittila/services/{entry.id}")  # published: confirmed (test_guide_import_preview.py)
    assert client.get(entry.url).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceChange)) == 0
        [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "guide.delete")).all()
        assert event.actor_id == db.session.scalar(sa.select(User.id).where(User.email == "k@kittila.example"))


def test_control_characters_do_not_break_the_excel_export(client, app, auth, factory, org):
    make_service(app, org, description={"fi": "Rivi\x0bjako ja\x1fmuuta"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    assert "Rivijako jamuuta" in [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Rivijako jamuuta" in _export(client, "csv").decode("utf-8")


def test_the_excel_export_has_dates_as_dates_and_a_frozen_header(client, app, auth, factory, org):
    from openpyxl import load_workbook

    make_service(app, org, description={"fi": "-alkaa viivalla"})
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).active
    header, *rows = sheet.iter_rows()
    entry = {head.value: cell for head, cell in zip(header, rows[-1], strict=False)}
    assert entry["checked_at"].is_date, "a date cell, so that the column sorts and filters by date"
    assert entry["description_fi"].value == "-alkaa viivalla"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")


def bomb_xlsx(unpacked: int) -> bytes:
    """A real workbook (openpyxl's) whose sheet carries `unpacked` bytes of spaces between its
    elements, which deflate packs about a thousand to one: openpyxl would read them all."""
    book = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["slug", "name_fi"])
    workbook.save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            part = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</sheetData>", b"</sheetData>" + b" " * unpacked)
            bomb.writestr(entry.filename, part)
    return out.getvalue()


def test_a_decompression_bomb_workbook_is_refused_before_it_is_opened(client, app, auth, factory, org):
    """L5, Done means: a workbook of about 80 KB that unpacks to over 20 MB is refused from its
    directory alone (openpyxl never opens it): the refusal says why and nothing is stored."""
    data = bomb_xlsx(80 * 1024 * 1024)
    assert 40 * 1024 < len(data) < 120 * 1024
    with pytest.raises(transfer.ImportError_, match="too large once unpacked"):
        transfer.check_xlsx_archive(data)
    factory.user("k@kittila.example", organisation=org)
    auth.login("k@kittila.example")
    page = client.get("/staff/kittila/services/import").get_data(as_text=True)
    refused = client.post("/staff/kittila/services/import?lang=en", data={
        "csrf_token": csrf_from(page), "file": (io.BytesIO(data), "opas.xlsx")})
    assert refused.status_code == 422 and "too large once unpacked" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 0
    transfer.check_xlsx_archive(bomb_xlsx(1024 * 1024))  # a workbook of ordinary size passes
