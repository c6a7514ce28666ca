"""An organisation's texts go to a translator as a spreadsheet and come back: the Skolt Sámi
translations land in the right fields, the survey page is rendered anew, and a sheet with a
row of another organisation's text stores nothing."""

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from tests.conftest import csrf_from
from tests.survey_factory import make_survey
from webapp.core.database import db
from webapp.core.tabular import xlsx_bytes
from webapp.surveys.models import Option, Question, Survey


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def upload(client, rows, locale="sms"):
    token = csrf_from(client.get("/staff/kittila/translations").get_data(as_text=True))
    data = {"csrf_token": token, "locale": locale,
            "file": (io.BytesIO(xlsx_bytes(rows, title=locale)), "kaannokset.xlsx")}
    return client.post("/staff/kittila/translations/import", data=data, content_type="multipart/form-data")


def test_texts_missing_in_skolt_go_out_and_come_back(client, app, factory, coordinator):
    s = make_survey(app, coordinator)
    other = factory.organisation("sodankyla")
    make_survey(app, other, slug="muu", title={"fi": "Toisen kunnan kysely"})
    page = client.get("/staff/kittila/translations?lang=en").get_data(as_text=True)
    assert "Translate in a spreadsheet" in page
    response = client.get("/staff/kittila/translations/export.xlsx?locale=sms")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = sheet_rows(response)
    assert rows[0] == ["Key", "What", "Field", "Finnish", "Other languages", "Translation"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key[f"survey:{s.id}:title"][3] == "Neuvolakysely"
    assert "davvisámegiella: Rávvehatjearahallan" in by_key[f"survey:{s.id}:title"][4]
    assert f"survey_question:{s.single}:text" in by_key and f"survey_option:{s.mother}:label" in by_key
    assert by_key[f"survey_question:{s.single}:text"][1] == f"survey question {s.single} · Neuvolakysely"
    assert not any("Toisen kunnan" in str(row[3]) for row in rows)

    with app.app_context():
        before = db.session.get(Survey, s.id).updated_at
    by_key[f"survey_question:{s.single}:text"][5] = "Kii vaʹstteed?"
    by_key[f"survey_option:{s.mother}:label"][5] = "Jeäʹnn"
    response = upload(client, rows)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Question, s.single).text["sms"] == "Kii vaʹstteed?"
        assert db.session.get(Question, s.single).text["fi"] == "Kuka vastaa?"
        assert db.session.get(Option, s.mother).label["sms"] == "Jeäʹnn"
        assert "sms" not in db.session.get(Survey, s.id).title
        assert db.session.get(Survey, s.id).updated_at > before  # the cached page is rendered anew
    assert "Translations stored: 2 texts." in client.get("/staff/kittila/translations?lang=en").get_data(as_text=True)
    again = {row[0] for row in sheet_rows(client.get("/staff/kittila/translations/export.xlsx?locale=sms"))}
    assert f"survey_question:{s.single}:text" not in again and f"survey:{s.id}:title" in again


def test_a_row_of_another_organisations_text_stores_nothing(client, app, factory, coordinator):
    s = make_survey(app, coordinator)
    other = factory.organisation("sodankyla")
    theirs = make_survey(app, other, slug="muu")
    rows = [["Key", "What", "Field", "Finnish", "Other languages", "Translation"],
            [f"survey_question:{s.single}:text", "", "", "", "", "Kii vaʹstteed?"],
            [f"survey_question:{theirs.single}:text", "", "", "", "", "Vieras"],
            ["organisation_secret:1:x", "", "", "", "", "x"]]
    response = upload(client, rows)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"row 3: &#39;survey_question:{theirs.single}:text&#39; is not a text of this organisation" in page
    assert "row 4: &#39;organisation_secret:1:x&#39; is not a translatable text" in page
    with app.app_context():
        assert "sms" not in db.session.get(Question, s.single).text
        assert db.session.scalars(sa.select(Question.text)).all()
    not_a_sheet = client.post("/staff/kittila/translations/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(client.get("/staff/kittila/translations").get_data(as_text=True)),
        "locale": "sms", "file": (io.BytesIO(b"hello"), "notes.xlsx")})
    assert not_a_sheet.status_code == 400
    assert "Nothing was imported" in client.post(
        "/staff/kittila/translations/import?lang=en", content_type="multipart/form-data", data={
            "csrf_token": csrf_from(client.get("/staff/kittila/translations").get_data(as_text=True)),
            "locale": "sms", "file": (io.BytesIO(b"hello"), "notes.xlsx")}).get_data(as_text=True)
