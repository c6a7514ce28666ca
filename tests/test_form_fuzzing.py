"""Hypothesis fills the public forms with arbitrary text: never a server error, and a sign-up or
an answer is either stored whole or not at all."""

import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import csrf_from
from tests.survey_factory import make_survey
from webapp.core.database import db

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def settings(settings):
    settings["RATELIMIT_ENABLED"] = False  # sixty posts a minute from one test client
    return settings


def count(app, table):
    with app.app_context():
        return db.session.scalar(sa.text(f"select count(*) from {table}"))


@FUZZ
@given(name=TEXT, email=TEXT, phone=TEXT, age=st.sampled_from(["13-17", "30-44", "under13", "", "x"]),
       availability=TEXT, consent=st.sampled_from(["y", ""]), languages=st.lists(TEXT, max_size=3))
def test_the_sign_up_form_never_fails(client, app, factory, name, email, phone, age, availability, consent,
                                      languages):
    if count(app, "organisation") == 0:
        factory.organisation("kittila")
    page = client.get("/kittila/join").get_data(as_text=True)
    before = count(app, "volunteer")
    response = client.post("/kittila/join", data={
        "csrf_token": csrf_from(page), "name": name, "email": email, "phone": phone, "age_range": age,
        "availability": availability, "contact_consent": consent, "languages": languages})
    assert response.status_code in (302, 400, 422), response.status_code
    after = count(app, "volunteer")
    assert after - before in (0, 1)
    if after > before:
        assert count(app, "volunteer_consent") >= after, "a person is never stored without their consent"


@FUZZ
@given(short=TEXT, long=TEXT, other=TEXT, single=TEXT, scale=TEXT)
def test_the_survey_form_never_fails(client, app, factory, short, long, other, single, scale):
    if count(app, "organisation") == 0:
        make_survey(app, factory.organisation("kittila"))
    with app.app_context():
        question_ids = dict(db.session.execute(sa.text(
            "select kind, min(id) from survey_question group by kind")).all())
    page = client.get("/kittila/surveys/kysely").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    before = (count(app, "survey_response"), count(app, "survey_answer"))
    response = client.post("/kittila/surveys/kysely", data={
        "token": token, f"q{question_ids['single']}": single,
        f"q{question_ids['scale']}": scale, f"q{question_ids['short_text']}": short,
        f"q{question_ids['long_text']}": long, f"q{question_ids['multiple']}-other": other})
    assert response.status_code in (302, 400, 422), response.status_code
    after = (count(app, "survey_response"), count(app, "survey_answer"))
    assert after[0] - before[0] in (0, 1)
    assert (after[1] > before[1]) == (after[0] > before[0]), "answers only with their response"
