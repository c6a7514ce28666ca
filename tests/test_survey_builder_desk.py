"""The survey builder without round trips (issue 22): options pasted one per line in each language,
several in one submit; a save lands at what was edited; "Northern Sámi: 5 texts missing" lists the five,
each linked to its input; conditions in plain words; lazy strings with <…> shown as text (D20)."""

import re

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from webapp.core.database import db
from webapp.surveys.models import Question, Survey, SurveyStatus


def options_of(app, question_id) -> list[dict]:
    with app.app_context():
        return [dict(option.label) for option in db.session.get(Question, question_id).options]


def test_a_choice_question_and_its_pasted_options_are_one_submit(client, app, coordinator):
    s = make_survey(app, coordinator, status=SurveyStatus.DRAFT)
    base = f"/staff/kittila/surveys/{s.id}"
    saved = post_form(client, f"{base}/questions/new", {
        "kind": "single", "text-fi": "Missä asut?", "text-se": "Gos orut?",
        "new_options-fi": "Kittilä\r\n Levi \r\n\r\nSirkka", "new_options-se": "Gihttel\nLevi\nSirkka"})
    with app.app_context():
        question = db.session.scalar(sa.select(Question).order_by(Question.id.desc()))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"{base}#question-{question.id}")
    assert options_of(app, question.id) == [{"fi": "Kittilä", "se": "Gihttel"}, {"fi": "Levi", "se": "Levi"},
                                            {"fi": "Sirkka", "se": "Sirkka"}]
    added = post_form(client, f"{base}/questions/{question.id}/options",
                      {"new-labels-fi": "Pokka\nRaattama", "new-labels-se": "Bohkká\nRáhttán"},
                      page=f"{base}/questions/{question.id}")
    assert re.search(rf"/questions/{question.id}#option-\d+$", added.headers["Location"]), "back at what was added"
    assert len(options_of(app, question.id)) == 5
    uneven = post_form(client, f"{base}/questions/{question.id}/options",
                       {"new-labels-fi": "Yksi\nKaksi", "new-labels-se": "Okta"},
                       page=f"{base}/questions/{question.id}")
    assert uneven.status_code == 302 and len(options_of(app, question.id)) == 5, "lines that would pair wrongly"


def test_the_missing_texts_are_listed_each_linked_to_its_input(client, app, coordinator):
    s = make_survey(app, coordinator, status=SurveyStatus.DRAFT)
    html = client.get(f"/staff/kittila/surveys/{s.id}?lang=en").get_data(as_text=True)
    assert "texts missing" in html
    question = f"/staff/kittila/surveys/{s.id}/questions/{s.multiple}"
    assert f'href="{question}#text-se"' in html
    assert f'href="{question}#o{s.clinic}-label-se">Question 2: option “Neuvola”</a>' in html
    assert f'href="/staff/kittila/surveys/{s.id}/questions/{s.scale}#scale_min_label-se"' in html
    form = client.get(question).get_data(as_text=True)
    assert f'id="o{s.clinic}-label-se"' in form and 'id="text-se"' in form, "each link has its input"


def test_a_condition_is_chosen_in_the_builder_and_shown_in_plain_words(client, app, coordinator):
    s = make_survey(app, coordinator, status=SurveyStatus.DRAFT)
    base = f"/staff/kittila/surveys/{s.id}"
    form = client.get(f"{base}/questions/{s.long}?lang=en").get_data(as_text=True)
    assert f'value="{s.yes_no}:0"' in form and f'value="{s.long}:' not in form, "earlier questions only"
    saved = post_form(client, f"{base}/questions/{s.long}", {"kind": "long_text", "text-fi": "Kerro lisää",
                                                              "show_when": f"{s.yes_no}:0"})
    assert saved.status_code == 302
    html = client.get(base + "?lang=en").get_data(as_text=True)
    assert "Shown only when question 4 “Saitko apua?” is answered “No”." in html
    forward = post_form(client, f"{base}/questions/{s.single}?lang=en", {
        "kind": "single", "text-fi": "Kuka vastaa?", "show_when": f"{s.yes_no}:1"})
    assert forward.status_code == 200 and "only on a question before it" in forward.get_data(as_text=True)
    two = post_form(client, f"{base}/questions/{s.long}?lang=en", {
        "kind": "long_text", "text-fi": "Kerro lisää", "show_when": [f"{s.yes_no}:0", f"{s.single}:{s.mother}"]})
    assert two.status_code == 200 and "one question only" in two.get_data(as_text=True)
    moved = post_form(client, f"{base}/questions/{s.long}/move?lang=en", {"direction": "up"}, page=base)
    moved = post_form(client, f"{base}/questions/{s.long}/move?lang=en", {"direction": "up"}, page=base)
    assert moved.status_code == 302
    with app.app_context():
        order = [q.id for q in db.session.get(Survey, s.id).questions]
    assert order.index(s.long) > order.index(s.yes_no), "never above the question that decides"


def test_lazy_text_with_angle_brackets_is_shown_as_text(client, coordinator):
    html = client.get("/staff/kittila/surveys/new?lang=en").get_data(as_text=True)
    assert "/&lt;organisation&gt;/surveys/&lt;address name&gt;" in html
