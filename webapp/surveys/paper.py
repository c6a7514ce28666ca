"""Paper and event answers typed in by staff: listed, corrected and deleted, with the running
tallies kept in step (a web answer is never listed or changed here)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp.core import clock
from webapp.core.database import db
from webapp.core.i18n import LOCALES
from webapp.core.pagination import Pagination, paginate
from webapp.surveys import tallies
from webapp.surveys.answering import Submission
from webapp.surveys.models import Channel, Response, Survey

#: The channels of answers staff typed in; only these can be listed, corrected or deleted.
TYPED_CHANNELS = (Channel.PAPER, Channel.EVENT)
PAGE_SIZE = 50


def batch_defaults(survey: Survey, args) -> dict:
    """The date, language and channel for the next form of a batch: as the last one was entered
    (carried in the query string), else today, the survey's first language and paper."""
    defaults = {"submitted_on": clock.today(), "locale": survey.locales[0], "channel": Channel.PAPER.value}
    try:
        defaults["submitted_on"] = date.fromisoformat(args.get("on", ""))
    except ValueError:
        pass
    if args.get("locale") in LOCALES:
        defaults["locale"] = args["locale"]
    if args.get("channel") in {channel.value for channel in TYPED_CHANNELS}:
        defaults["channel"] = args["channel"]
    return defaults


def typed_responses(survey: Survey, page: int) -> Pagination:
    """The survey's paper and event responses, newest entry first, with their answers."""
    query = (sa.select(Response).where(Response.survey_id == survey.id, Response.channel.in_(TYPED_CHANNELS))
             .options(selectinload(Response.answers)).order_by(Response.id.desc()))
    return paginate(query, page=page, per_page=PAGE_SIZE)


def is_typed(response: Response) -> bool:
    return response.channel in TYPED_CHANNELS


def form_values(survey: Survey, response: Response) -> dict[str, list[str]]:
    """The answers of a stored response as the form's values (`q<id>`, `q<id>-other`)."""
    with_options = {question.id for question in survey.questions if question.kind.has_options}
    values: dict[str, list[str]] = {}
    for answer in response.answers:
        name = f"q{answer.question_id}"
        if answer.option_id is not None:
            values.setdefault(name, []).append(str(answer.option_id))
        elif answer.value is not None:
            values[name] = [str(answer.value)]
        elif answer.text is not None:
            if answer.question_id in with_options:  # "other, what?"
                values.setdefault(name, []).append("other")
                values[f"{name}-other"] = [answer.text]
            else:
                values[name] = [answer.text]
    return values


def correct(survey: Survey, response: Response, submission: Submission, *, locale: str, channel: Channel,
            submitted_on: date) -> None:
    """Replace the answers (to the questions still asked) and the date, language and channel of
    a typed-in response; answers to retired questions are kept as they were."""
    survey_id = response.survey_id
    before = tallies.response_keys(response)
    asked = {question.id for question in survey.active_questions}
    kept = [answer for answer in response.answers if answer.question_id not in asked]
    # An answer typed the same again is the same answer: it stays hidden or released as it was.
    old = {(a.question_id, a.option_id, a.value, a.text): a for a in response.answers if a.question_id in asked}
    given = [old.pop((a.question_id, a.option_id, a.value, a.text), a) for a in submission.answers]
    response.answers = kept + given
    response.locale, response.channel, response.submitted_on = locale, channel, submitted_on
    db.session.flush()
    after = tallies.response_keys(response)
    change = Counter(after)
    change.subtract(before)
    tallies.add(survey_id, Counter({key: n for key, n in change.items() if n}))


def delete(response: Response) -> None:
    """Delete a typed-in response and take its answers off the tallies."""
    before = tallies.response_keys(response)
    survey_id = response.survey_id
    db.session.delete(response)  # its answers go with it
    tallies.add(survey_id, Counter({key: -n for key, n in before.items()}))
