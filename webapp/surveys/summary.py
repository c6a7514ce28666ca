"""What we heard: a survey's results published for families at /<org>/surveys/<slug>/summary.

A coordinator chooses which questions to show and writes a short note ("what we will do
next") in the survey's languages. The page shows each chosen question as bars with the
numbers in words, and the public backlog items the survey fed. The small-number rule holds
here too: a question fewer than `MIN_RESPONSES_SHOWN` people answered shows no numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup

from webapp.audit.services import record
from webapp.backlog.models import BacklogItem, BacklogStatus, Source
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import localized_markup
from webapp.orgs.models import Organisation
from webapp.surveys import results
from webapp.surveys.models import Answer, Question, QuestionKind, Survey, SurveyStatus
from webapp.surveys.services import SurveyRuleError, changed

#: Question kinds a summary can chart (text answers are never published as such).
CHARTABLE = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YES_NO})


@dataclass
class Bar:
    """One answer of a chart: its label, count and share of the people who answered."""

    #: Text, or markup in a `lang` span when the survey's label fell back to another language.
    label: str
    count: int
    percent: int


@dataclass
class Chart:
    question: Question
    respondents: int
    bars: list[Bar] = field(default_factory=list)
    average: float | None = None

    @property
    def too_few(self) -> bool:
        return self.respondents < results.MIN_RESPONSES_SHOWN


def chartable_questions(survey: Survey) -> list[Question]:
    return [q for q in survey.questions if q.kind in CHARTABLE]


def publish_summary(survey: Survey, question_ids: list[int], note: Translations | None) -> None:
    """Publish (or update) the summary with these questions and note; flushes and audits."""
    allowed = {q.id for q in chartable_questions(survey)}
    chosen = [q.id for q in survey.questions if q.id in set(question_ids) & allowed]
    if not chosen:
        raise SurveyRuleError(_("Choose at least one question to show."))
    if survey.status is SurveyStatus.DRAFT or survey.is_template:
        raise SurveyRuleError(_("A draft survey has no results to publish."))
    first = survey.summary_published_at is None
    survey.summary_question_ids = chosen
    survey.summary_note = note or None
    if first:
        survey.summary_published_at = utcnow()
    changed(survey)
    db.session.flush()
    record("survey.summary_published" if first else "survey.summary_updated", organisation=_org(survey),
           target=survey, questions=len(chosen))


def withdraw_summary(survey: Survey) -> None:
    """Take the summary off the public pages (its choices stay for the next time)."""
    if survey.summary_published_at is None:
        return
    survey.summary_published_at = None
    changed(survey)
    db.session.flush()
    record("survey.summary_withdrawn", organisation=_org(survey), target=survey)


def _org(survey: Survey) -> Organisation:
    return db.session.get(Organisation, survey.organisation_id)


def charts(survey: Survey) -> tuple[int, list[Chart]]:
    """The number of responses and a chart per chosen question, from the running tallies."""
    total = results.count_responses(survey, results.Filters())
    counts = results.answer_counts(survey, results.Filters())
    chosen = set(survey.summary_question_ids or [])
    made = []
    for question in survey.questions:
        if question.id in chosen and question.kind in CHARTABLE:
            made.append(_chart(question, counts.get(question.id, {})))
    return total, made


def _chart(question: Question, counts: dict) -> Chart:
    chart = Chart(question=question, respondents=counts.get("respondents", 0))
    if chart.too_few:
        return chart  # no numbers at all: not even a zero
    if question.kind.has_options:
        chosen = counts.get("options", {})
        rows = [(localized_markup(o.label), chosen.get(o.id, 0)) for o in question.options
                if not o.is_retired or chosen.get(o.id)]
        if question.has_other:
            rows.append((_("Other"), counts.get("texts", 0) + counts.get("hidden", 0)))
    elif question.kind is QuestionKind.SCALE:
        values = counts.get("values", {})
        ends = {1: question.scale_min_label, 5: question.scale_max_label}
        rows = [(Markup("%s – %s") % (v, localized_markup(ends[v])) if ends.get(v) else str(v), values.get(v, 0))
                for v in range(1, 6)]
        chart.average = results.scale_average(values)
    else:
        values = counts.get("values", {})
        rows = [(_("Yes"), values.get(1, 0)), (_("No"), values.get(0, 0))]
    chart.bars = [Bar(label=label, count=n, percent=round(100 * n / chart.respondents)) for label, n in rows]
    return chart


def fed_items(survey: Survey) -> list[BacklogItem]:
    """The public backlog items this survey or one of its answers fed, newest change first."""
    # Through the few sources, not the many answers: an answer source names its answer only.
    fed = (sa.select(Source.item_id).outerjoin(Answer, Answer.id == Source.answer_id)
           .outerjoin(Question, Question.id == Answer.question_id)
           .where(sa.or_(Source.survey_id == survey.id, Question.survey_id == survey.id)))
    items = db.session.scalars(
        sa.select(BacklogItem)
        .where(BacklogItem.organisation_id == survey.organisation_id, BacklogItem.is_public.is_(True),
               BacklogItem.status != BacklogStatus.MERGED, BacklogItem.id.in_(fed))
        .order_by(BacklogItem.updated_at.desc(), BacklogItem.id.desc())).all()
    return [item for item in items if item.public_title]


def published_summaries(organisation: Organisation) -> list[Survey]:
    """Surveys of the organisation whose summary families can read, newest first (front page)."""
    return list(db.session.scalars(sa.select(Survey).where(
        Survey.organisation_id == organisation.id, Survey.summary_published_at.is_not(None),
        Survey.status != SurveyStatus.DRAFT, Survey.is_template.is_(False))
        .order_by(Survey.summary_published_at.desc(), Survey.id.desc())))
