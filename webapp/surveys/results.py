"""Results: counts computed by SQL aggregates, free-text answers, streamed exports."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.i18n import language_name, localize, ordered_locales
from webapp.core.pagination import paginate_rows
from webapp.core.tabular import Cell
from webapp.surveys import tallies
from webapp.surveys.models import CHANNEL_LABELS, Answer, Channel, Question, QuestionKind, Response, Survey, Tally

TEXT_PAGE_SIZE = 25
#: A view narrowed to fewer responses than this shows nothing, for every role: a day, a rare
#: language or a channel could otherwise point at one family.
MIN_RESPONSES_SHOWN = 5


@dataclass
class Filters:
    """Which responses the results cover."""

    locale: str | None = None
    channel: Channel | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def needs_responses(self) -> bool:
        return bool(self.locale or self.channel or self.date_from or self.date_to)

    def apply_to_answers(self, query, survey: Survey):
        """Answers of the survey's questions; the responses are joined only when a filter
        needs them, so that unfiltered counts run on the answer index alone."""
        query = query.where(Answer.question_id.in_([q.id for q in survey.questions]))
        if self.needs_responses:
            query = self.apply(query.join(Response, Response.id == Answer.response_id), survey)
        return query

    def apply(self, query, survey: Survey):
        query = query.where(Response.survey_id == survey.id)
        if self.locale:
            query = query.where(Response.locale == self.locale)
        if self.channel:
            query = query.where(Response.channel == self.channel)
        if self.date_from:
            query = query.where(Response.submitted_on >= self.date_from)
        if self.date_to:
            query = query.where(Response.submitted_on <= self.date_to)
        return query


def answer_locales(survey: Survey) -> list[str]:
    """The languages a results filter offers: the survey's own and every language families
    answered in (a Skolt Sámi page answers a survey written in Finnish and Northern Sámi)."""
    found = db.session.scalars(sa.select(Tally.locale).where(Tally.survey_id == survey.id).distinct())
    return ordered_locales([*survey.locales, *found])


def count_responses(survey: Survey, filters: Filters) -> int:
    return db.session.scalar(filters.apply(sa.select(sa.func.count(Response.id)), survey))


def too_few(survey: Survey, filters: Filters, total: int | None = None) -> bool:
    """Whether a narrowed view covers too few responses to be shown (the whole survey is not narrowed)."""
    if not filters.needs_responses:
        return False
    return (count_responses(survey, filters) if total is None else total) < MIN_RESPONSES_SHOWN


def _tally_query(survey: Survey, filters: Filters, *columns):
    query = sa.select(*columns).where(Tally.survey_id == survey.id)
    if filters.locale:
        query = query.where(Tally.locale == filters.locale)
    if filters.channel:
        query = query.where(Tally.channel == filters.channel.value)
    if filters.date_from:
        query = query.where(Tally.submitted_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Tally.submitted_on <= filters.date_to)
    return query


def answer_counts(survey: Survey, filters: Filters) -> dict[int, dict]:
    """Per question: `{"options": {option_id: n}, "values": {value: n}, "texts": n,
    "hidden": n, "respondents": n}`, summed in the database from the running tallies, so the
    time does not grow with the number of responses."""
    counts: dict[int, dict] = {}
    query = _tally_query(survey, filters, Tally.question_id, Tally.kind, Tally.option_key, Tally.value_key,
                         sa.func.sum(Tally.count)).group_by(
        Tally.question_id, Tally.kind, Tally.option_key, Tally.value_key)
    for question_id, kind, option_key, value_key, n in db.session.execute(query):
        entry = counts.setdefault(question_id, {})
        if kind == "option":
            entry.setdefault("options", {})[option_key] = n
        elif kind == "value":
            entry.setdefault("values", {})[value_key] = n
        else:
            name = {"text": "texts", "hidden": "hidden", "respondent": "respondents"}[kind]
            entry[name] = entry.get(name, 0) + n
    return counts


def scale_average(values: dict[int, int]) -> float | None:
    total = sum(values.values())
    return sum(value * n for value, n in values.items()) / total if total else None


def text_answers(question: Question, filters: Filters, search: str = "", page: int = 1,
                 include_hidden: bool = True, counts: dict | None = None, released_only: bool = False):
    """A page of free-text answers (rows of answer, day and language), newest first, with the
    total count (from the tallies in `counts` when there is no search). `released_only` leaves
    out what a coordinator has not yet checked and released (for the core and steering groups)."""
    query = filters.apply(
        sa.select(Answer, Response.submitted_on, Response.locale)
        .join(Response, Response.id == Answer.response_id)
        .where(Answer.question_id == question.id, Answer.text.is_not(None)), question.survey)
    counted = filters.apply_to_answers(
        sa.select(sa.func.count()).select_from(Answer)
        .where(Answer.question_id == question.id, Answer.text.is_not(None)), question.survey)
    conditions = []
    if not include_hidden or released_only:
        conditions.append(Answer.is_hidden.is_(False))
    if released_only:
        conditions.append(Answer.is_released.is_(True))
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Answer.text.ilike(f"%{escaped}%", escape="\\"))
    query, counted = query.where(*conditions), counted.where(*conditions)
    if counts is not None and not search and not released_only:
        entry = counts.get(question.id, {})
        total = entry.get("texts", 0) + (entry.get("hidden", 0) if include_hidden else 0)
    else:
        total = db.session.scalar(counted)
    return paginate_rows(query.order_by(Answer.response_id.desc(), Answer.id.desc()), page=page,
                         per_page=TEXT_PAGE_SIZE, total=total)


def set_answer_released(answer: Answer, released: bool, organisation) -> None:
    """Release a checked free-text answer to the core and steering groups (or take it back)."""
    if answer.is_released == released or answer.text is None:
        return
    answer.is_released = released
    db.session.flush()
    record("survey.answer_released" if released else "survey.answer_withdrawn", organisation=organisation,
           target=answer, question_id=answer.question_id)


def set_answer_hidden(answer: Answer, hidden: bool, organisation) -> None:
    """Hide (or show again) a free-text answer; an audit event records it."""
    if answer.is_hidden == hidden or answer.text is None:
        return
    answer.is_hidden = hidden
    if hidden:
        answer.is_released = False
    db.session.flush()
    tallies.move_text(answer, hidden)
    record("survey.answer_hidden" if hidden else "survey.answer_shown", organisation=organisation,
           target=answer, question_id=answer.question_id)


@dataclass(frozen=True)
class ExportColumn:
    """What the export needs of a question, read before streaming starts."""

    question_id: int
    kind: QuestionKind
    title: str


def export_rows(survey: Survey, filters: Filters, locale: str) -> Iterator[list[Cell]]:
    """The header and one row per response, read from the database in batches, typed for
    `webapp.core.tabular`: the response number and scale values are numbers, the date a date,
    a yes/no answer a boolean, the language and channel their names.

    Everything taken from the ORM is read up front; the rows come from a plain column
    query, so memory stays flat however many responses there are.
    """
    columns = [ExportColumn(q.id, q.kind, f"{number}. {localize(q.text, locale)}")
               for number, q in enumerate(survey.questions, 1)]
    labels = {option.id: localize(option.label, locale) for q in survey.questions for option in q.options}
    header = [_("Response"), _("Date"), _("Language"), _("Channel")] + [c.title for c in columns]
    words = {"other": _("Other: %(text)s", text="{}"), **{c: str(label) for c, label in CHANNEL_LABELS.items()}}
    query = filters.apply(
        sa.select(Response.id, Response.submitted_on, Response.locale, Response.channel,
                  Answer.question_id, Answer.option_id, Answer.value, Answer.text)
        .outerjoin(Answer, sa.and_(Answer.response_id == Response.id, Answer.is_hidden.is_(False))), survey
    ).order_by(Response.id, Answer.id).execution_options(yield_per=2000)
    return _export_generator(header, columns, labels, words, query)


def _export_generator(header, columns, labels, words, query) -> Iterator[list[Cell]]:
    yield header
    # The query runs here, while the response streams: on PostgreSQL its server-side cursor
    # lives in this transaction, not in the view's, which ends before streaming starts.
    rows = db.session.execute(query)
    for (response_id, day, language, channel), answers in itertools.groupby(rows, key=lambda row: tuple(row[:4])):
        by_question: dict[int, list] = {}
        for row in answers:
            if row.question_id is not None:
                by_question.setdefault(row.question_id, []).append(row)
        yield [response_id, day, language_name(language), words[channel]] + [
            _cell(column, by_question.get(column.question_id, []), labels, words) for column in columns]


def _cell(column: ExportColumn, answers: list, labels: dict[int, str], words: dict) -> Cell:
    if column.kind.has_options:
        parts = [labels.get(a.option_id, "") for a in answers if a.option_id is not None]
        parts += [words["other"].format(a.text) for a in answers if a.option_id is None and a.text]
        # Not tabular.join's ", ": an "other" answer is free text and may hold commas.
        return " | ".join(parts) or None
    if not answers:
        return None
    if column.kind is QuestionKind.YES_NO:
        return answers[0].value == 1
    if column.kind is QuestionKind.SCALE:
        return answers[0].value
    return answers[0].text
