"""A corpus of hostile and awkward input sent to every public form and query parameter: no
server error, no unescaped reflection, nothing half-stored; and no secret or personal data in
the logs of a whole flow."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from tests.conftest import CSRF_RE, PASSWORD, TEST_SECRET, csrf_from
from tests.guide_factory import make_service
from tests.idea_factory import make_board, published_idea
from tests.survey_factory import make_survey
from webapp.core.database import db

SCRIPT = "<script>alert('x')</script>"
CORPUS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE survey_response; --",
    "1 OR 1=1",
    "../../../../etc/passwd",
    "%00\x00nul",
    "Ｓｃｒｉｐｔ е а о р (Cyrillic look-alikes) ꓲ",
    "a\u0301\u0301\u0301 combining ̸̢̛̗",
    "x" * 10_000,
    "Ǩiõʹǥǥ đŋʒǯõ ✨👨‍👩‍👧",
    "\u202egnp.exe",
    "",
]


@pytest.fixture
def site(app, factory):
    org = factory.organisation("kittila")
    survey = make_survey(app, org)
    board = make_board(app, org)
    idea_id = published_idea(app, board)
    service = make_service(app, org)
    return {"survey": survey, "board": board, "idea": idea_id, "service": service}


def public_forms(site) -> list[tuple[str, str, list[str]]]:
    """(page with the form, where it posts, text fields to fill with the corpus)."""
    survey, board = site["survey"], site["board"]
    return [
        (survey.url, survey.url, [f"q{survey.short}", f"q{survey.long}", f"q{survey.multiple}-other", "token"]),
        (f"{board.url}/new", f"{board.url}/new", ["title", "body", "nickname", "email", "website"]),
        (f"{board.url}/{site['idea']}", f"{board.url}/{site['idea']}/comments", ["body", "nickname"]),
        ("/kittila/join", "/kittila/join", ["name", "email", "phone", "availability", "age_range"]),
        ("/kittila/join/manage", "/kittila/join/manage", ["email"]),
        (site["service"].url, f"{site['service'].url}/correction", ["body", "website"]),
        ("/staff/login", "/staff/login", ["email", "password"]),
        ("/staff/password-reset", "/staff/password-reset", ["email"]),
    ]


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
                for table in db.metadata.sorted_tables}


def assert_safe(response, value):
    assert response.status_code < 500, (response.status_code, value[:40])
    body = response.get_data(as_text=True)
    if "<" in value:
        assert value not in body, f"unescaped reflection of {value[:40]!r}"


def test_every_public_form_survives_the_corpus(client, app, site):
    for page, action, fields in public_forms(site):
        for value in CORPUS:
            html = client.get(page).get_data(as_text=True)
            found = CSRF_RE.search(html)  # none on the survey form: its own signed token is a field
            csrf = {"csrf_token": found[1]} if found else {}
            before = row_counts(app)
            response = client.post(action, data={**csrf, **{name: value for name in fields}})
            assert_safe(response, value)
            after = row_counts(app)
            grown = {name for name in after if after[name] != before[name]}
            # Only whole records: an answer never without its response, an idea's email never alone.
            assert not ({"survey_answer"} & grown) or "survey_response" in grown, (action, value[:30])
            assert not ({"idea_contact"} & grown) or "idea" in grown, (action, value[:30])


def test_query_parameters_survive_the_corpus(client, app, site):
    board = site["board"]
    paths = ["/", "/kittila/", site["survey"].url, board.url, "/kittila/progress", "/kittila/join",
             "/kittila/privacy", "/kittila/services", site["service"].url]
    for path in paths:
        for value in CORPUS:
            for name in ("lang", "area", "order", "i", "next", "page", "q", "situation", "language"):
                response = client.get(path, query_string={name: value})
                assert_safe(response, value)
    for value in CORPUS[:6]:
        assert client.get(f"/kittila/join/confirm/{value.replace('/', '%2F')}").status_code < 500
        assert client.get(f"/s/{value.replace('/', '%2F')}").status_code < 500
        assert client.get(f"/kittila/services/{value.replace('/', '%2F')}").status_code < 500


def test_invalid_utf8_and_oversized_bodies_are_refused_cleanly(client, app, site):
    page = client.get("/kittila/join").get_data(as_text=True)
    bad = b"csrf_token=" + csrf_from(page).encode() + b"&name=\xff\xfe\xfa&email=a%40b.fi"
    response = client.post("/kittila/join", data=bad, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (400, 422)  # refused with the form's own message, nothing stored
    huge = client.post("/kittila/join", data={"csrf_token": csrf_from(page), "availability": "x" * (1024 * 1024)})
    assert huge.status_code == 413
    with app.app_context():
        assert db.session.scalar(sa.text("select count(*) from volunteer")) == 0


def test_logs_of_a_whole_flow_hold_no_secrets_or_personal_data(client, app, site, factory, caplog):
    caplog.set_level(logging.DEBUG)
    factory.user("koordinaattori@kittila.example")
    email, phone = "maret.logitesti@perhe.example", "040 987 6543"

    def form(path):
        return csrf_from(client.get(path).get_data(as_text=True))

    client.post("/staff/login", data={"csrf_token": form("/staff/login"), "email": "koordinaattori@kittila.example",
                                      "password": "wrong password 123"})
    client.post("/staff/login", data={"csrf_token": form("/staff/login"), "email": "koordinaattori@kittila.example",
                                      "password": PASSWORD})
    client.post("/staff/password-reset", data={"csrf_token": form("/staff/password-reset"),
                                               "email": "koordinaattori@kittila.example"})
    client.post("/kittila/join", data={"csrf_token": form("/kittila/join"), "name": "Máret Logitesti",
                                       "email": email, "phone": phone, "age_range": "30-44",
                                       "contact_consent": "y"})
    board = site["board"]
    client.post(f"{board.url}/new", data={"csrf_token": form(f"{board.url}/new"), "title": "Soita",
                                          "body": "Numeroni on 040 987 6543", "email": email})
    with app.app_context():
        from webapp.outbox.services import deliver_due

        deliver_due()
    logs = caplog.text
    for secret in (PASSWORD, "wrong password 123", TEST_SECRET, email, phone, "0409876543", "+358409876543",
                   "Máret Logitesti", "koordinaattori@kittila.example"):
        assert secret not in logs, secret


def test_a_nul_character_gets_a_clear_answer_and_nothing_is_stored(client, app, site):
    page = client.get("/kittila/join?lang=en").get_data(as_text=True)
    response = client.post("/kittila/join", data={"csrf_token": csrf_from(page), "name": "Máret\x00",
                                                  "email": "maret@perhe.example", "age_range": "30-44",
                                                  "contact_consent": "y"})
    assert response.status_code == 422
    assert "The text contains characters that cannot be saved." in response.get_data(as_text=True)
    assert client.get("/s/ab%00cd?lang=en").status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.text("select count(*) from volunteer")) == 0
