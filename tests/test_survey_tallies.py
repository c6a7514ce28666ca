"""The running tallies that results read always agree with the answers themselves."""

import random
from collections import Counter

import sqlalchemy as sa

from tests.survey_factory import make_survey
from tests.test_surveys import form_of
from webapp.core.database import db
from webapp.surveys import results
from webapp.surveys.models import Answer, Response, Survey, Tally
from webapp.surveys.tallies import rebuild_tallies


def counted_from_answers(survey_id):
    """The same figures as `answer_counts`, counted straight from the answer rows."""
    counts = {}
    rows = db.session.execute(sa.select(Answer).join(Response).where(Response.survey_id == survey_id)).scalars()
    respondents = Counter()
    seen = set()
    for a in rows:
        entry = counts.setdefault(a.question_id, {})
        if a.option_id is not None:
            entry.setdefault("options", Counter())[a.option_id] += 1
        elif a.value is not None:
            entry.setdefault("values", Counter())[a.value] += 1
        elif a.text is not None:
            key = "hidden" if a.is_hidden else "texts"
            entry[key] = entry.get(key, 0) + 1
        if (a.question_id, a.response_id) not in seen:
            seen.add((a.question_id, a.response_id))
            respondents[a.question_id] += 1
    for question_id, n in respondents.items():
        counts[question_id]["respondents"] = n
    return {q: {k: dict(v) if isinstance(v, Counter) else v for k, v in e.items()} for q, e in counts.items()}


def test_tallies_match_the_answers_after_many_responses(client, app, factory):
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    rng = random.Random(7)
    for n in range(25):
        client.get(f"{s.url}?lang={rng.choice(['fi', 'se'])}")
        data = {**form_of(client, s.url), f"q{s.single}": str(rng.choice([s.mother, s.father]))}
        if rng.random() < 0.7:
            data[f"q{s.multiple}"] = rng.sample([str(s.clinic), str(s.school), "other"], rng.randint(1, 3))
            data[f"q{s.multiple}-other"] = "muu"
        if rng.random() < 0.8:
            data[f"q{s.scale}"] = str(rng.randint(1, 5))
        if rng.random() < 0.5:
            data[f"q{s.long}"] = f"vastaus {n}"
        assert client.post(s.url, data=data).status_code == 302
    with app.test_request_context():
        survey = db.session.get(Survey, s.id)
        hidden = db.session.scalars(sa.select(Answer).where(Answer.text.is_not(None)).limit(2)).all()
        for answer in hidden:
            results.set_answer_hidden(answer, True, None)
        results.set_answer_hidden(hidden[0], True, None)  # hiding twice changes nothing
        db.session.commit()
        expected = counted_from_answers(s.id)
        assert results.answer_counts(survey, results.Filters()) == expected
        se_only = results.answer_counts(survey, results.Filters(locale="se"))
        assert sum(e.get("respondents", 0) for e in se_only.values()) < sum(
            e.get("respondents", 0) for e in expected.values())
        columns = (Tally.question_id, Tally.kind, Tally.option_key, Tally.value_key, Tally.locale,
                   Tally.channel, Tally.submitted_on, Tally.count)
        before = sorted(map(tuple, db.session.execute(sa.select(*columns).where(Tally.count != 0))))
        rebuild_tallies(s.id)
        db.session.commit()
        after = sorted(map(tuple, db.session.execute(sa.select(*columns).where(Tally.count != 0))))
    assert before == after  # kept incrementally or counted again: the same figures


def test_one_option_sent_many_times_counts_once_or_not_at_all(client, app, factory):
    """H1: one anonymous POST with `q<multiple>=<option>` repeated 10,000 times used to store
    10,000 answers and show "Neuvola 10 002 – 333400 %". A form never sends one checkbox twice,
    so it is refused as tampering: nothing stored, the tally unchanged."""
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    client.get(s.url)
    base = {**form_of(client, s.url), f"q{s.single}": str(s.mother)}
    assert client.post(s.url, data={**base, f"q{s.multiple}": [str(s.clinic)] * 2}).status_code == 400
    client.get(s.url)
    flood = {**form_of(client, s.url), f"q{s.single}": str(s.mother), f"q{s.multiple}": [str(s.clinic)] * 10_000}
    assert client.post(s.url, data=flood).status_code == 400
    client.get(s.url)
    fair = {**form_of(client, s.url), f"q{s.single}": str(s.mother), f"q{s.multiple}": [str(s.clinic), str(s.school)]}
    assert client.post(s.url, data=fair).status_code == 302
    with app.test_request_context():
        survey = db.session.get(Survey, s.id)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)
                                 .where(Answer.option_id == s.clinic)) == 1
        assert results.answer_counts(survey, results.Filters())[s.multiple]["options"][s.clinic] == 1


def test_rebuilding_the_tallies_repairs_answers_stored_twice(client, app, factory):
    """Answers a tampered form stored before the fix are counted once again after a rebuild."""
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    client.get(s.url)
    data = {**form_of(client, s.url), f"q{s.single}": str(s.mother), f"q{s.multiple}": str(s.clinic)}
    assert client.post(s.url, data=data).status_code == 302
    with app.test_request_context():
        response_id = db.session.scalar(sa.select(Response.id))
        db.session.add_all(Answer(response_id=response_id, question_id=s.multiple, option_id=s.clinic)
                           for _ in range(5))  # as the old parser stored a repeated option
        db.session.commit()
        rebuild_tallies(s.id)
        db.session.commit()
        survey = db.session.get(Survey, s.id)
        assert results.answer_counts(survey, results.Filters())[s.multiple]["options"][s.clinic] == 1
        assert counted_from_answers(s.id) == results.answer_counts(survey, results.Filters())
