"""Results: counts computed by SQL aggregates, free-text answers, streamed exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.i18n import language_name, localize, ordered_locales
from webapp.core.pagination import paginate_rows
from webapp.core.personal_data import marker, mask
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
        conditions.append(Answer.text.icontains(search, autoescape=True))
    query, counted = query.where(*conditions), counted.where(*conditions)
    if counts is not None and not search and not released_only:
        entry = counts.get(question.id, {})
        total = entry.get("texts", 0) + (entry.get("hidden", 0) if include_hidden else 0)
    else:
        total = db.session.scalar(counted)
    if not total:  # nothing to look for: a choice question whose "other" nobody wrote would be a full scan
        query = query.where(sa.false())
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


#: Between the "other" texts of one question in one response, as the database joins them (no
#: answer holds it: stored text has no control characters).
_TEXTS_APART = "\x1f"


def export_rows(survey: Survey, filters: Filters, locale: str) -> Iterator[list[Cell]]:
    """The header and one row per response, typed for `webapp.core.tabular`: the response number
    and scale values are numbers, the date a date, a yes/no answer a boolean, the language and
    channel their names, a choice question's options (in the form's order) and its "other"
    texts in one cell.

    The database puts each response's answers in its one row (a column per question, grouped
    by response), so rows come from SQL straight to the writer with no object per answer, in
    batches: memory stays flat, and 100,000 responses take seconds. Everything taken from the
    ORM is read up front.
    """
    header = [_("Response"), _("Date"), _("Language"), _("Channel")]
    selected = [Response.id, Response.submitted_on, Response.locale, Response.channel]
    cells: list = []
    numbers = {question.id: number for number, question in enumerate(survey.questions, 1)}
    if any(question.condition_question_id for question in survey.questions):
        # The path a family took: which questions its answers hid (an empty cell: none), and in each
        # hidden question's column "not shown" rather than a blank that reads as "not answered".
        header.append(_("Questions not shown"))
        selected.append(sa.func.max(sa.cast(Response.not_shown, sa.Text)))
        cells.append(numbers)
    for number, question in enumerate(survey.questions, 1):
        header.append(f"{number}. {localize(question.text, locale)}")
        mine = Answer.question_id == question.id
        if question.kind.has_options:
            options = {str(option.id): (position, localize(option.label, locale))
                       for position, option in enumerate(question.options)}
            selected += [sa.func.aggregate_strings(sa.case((sa.and_(mine, Answer.option_id.is_not(None)),
                                                           sa.cast(Answer.option_id, sa.String))), ","),
                         sa.func.aggregate_strings(sa.case((sa.and_(mine, Answer.option_id.is_(None)), Answer.text)),
                                                   _TEXTS_APART)]
            cells.append((question.id, options))
        else:
            selected.append(sa.func.max(sa.case((mine, Answer.text if question.kind.is_text else Answer.value))))
            cells.append((question.id, question.kind))
    query = filters.apply(
        sa.select(*selected)
        .outerjoin(Answer, sa.and_(Answer.response_id == Response.id, Answer.is_hidden.is_(False))), survey
    ).group_by(Response.id, Response.submitted_on, Response.locale, Response.channel).order_by(Response.id)
    words = {"other": _("Other: %(text)s", text="{}"), "removed": marker(), "not_shown": _("not shown"),
             **{c: str(label) for c, label in CHANNEL_LABELS.items()}}
    return _export_generator(header, cells, words, query)


def _export_generator(header, cells, words, query) -> Iterator[list[Cell]]:
    yield header
    languages: dict[str, str] = {}
    other, removed = words["other"], words["removed"]
    # The query runs here, while the response streams: on PostgreSQL its server-side cursor
    # lives in this transaction, not in the view's, which ends before streaming starts.
    for values in db.session.connection().execution_options(yield_per=500).execute(query):
        response_id, day, language, channel = values[:4]
        if language not in languages:
            languages[language] = language_name(language)
        row: list[Cell] = [response_id, day, languages[language], words[channel]]
        column = 4
        hidden: set[int] = set()
        for cell in cells:
            if isinstance(cell, dict):  # the questions not shown, by their numbers
                hidden = set(_json_ids(values[column]))
                column += 1
                row.append(", ".join(str(cell[q]) for q in sorted(hidden, key=lambda q: cell.get(q, 0))
                                     if q in cell) or None)
                continue
            question_id, kind = cell
            if isinstance(kind, dict):  # a choice question: its options' ids, then its "other" texts
                chosen, written = values[column], values[column + 1]
                column += 2
                parts = [label for _position, label in sorted(kind.get(option_id, (-1, ""))
                                                              for option_id in chosen.split(","))] if chosen else []
                if written:
                    parts += [other.format(mask(text, replacement=removed))
                              for text in written.split(_TEXTS_APART) if text]
                row.append(" | ".join(parts) or (words["not_shown"] if question_id in hidden else None))
            else:
                value = values[column]
                column += 1
                if isinstance(value, str):  # free text leaves with personal data masked
                    value = mask(value, replacement=removed)
                if value is None and question_id in hidden:
                    row.append(words["not_shown"])
                else:
                    row.append(value == 1 if kind is QuestionKind.YES_NO and value is not None else value)
        yield row


def _json_ids(value) -> list[int]:
    """A response's `not_shown` as the query gives it: a list, or its JSON text through an aggregate."""
    if not value:
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return [int(item) for item in value or []]
