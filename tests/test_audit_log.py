"""The audit log answers questions: its details in words, filters by person, action and date, a
CSV export of the filtered view, API actions named by their token, and on a developer-client's
page who viewed or exported their data."""

import csv
import io

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from tests.volunteer_factory import add_volunteer
from webapp.api.services import issue_token
from webapp.audit.models import AuditEvent
from webapp.core.database import db
from webapp.orgs.models import Organisation


@pytest.fixture
def org(factory):
    org = factory.organisation("kittila")
    factory.user("admin@kittila.example", organisation=org, role="admin")
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    return org


def csv_rows(response):
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel reads it as UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_audit_log_export_filtered_to_one_developer_client(client, app, auth, org):
    aino = add_volunteer(app, org, name="Aino Saijets", email="aino@perhe.example", languages=("se",))
    add_volunteer(app, org, name="Bertta", email="bertta@perhe.example", languages=("fi",))
    auth.login("k@kittila.example")
    client.get(f"/staff/kittila/volunteers/{aino}")
    post_form(client, "/staff/kittila/volunteers/export.csv?language=se", {"reason": "Kutsu työpajaan"},
              page="/staff/kittila/volunteers")
    post_form(client, "/staff/kittila/volunteers/export.csv?language=fi", {"reason": "Bertan haastattelu"},
              page="/staff/kittila/volunteers")  # Aino is not in this one
    auth.logout()
    auth.login("admin@kittila.example")
    client.set_cookie("lang", "en")
    page = client.get(f"/staff/kittila/audit?person={aino}").get_data(as_text=True)
    assert "Kutsu työpajaan" in page and "Bertan haastattelu" not in page, "the details are shown"
    export = client.get(f"/staff/kittila/audit/export.csv?person={aino}")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = csv_rows(export)
    assert rows[0] == ["Time", "Who", "Action", "Action code", "Target", "Details"]
    found = {row[3]: row for row in rows[1:]}
    assert set(found) == {"volunteer.view", "volunteer.export"}
    assert found["volunteer.view"][1] == "k@kittila.example"
    export_row = found["volunteer.export"]
    assert export_row[1] == "k@kittila.example"
    assert "Reason: Kutsu työpajaan" in export_row[5] and "Rows: 1" in export_row[5]
    assert "Filters: language=se" in export_row[5] and "People: 1" in export_row[5]
    with app.app_context():
        last = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "audit.export" and last.details == {"rows": 2, "filters": {"person": aino}}


def test_the_audit_log_filters_by_who_what_and_when(client, app, auth, org):
    aino = add_volunteer(app, org, name="Aino", email="aino@perhe.example")
    auth.login("k@kittila.example")
    client.get(f"/staff/kittila/volunteers/{aino}")
    auth.logout()
    auth.login("admin@kittila.example")
    with app.app_context():
        coordinator = db.session.scalar(sa.text("select id from staff_user where email = 'k@kittila.example'"))
    rows = csv_rows(client.get(f"/staff/kittila/audit/export.csv?actor={coordinator}"))
    assert [row[3] for row in rows[1:]] == ["volunteer.view"]  # (sign-ins belong to no organisation)
    rows = csv_rows(client.get("/staff/kittila/audit/export.csv?action=audit.export"))
    assert [row[3] for row in rows[1:]] == ["audit.export"]  # the first export, seen by the second
    rows = csv_rows(client.get("/staff/kittila/audit/export.csv?action=volunteer.view&from=2000-01-01&to=2000-01-02"))
    assert rows[1:] == []
    page = client.get("/staff/kittila/audit?action=volunteer.view&from=nonsense").get_data(as_text=True)
    assert 'value="volunteer.view" selected' in page


def test_an_api_change_names_its_token(client, app, auth, org):
    with app.app_context():
        _row, token = issue_token(db.session.get(Organisation, org.id), "Kunnan intranet", True)
        db.session.commit()
    created = client.post("/api/v1/backlog", json={"title": "Iltaneuvola"},
                          headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201
    auth.login("admin@kittila.example")
    client.set_cookie("lang", "en")
    page = client.get("/staff/kittila/audit?action=backlog.create").get_data(as_text=True)
    assert "API token: Kunnan intranet" in page


def test_a_coordinator_sees_on_the_persons_page_who_viewed_and_exported(client, app, auth, org):
    aino = add_volunteer(app, org, name="Aino", email="aino@perhe.example", languages=("se",))
    auth.login("admin@kittila.example")
    client.get(f"/staff/kittila/volunteers/{aino}")
    post_form(client, "/staff/kittila/volunteers/export.csv", {"reason": "Postitus"}, page="/staff/kittila/volunteers")
    auth.logout()
    auth.login("k@kittila.example")
    client.set_cookie("lang", "en")
    html = client.get(f"/staff/kittila/volunteers/{aino}").get_data(as_text=True)
    section = html.split('id="trail-heading"')[1].split("</section>")[0]
    assert section.count("admin@kittila.example") == 2 and "Reason: Postitus" in section
    assert "k@kittila.example" in section  # this very visit
