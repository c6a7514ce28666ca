"""Results that answer questions: one question by another, narrowed to those who gave an
answer ("those who chose Neuvola"), and the rounds of one template side by side.

A cross-tabulation joins the answers of the two questions on their response in one grouped
query on the answer index (question, response) (two or three when a multiple choice is in it),
so it takes the same few queries for any number of responses. The small-number rule holds for
every slice: a column (or the whole narrowed view) with fewer than `MIN_RESPONSES_SHOWN`
responses shows no numbers, and neither does a cell of one to four people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy.orm import aliased

from webapp.core.database import db
from webapp.core.i18n import localize, localized_markup
from webapp.surveys import results
from webapp.surveys.models import Answer, Question, QuestionKind, Survey

#: Kinds that can be a row, a column or a filter.
GROUPABLE = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO})
MIN = results.MIN_RESPONSES_SHOWN

#: A category of answers: the option's id, or the scale or yes/no value.
Key = int


def groupable(survey: Survey) -> list[Question]:
    return [q for q in survey.questions if q.kind in GROUPABLE]


def categories(question: Question) -> list[tuple[Key, str]]:
    """The answers a question can be grouped by, in the form's order, with their labels."""
    if question.kind.has_options:
        return [(o.id, localized_markup(o.label)) for o in question.options]
    if question.kind is QuestionKind.SCALE:
        ends = {1: question.scale_min_label, 5: question.scale_max_label}
        return [(v, Markup("%s – %s") % (v, localized_markup(ends[v])) if ends.get(v) else str(v))
                for v in range(1, 6)]
    return [(1, _("Yes")), (0, _("No"))]


def _key(alias, question: Question):
    return alias.option_id if question.kind.has_options else alias.value


def _is_grouped(alias, question: Question):
    # The answer's key is tested through coalesce() so that no index can serve it: otherwise
    # SQLite reads the joined question's answers by the (question, option) index, a range that
    # ignores the response, once for every row of the other question — quadratic time. The
    # (question, response) index finds each response's answer directly.
    return sa.and_(alias.question_id == question.id, sa.func.coalesce(_key(alias, question), -1) != -1)


@dataclass
class AnswerFilter:
    """Only the responses that gave this answer to this question."""

    question: Question
    key: Key

    @property
    def label(self) -> str:
        return dict(categories(self.question)).get(self.key, "")


def parse_filter(survey: Survey, value: str | None) -> AnswerFilter | None:
    """`"<question id>:<answer key>"` from a query string, checked against the survey."""
    question_id, _colon, key = (value or "").partition(":")
    if not (question_id.isdigit() and key.lstrip("-").isdigit() and len(value) < 30):
        return None
    question = next((q for q in groupable(survey) if q.id == int(question_id)), None)
    if question is None or int(key) not in dict(categories(question)):
        return None
    return AnswerFilter(question, int(key))


@dataclass
class CrossTab:
    rows: Question
    columns: Question | None
    answer_filter: AnswerFilter | None
    #: Responses in the view (after the filter); None when too few to say.
    base: int | None = None
    #: (key, label) of the columns; a single column of everyone when there is no column question.
    column_keys: list[tuple[Key | None, str]] = field(default_factory=list)
    #: Respondents to the row question in each column.
    column_totals: dict[Key | None, int] = field(default_factory=dict)
    #: (row key, column key) → count.
    cells: dict[tuple[Key, Key | None], int] = field(default_factory=dict)

    @property
    def too_few(self) -> bool:
        return self.base is None

    def column_too_few(self, key) -> bool:
        return self.column_totals.get(key, 0) < MIN

    def cell(self, row_key, column_key) -> tuple[int, int] | None:
        """(count, percent of the column), or None when the rule hides it."""
        n = self.cells.get((row_key, column_key), 0)
        total = self.column_totals.get(column_key, 0)
        if total < MIN or 0 < n < MIN:
            return None
        return n, round(100 * n / total)


def crosstab(survey: Survey, rows: Question, columns: Question | None = None,
             answer_filter: AnswerFilter | None = None) -> CrossTab:
    """Count the answers to `rows` in each answer to `columns` (or among everyone), for the
    responses that `answer_filter` leaves in."""
    table = CrossTab(rows=rows, columns=columns, answer_filter=answer_filter)
    row_answer, column_answer, filter_answer = aliased(Answer), aliased(Answer), aliased(Answer)
    base = sa.select(row_answer.response_id).where(_is_grouped(row_answer, rows))
    if answer_filter is not None:
        base = base.join(filter_answer, sa.and_(
            filter_answer.response_id == row_answer.response_id,
            filter_answer.question_id == answer_filter.question.id,
            _key(filter_answer, answer_filter.question) == answer_filter.key))
    column_key = sa.cast(sa.null(), sa.Integer).label("c")  # typed: PostgreSQL cannot group by an untyped NULL
    if columns is not None:
        base = base.join(column_answer, sa.and_(column_answer.response_id == row_answer.response_id,
                                                _is_grouped(column_answer, columns)))
        column_key = _key(column_answer, columns).label("c")
    counted = base.add_columns(_key(row_answer, rows).label("r"), column_key).subquery()
    grouped = db.session.execute(sa.select(counted.c.r, counted.c.c, sa.func.count())
                                 .group_by(counted.c.r, counted.c.c)).all()
    # A response gives one answer to a question that is not multiple choice, so the counts add
    # up to the people in each column, and the columns to everyone; only a multiple choice,
    # where one person is in several rows or columns, needs people counted apart.
    if rows.kind is QuestionKind.MULTIPLE:
        totals = dict(db.session.execute(sa.select(counted.c.c, sa.func.count(sa.distinct(counted.c.response_id)))
                                         .group_by(counted.c.c)).all())
    else:
        totals = {}
        for _row_key, key, n in grouped:
            totals[key] = totals.get(key, 0) + n
    if rows.kind is QuestionKind.MULTIPLE or (columns is not None and columns.kind is QuestionKind.MULTIPLE):
        everyone = db.session.scalar(sa.select(sa.func.count(sa.distinct(counted.c.response_id))))
    else:
        everyone = sum(totals.values())
    if everyone < MIN:
        return table
    table.base = everyone
    table.cells = {(r, c): n for r, c, n in grouped}
    table.column_totals = totals
    table.column_keys = categories(columns) if columns is not None else [(None, _("Everyone"))]
    return table


@dataclass
class Round:
    survey: Survey
    #: The round's own question matching the one compared (None when it was not asked).
    question: Question | None
    counts: dict
    #: The round's option id for each option key of the compared question.
    options: dict[Key, int] = field(default_factory=dict)

    @property
    def respondents(self) -> int:
        return self.counts.get("respondents", 0)

    @property
    def too_few(self) -> bool:
        return self.question is None or self.respondents < MIN

    def count(self, key: Key) -> tuple[int, int] | None:
        """(count, percent of those who answered) of an answer, or None when hidden or not asked."""
        if self.too_few:
            return None
        if self.question.kind.has_options:
            if key not in self.options:
                return None
            n = self.counts.get("options", {}).get(self.options[key], 0)
        else:
            n = self.counts.get("values", {}).get(key, 0)
        return n, round(100 * n / self.respondents)

    @property
    def average(self) -> float | None:
        if self.too_few or self.question.kind is not QuestionKind.SCALE:
            return None
        return results.scale_average(self.counts.get("values", {}))


def _same(question: Question, other: Question) -> bool:
    return question.kind is other.kind and localize(question.text, "fi") == localize(other.text, "fi")


def over_time(survey: Survey, rounds: list[Survey]) -> list[tuple[Question, list[Round]]]:
    """For each question of `survey` that can be grouped, every round's answers to it, matched
    by kind and Finnish wording (options by their Finnish label), from the running tallies: one
    query per round."""
    counts = {r.id: results.answer_counts(r, results.Filters()) for r in rounds}
    compared = []
    for question in groupable(survey):
        labels = {localize(o.label, "fi"): o.id for o in question.options}
        found = []
        for other in rounds:
            match = question if other.id == survey.id else next(
                (q for q in other.questions if _same(question, q)), None)
            options = {}
            if match is not None and match.kind.has_options:
                own = {localize(o.label, "fi"): o.id for o in match.options}
                options = {key: own[label] for label, key in labels.items() if label in own}
            found.append(Round(survey=other, question=match,
                               counts=counts[other.id].get(match.id, {}) if match else {}, options=options))
        compared.append((question, found))
    return compared
