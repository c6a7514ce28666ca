"""Keeping the answer tallies: added to with every response, moved when an answer is hidden,
and rebuilt from the answers when needed (`rebuild_tallies`)."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from webapp.core.database import db
from webapp.core.database.engine import dialect_insert
from webapp.surveys.models import Answer, Response, Tally

KEY = ("question_id", "kind", "option_key", "value_key", "locale", "channel", "submitted_on")


def _keys_of(answers, locale: str, channel: str, day) -> Counter:
    keys: Counter = Counter()
    answered = set()
    for answer in answers:
        answered.add(answer.question_id)
        if answer.option_id is not None:
            keys[(answer.question_id, "option", answer.option_id, -1)] += 1
        elif answer.value is not None:
            keys[(answer.question_id, "value", 0, answer.value)] += 1
        elif answer.text is not None:
            keys[(answer.question_id, "hidden" if answer.is_hidden else "text", 0, -1)] += 1
    for question_id in answered:
        keys[(question_id, "respondent", 0, -1)] += 1
    return Counter({(*key, locale, channel, day): n for key, n in keys.items()})


def add(survey_id: int, counts: Counter) -> None:
    """Add `counts` (key → n) to the tallies with one atomic upsert per key, in a fixed order
    so that concurrent responses never wait on each other in a cycle."""
    if not counts:
        return
    rows = [dict(zip(KEY, key, strict=True), survey_id=survey_id, count=n) for key, n in sorted(counts.items())]
    statement = dialect_insert(Tally)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY), set_={"count": Tally.count + statement.excluded.count})
    db.session.execute(statement, rows)


def response_keys(response: Response) -> Counter:
    """The tally keys one response adds (taken off again when a typed-in response is corrected)."""
    return _keys_of(response.answers, response.locale, response.channel.value, response.submitted_on)


def record_response(response: Response) -> None:
    add(response.survey_id, response_keys(response))


def move_text(answer: Answer, hidden: bool) -> None:
    """A free-text answer was hidden (or shown again): move its count between the two kinds."""
    response = db.session.get(Response, answer.response_id)
    base = (answer.question_id, "text", 0, -1, response.locale, response.channel.value, response.submitted_on)
    other = (answer.question_id, "hidden", *base[2:])
    source, target = (base, other) if hidden else (other, base)
    add(response.survey_id, Counter({target: 1, source: -1}))


def drop_repeated_options(survey_id: int) -> int:
    """Delete every answer that repeats an option already chosen in the same response (once a
    tampered form could store `q2=5` many times over); returns how many were deleted."""
    first = (sa.select(sa.func.min(Answer.id)).join(Response, Response.id == Answer.response_id)
             .where(Response.survey_id == survey_id, Answer.option_id.is_not(None))
             .group_by(Answer.response_id, Answer.question_id, Answer.option_id))
    repeated = (sa.select(Answer.id).join(Response, Response.id == Answer.response_id)
                .where(Response.survey_id == survey_id, Answer.option_id.is_not(None), Answer.id.not_in(first)))
    ids = list(db.session.scalars(repeated))
    for start in range(0, len(ids), 500):
        db.session.execute(sa.delete(Answer).where(Answer.id.in_(ids[start:start + 500])))
    return len(ids)


def rebuild_tallies(survey_id: int) -> None:
    """Count everything again from the answers (after a bulk import or a repair), each option
    once per response."""
    drop_repeated_options(survey_id)
    db.session.execute(sa.delete(Tally).where(Tally.survey_id == survey_id))
    counts: Counter = Counter()
    query = (sa.select(Response.id, Response.locale, Response.channel, Response.submitted_on, Answer)
             .join(Answer, Answer.response_id == Response.id).where(Response.survey_id == survey_id)
             .order_by(Response.id).execution_options(yield_per=5000))
    current, answers, meta = None, [], None
    for response_id, locale, channel, day, answer in db.session.execute(query):
        if response_id != current:
            if answers:
                counts.update(_keys_of(answers, *meta))
            current, answers, meta = response_id, [], (locale, channel.value, day)
        answers.append(answer)
    if answers:
        counts.update(_keys_of(answers, *meta))
    db.session.expunge_all()
    add(survey_id, counts)
