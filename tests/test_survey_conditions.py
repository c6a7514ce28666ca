"""Conditional questions and pages (issue 24): the server pages through without JavaScript, applies
the conditions whatever order the answers arrive in, stores nothing for a hidden question (even from a
forged form), and the export shows the path each family took. The builder refuses a condition that
points forward or into a loop."""

import csv
import io
import re

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tests.survey_factory import make_paged_survey
from webapp.core.database import db
from webapp.surveys import services
from webapp.surveys.models import Answer, Question, QuestionKind, Response, Survey

TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def token_of(client, url) -> str:
    return TOKEN.search(client.get(url).get_data(as_text=True)).group(1)


def stored(app) -> tuple[Response, dict[int, list]]:
    with app.app_context():
        [response] = db.session.scalars(sa.select(Response)).all()
        answers: dict[int, list] = {}
        for answer in db.session.scalars(sa.select(Answer)):
            answers.setdefault(answer.question_id, []).append(answer.option_id or answer.value or answer.text)
        db.session.expunge(response)
        return response, answers


def hidden_fields(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="(q[^"]+)" value="([^"]*)">', html):
        found.setdefault(name, []).append(value)
    return found


def test_without_javascript_the_server_pages_through_and_skips_a_hidden_page(client, app, org):
    s = make_paged_survey(app, org)
    first = client.get(s.url + "?lang=en").get_data(as_text=True)
    assert "Page 1 of 3" in first and 'name="page" value="1"' in first
    assert f'id="question-{s.satisfaction}"' not in first, "page 2 waits for its own page"
    # The follow-up on the same page is shown, saying when to answer it (no script to hide it).
    assert f'data-when="q{s.visited}:1"' in first
    assert "Answer this question only if your answer to question 2 was “Yes”." in first

    token = TOKEN.search(first).group(1)
    missing = client.post(s.url + "?lang=en", data={"token": token, "page": "1", "move": "next",
                                                    f"q{s.who}": s.mother})
    assert missing.status_code == 422, "a required question of this page holds the family here"
    assert "Page 1 of 3" in missing.get_data(as_text=True)

    page3 = client.post(s.url + "?lang=en", data={
        "token": token, "page": "1", "move": "next", f"q{s.who}": s.mother, f"q{s.visited}": "0",
        f"q{s.worked}": "typed before changing to no"})
    html = page3.get_data(as_text=True)
    assert page3.status_code == 200 and 'name="page" value="3"' in html
    assert "Page 2 of 2" in html, "the clinic page is skipped for a family that did not visit"
    assert hidden_fields(html)[f"q{s.visited}"] == ["0"], "earlier answers travel with the form"
    assert f'data-when="q{s.others}:{s.club}"' in html

    carried = _as_form(hidden_fields(html))
    back = client.post(s.url + "?lang=en", data=MultiDict([*carried, ("token", token), ("page", "3"),
                                                           ("move", "back"), (f"q{s.others}", s.club)]))
    assert 'name="page" value="1"' in back.get_data(as_text=True), "back past the skipped page"
    assert f'value="{s.mother}" checked' in back.get_data(as_text=True)

    sent = client.post(s.url + "?lang=en", data=MultiDict([*carried, ("token", token), ("page", "3"),
                                                           (f"q{s.others}", s.club), (f"q{s.which}", "Perhekerho")]))
    assert sent.status_code == 302
    response, answers = stored(app)
    assert set(answers) == {s.who, s.visited, s.others, s.which}, "the hidden follow-up is not stored"
    assert answers[s.which] == ["Perhekerho"]
    assert sorted(response.not_shown) == sorted([s.worked, s.satisfaction, s.better])


def _as_form(fields: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, values in fields.items() for value in values]


def test_a_forged_post_answering_hidden_questions_stores_nothing_for_them(client, app, org):
    """All answers at once, in reverse order, answering questions the answer "no" hides:
    the hidden ones are neither stored nor required (the required scale is not asked)."""
    s = make_paged_survey(app, org)
    fields = [("token", token_of(client, s.url)), (f"q{s.which}", "Forged club"),
              (f"q{s.better}", "Forged text"), (f"q{s.worked}", "Forged too"), (f"q{s.others}", str(s.school)),
              (f"q{s.visited}", "0"), (f"q{s.who}", str(s.mother))]
    assert client.post(s.url, data=MultiDict(fields)).status_code == 302
    response, answers = stored(app)
    assert set(answers) == {s.who, s.visited, s.others}
    assert sorted(response.not_shown) == sorted([s.worked, s.satisfaction, s.better, s.which])


def test_the_same_answers_in_any_order_give_the_same_result(client, app, org):
    s = make_paged_survey(app, org)
    fields = [(f"q{s.who}", str(s.mother)), (f"q{s.visited}", "1"), (f"q{s.worked}", "Aika löytyi"),
              (f"q{s.satisfaction}", "5"), (f"q{s.others}", str(s.club)), (f"q{s.which}", "Vauvakerho")]
    missing_scale = [field for field in fields if field[0] != f"q{s.satisfaction}"]
    for order in (missing_scale, list(reversed(missing_scale))):
        refused = client.post(s.url, data=MultiDict([("token", token_of(client, s.url)), *order]))
        assert refused.status_code == 422, "shown by the answer yes, the scale is required"
        assert 'name="page" value="2"' in refused.get_data(as_text=True), "the page with the missing answer"
    sent = client.post(s.url, data=MultiDict([("token", token_of(client, s.url)), *reversed(fields)]))
    assert sent.status_code == 302
    response, answers = stored(app)
    assert set(answers) == {s.who, s.visited, s.worked, s.satisfaction, s.others, s.which}
    assert response.not_shown is None


def test_the_export_shows_the_path_each_family_took(client, app, org, factory, auth):
    s = make_paged_survey(app, org)
    for visited in ("1", "0"):
        data = {"token": token_of(client, s.url), f"q{s.who}": s.mother, f"q{s.visited}": visited,
                f"q{s.satisfaction}": "4", f"q{s.others}": s.school}
        assert client.post(s.url, data=data).status_code == 302
    factory.user("k@kittila.example", organisation=org)
    auth.login("k@kittila.example")
    exported = client.get(f"/staff/kittila/surveys/{s.id}/export.csv?lang=en").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    path = header.index("Questions not shown")
    scale = next(i for i, name in enumerate(header) if name.startswith("4. "))
    yes, no = rows[1], rows[2]
    assert yes[path] == "7" and yes[scale] == "4"  # 3 was shown, and left blank
    assert no[path] == "3, 4, 5, 7" and no[scale] == "not shown"


def test_the_builder_refuses_a_condition_pointing_forward_or_into_a_loop(app, org):
    s = make_paged_survey(app, org)
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        visited = db.session.get(Question, s.visited)
        with pytest.raises(services.SurveyRuleError):  # forward: question 2 depending on question 4
            services.save_question(survey, visited, kind=QuestionKind.YES_NO, text=visited.text,
                                   condition_question_id=s.satisfaction, condition_values=["1"])
        with pytest.raises(services.SurveyRuleError):  # itself: the shortest loop
            services.save_question(survey, visited, kind=QuestionKind.YES_NO, text=visited.text,
                                   condition_question_id=s.visited, condition_values=["1"])
        with pytest.raises(services.SurveyRuleError):  # an answer the question does not have
            services.save_question(survey, None, kind=QuestionKind.SHORT_TEXT, text={"fi": "x"},
                                   condition_question_id=s.visited, condition_values=["7"])
        with pytest.raises(services.SurveyRuleError):  # moving the follow-up above what decides it
            services.move(survey.questions, db.session.get(Question, s.worked), -1)
        with pytest.raises(services.SurveyRuleError):  # removing what a condition looks at
            services.remove_question(visited)
        db.session.rollback()
        assert [q.id for q in db.session.get(Survey, s.id).questions][:3] == [s.who, s.visited, s.worked]


def test_the_demo_survey_asks_its_follow_up_only_of_those_who_answered_no(client, app, org):
    from webapp.orgs.models import Organisation
    from webapp.surveys.demo import load_demo_survey

    with app.app_context():
        load_demo_survey(db.session.get(Organisation, org.id))
        db.session.commit()
        questions = db.session.scalars(sa.select(Question).order_by(Question.position)).all()
        ids = [q.id for q in questions]
        language, follow_up = questions[4], questions[5]
        assert follow_up.condition_question_id == language.id and follow_up.condition_values == ["0"]
        wanted, who = follow_up.options[0].id, questions[0].options[0].id
    url = "/kittila/surveys/neuvola-2026"
    html = client.get(url + "?lang=en").get_data(as_text=True)
    assert f'data-when="q{ids[4]}:0"' in html and "was “No”" in html
    for answer in ("1", "0"):
        data = {"token": token_of(client, url), f"q{ids[0]}": who, f"q{ids[2]}": "4", f"q{ids[4]}": answer,
                f"q{ids[5]}": wanted}
        assert client.post(url, data=data).status_code == 302
    with app.app_context():
        stored_follow_ups = db.session.scalars(sa.select(Answer.option_id).where(Answer.question_id == ids[5])).all()
    assert stored_follow_ups == [wanted], "stored once: for the family that answered no"
