"""Paper and event forms typed in as they were filled: blanks stay blank, the batch keeps its
date, language and channel, and a typed-in response can be corrected or deleted (audited)."""

import re
from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from webapp.audit.models import AuditEvent
from webapp.core.clock import today
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import results
from webapp.surveys.models import Answer, Response, Survey, Tally


def last_thursday():
    day = today()
    return day - timedelta(days=(day.weekday() - 3) % 7 or 7)


def the_form(client, url):
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    chosen = {}
    for name in ("channel", "locale"):
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        chosen[name] = re.search(r'<option (?=[^>]*selected)[^>]*value="(\w+)"', select).group(1)
    day = re.search(r'name="submitted_on"[^>]*value="([\d-]+)"', html)
    return {"token": token, **chosen, "submitted_on": day.group(1) if day else ""}


def test_three_paper_forms_from_last_thursday_with_a_blank_required_question(client, app, coordinator):
    s = make_survey(app, coordinator)
    page = f"/staff/kittila/surveys/{s.id}/paper"
    thursday = last_thursday().isoformat()
    first = the_form(client, page)
    assert first["submitted_on"] == today().isoformat()
    # The required single choice is left blank on every form; only the scale was circled.
    saved = post_form(client, page, {**first, "channel": "event", "locale": "se", "submitted_on": thursday,
                                     f"q{s.scale}": "4"})
    assert saved.status_code == 302
    following = saved.headers["Location"]
    for value in ("3", "5"):
        form = the_form(client, following)
        assert (form["channel"], form["locale"], form["submitted_on"]) == ("event", "se", thursday), \
            "the next form of the batch keeps the date, language and channel"
        response = post_form(client, following, {**form, f"q{s.scale}": value})
        assert response.status_code == 302, "a blank required question is not refused on paper"
        following = response.headers["Location"]
    with app.app_context():
        stored = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
        assert [(str(r.submitted_on), r.locale, r.channel.value) for r in stored] == [(thursday, "se", "event")] * 3
        survey = db.session.get(Survey, s.id)
        counts = results.answer_counts(survey, results.Filters())
        assert results.count_responses(survey, results.Filters()) == 3
        assert counts.get(s.single, {}).get("respondents", 0) == 0, "the blank counts as unanswered"
        assert counts[s.scale]["respondents"] == 3
    # Two more forms (five answers are needed before results show): the page says who left it blank.
    for _ in range(2):
        form = the_form(client, following)
        following = post_form(client, following, {**form, f"q{s.single}": str(s.mother)}).headers["Location"]
    client.set_cookie("lang", "en")
    html = client.get(f"/staff/kittila/surveys/{s.id}/results").get_data(as_text=True)
    assert "2 people answered · 3 left it unanswered" in html


def tally_total(app, survey_id):
    with app.app_context():
        return {(t.question_id, t.kind, t.option_key, t.value_key, t.locale): t.count for t in
                db.session.scalars(sa.select(Tally).where(Tally.survey_id == survey_id)) if t.count}


def test_a_typed_in_response_is_listed_corrected_and_deleted_with_audit_events(client, app, coordinator):
    s = make_survey(app, coordinator)
    page = f"/staff/kittila/surveys/{s.id}/paper"
    form = the_form(client, page)
    post_form(client, page, {**form, "channel": "paper", "locale": "fi", "submitted_on": "2026-11-19",
                             f"q{s.single}": str(s.mother), f"q{s.multiple}": ["other"],
                             f"q{s.multiple}-other": "Kerho", f"q{s.long}": "Kirjoitusvirhe"})
    with app.app_context():
        [response_id] = db.session.scalars(sa.select(Response.id)).all()
    listing = client.get(f"{page}/responses").get_data(as_text=True)
    edit = f"{page}/responses/{response_id}"
    assert edit in listing
    html = client.get(edit).get_data(as_text=True)
    assert "Kirjoitusvirhe" in html and "Kerho" in html and 'value="2026-11-19"' in html
    corrected = post_form(client, edit, {"channel": "paper", "locale": "se", "submitted_on": "2026-11-20",
                                         f"q{s.single}": str(s.father), f"q{s.long}": "Korjattu"})
    assert corrected.status_code == 302
    with app.app_context():
        response = db.session.get(Response, response_id)
        assert (str(response.submitted_on), response.locale) == ("2026-11-20", "se")
        assert sorted((a.question_id, a.option_id, a.text) for a in response.answers) == sorted(
            [(s.single, s.father, None), (s.long, None, "Korjattu")])
    counts = tally_total(app, s.id)
    assert counts == {(s.single, "option", s.father, -1, "se"): 1, (s.single, "respondent", 0, -1, "se"): 1,
                      (s.long, "text", 0, -1, "se"): 1, (s.long, "respondent", 0, -1, "se"): 1}, \
        "the tallies follow the correction"
    assert post_form(client, f"{edit}/delete", {}, page=edit).status_code == 302
    assert tally_total(app, s.id) == {}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0
        actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
        assert actions[-3:] == ["survey.paper_response", "survey.paper_corrected", "survey.paper_deleted"]


def test_a_web_answer_cannot_be_opened_as_a_paper_one(client, app, coordinator):
    s = make_survey(app, coordinator)
    html = client.get(s.url).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert client.post(s.url, data={"token": token, f"q{s.single}": str(s.mother)}).status_code in (200, 302, 303)
    with app.app_context():
        [response_id] = db.session.scalars(sa.select(Response.id)).all()
    assert client.get(f"/staff/kittila/surveys/{s.id}/paper/responses/{response_id}").status_code == 404


def test_a_hidden_answer_typed_the_same_again_stays_hidden(client, app, coordinator):
    s = make_survey(app, coordinator)
    page = f"/staff/kittila/surveys/{s.id}/paper"
    form = the_form(client, page)
    post_form(client, page, {**form, "locale": "fi", "submitted_on": "2026-11-19", f"q{s.single}": str(s.mother),
                             f"q{s.long}": "Soita minulle 040 123 4567"})
    with app.test_request_context():
        [answer] = db.session.scalars(sa.select(Answer).where(Answer.text.is_not(None))).all()
        results.set_answer_hidden(answer, True, db.session.get(Organisation, coordinator.id))
        db.session.commit()
        response_id = answer.response_id
    edit = f"{page}/responses/{response_id}"
    post_form(client, edit, {"channel": "paper", "locale": "fi", "submitted_on": "2026-11-19",
                             f"q{s.single}": str(s.father), f"q{s.long}": "Soita minulle 040 123 4567"})
    with app.app_context():
        [answer] = db.session.scalars(sa.select(Answer).where(Answer.text.is_not(None))).all()
        assert answer.is_hidden, "the personal data stays hidden"
    counts = tally_total(app, s.id)
    assert counts[(s.long, "hidden", 0, -1, "fi")] == 1 and (s.long, "text", 0, -1, "fi") not in counts
