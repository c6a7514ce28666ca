"""The services guide's import shows what it would create, change and leave unchanged before it
stores anything; a refusal names the row and the column; a published entry is deleted only
after a confirmation."""

import csv
import io

import sqlalchemy as sa

from tests.conftest import post_form
from tests.guide_factory import make_service
from tests.test_guide import upload, upload_and_apply
from webapp.core.database import db
from webapp.guide.models import Service, ServiceChange, ServiceStatus
from webapp.orgs.models import Organisation

IMPORT = "/staff/kittila/services/import?lang=en"


def edited(export: bytes, slug: str, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig")), delimiter=";"))
    at = rows[0].index(column)
    for row in rows[1:]:
        if row[1] == slug:
            row[at] = value
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def changes(app, slug="lastenneuvola"):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(ServiceChange.id)).join(
            Service, Service.id == ServiceChange.service_id).where(Service.slug == slug))


def test_the_preview_shows_new_changed_and_unchanged_before_anything_is_stored(client, app, coordinator):
    make_service(app, coordinator)
    make_service(app, coordinator, slug="perhekahvila", name={"fi": "Perhekahvila"})
    export = client.get("/staff/kittila/services/export.csv").data
    sheet = edited(export, "perhekahvila", "name_fi", "Perhekahvila Pesä")
    sheet += b"service;vauvauinti;draft;Vauvauinti\r\n"  # a new row (only its first columns)
    before = changes(app)
    preview = upload(client, IMPORT, sheet, "opas.csv")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html[-1500:]
    assert "1 new entry would be created" in html and "1 entry would be changed" in html
    assert "1 entry is unchanged and is left as it is" in html
    assert "<code>vauvauinti</code>" in html and "<code>perhekahvila</code>" in html
    with app.app_context():
        assert db.session.scalar(sa.select(Service.name).where(Service.slug == "perhekahvila")) == {
            "fi": "Perhekahvila"}, "nothing is stored by the preview"
        assert db.session.scalar(sa.select(sa.func.count(Service.id))) == 2
    applied = upload_and_apply(client, IMPORT, sheet, "opas.csv")
    assert "Imported: 1 new entries, 1 changed, 1 unchanged." in client.get(applied.headers["Location"]).get_data(
        as_text=True)
    assert changes(app) == before, "the unchanged entry has no new history line"


def test_a_required_language_added_later_does_not_refuse_the_unchanged_export(client, app, coordinator):
    make_service(app, coordinator, name={"fi": "Lastenneuvola"}, description={"fi": "Rokotukset ja neuvonta."})
    export = client.get("/staff/kittila/services/export.csv").data
    with app.app_context():
        db.session.get(Organisation, coordinator.id).required_locales = ["fi", "se"]
        db.session.commit()
    again = upload(client, IMPORT, export, "opas.csv")
    assert again.status_code == 200 and "1 entry is unchanged" in again.get_data(as_text=True)
    changed = edited(export, "lastenneuvola", "name_fi", "Lasten ja perheiden neuvola")
    refused = upload(client, IMPORT, changed, "opas.csv").get_data(as_text=True)
    assert "Row 2:" in refused and "name_se, description_se" in refused
    with app.app_context():
        assert db.session.scalar(sa.select(Service.name)) == {"fi": "Lastenneuvola"}


def test_a_published_entry_is_deleted_only_after_a_confirmation(client, app, coordinator):
    entry = make_service(app, coordinator)
    draft = make_service(app, coordinator, slug="luonnos", name={"fi": "Luonnos"}, status=ServiceStatus.DRAFT)
    page = f"/staff/kittila/services/{entry.id}"
    asked = post_form(client, f"{page}/delete", {}, page=page)
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Service, entry.id) is not None
    assert post_form(client, f"{page}/delete", {"confirm": "1"}, page=page).status_code == 302
    assert post_form(client, f"/staff/kittila/services/{draft.id}/delete", {},
                     page=f"/staff/kittila/services/{draft.id}").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Service.id))) == 0
