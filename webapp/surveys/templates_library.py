"""Copies of surveys and the template library shared by every organisation of the installation.

A copy is a new draft with the same questions and options in every language. Columns are
copied generically, so a column another feature adds to questions or options (conditions,
pages) comes along; a column that points at a question or an option of the survey (a foreign
key to `survey_question` or `survey_option`) is pointed at the copy's own. A feature that
keeps such references in another shape (a JSON list of ids) adds a function to `REMAPPERS`.

A template is a frozen copy with `is_template` set: it is never opened, it does not appear in
its organisation's list of surveys, and any organisation can start a survey from it. Rounds
started from the same template share `template_id`, so their results can be set side by side.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import gettext as _

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.orgs.models import Organisation
from webapp.surveys.models import Option, Question, Survey, SurveyStatus
from webapp.surveys.services import SurveyRuleError, new_short_code, slug_taken

#: Survey columns a copy does not take over: identity, address, state, results page, lineage.
_SURVEY_OWN = frozenset({
    "id", "created_at", "updated_at", "organisation_id", "slug", "short_code", "status", "opens_at", "closes_at",
    "summary_published_at", "summary_question_ids", "summary_note", "is_template", "template_id", "copied_from_id",
})
#: Question and option columns that belong to the row itself.
_ROW_OWN = frozenset({"id", "survey_id", "question_id", "created_at", "updated_at"})

#: Start of a template's address name (it has one, as every survey, but it is never visited).
TEMPLATE_SLUG_PREFIX = "malli-"

#: Functions `(copied_question, question_ids, option_ids)` called after a copy's rows exist,
#: with maps from the source's ids to the copy's, for references kept outside foreign keys.
REMAPPERS: list[Callable[[Question, dict[int, int], dict[int, int]], None]] = []


def _condition_answers(copy: Question, question_ids: dict[int, int], option_ids: dict[int, int]) -> None:
    """A condition on a choice question names its options by id: the copy names its own options
    (an option left behind as retired is dropped from the condition). Yes/no and scale answers
    stay as they are."""
    if not copy.condition_question_id or not copy.condition_values:
        return
    looked_at = db.session.get(Question, copy.condition_question_id)
    if looked_at is not None and looked_at.kind.has_options:
        copy.condition_values = [str(option_ids[int(value)]) if value.isdigit() else value
                                 for value in copy.condition_values
                                 if not value.isdigit() or int(value) in option_ids]


REMAPPERS.append(_condition_answers)


def _referring_columns(model) -> dict[str, str]:
    """Columns of `model` that hold the id of a question or an option: {column: table}."""
    found = {}
    for column in model.__table__.columns:
        for key in column.foreign_keys:
            if key.column.table.name in ("survey_question", "survey_option") and column.name not in _ROW_OWN:
                found[column.name] = key.column.table.name
    return found


def _values(row, model, skip: frozenset[str]) -> dict:
    values = {}
    for column in model.__table__.columns:
        if column.name in skip:
            continue
        value = getattr(row, column.key)
        # Translatable text and lists are new objects: the copy must not share them with its source.
        if isinstance(value, dict):
            value = Translations(value) if isinstance(value, Translations) else dict(value)
        elif isinstance(value, list):
            value = list(value)
        values[column.key] = value
    return values


def unique_slug(organisation: Organisation, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` … when the organisation already has it (at most 60 characters)."""
    base = wanted[:54].rstrip("-") or "kysely"
    slug, n = base, 1
    while slug_taken(organisation, slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def new_draft(source: Survey, organisation: Organisation, *, slug: str | None = None,
              as_template: bool = False) -> Survey:
    """A new draft of `organisation` with `source`'s texts, languages and settings but none of
    its questions yet (`copy_questions`), under a free address name and its own short code."""
    if slug is None:
        slug = source.slug.removeprefix(TEMPLATE_SLUG_PREFIX) if source.is_template else source.slug
    survey = Survey(**_values(source, Survey, _SURVEY_OWN), organisation_id=organisation.id,
                    slug=unique_slug(organisation, slug), short_code=new_short_code(),
                    status=SurveyStatus.DRAFT, is_template=as_template, copied_from_id=source.id,
                    template_id=None if as_template else (source.id if source.is_template else source.template_id))
    db.session.add(survey)
    db.session.flush()
    return survey


def copy_survey(source: Survey, organisation: Organisation, *, slug: str | None = None,
                as_template: bool = False) -> Survey:
    """A new draft of `organisation` with `source`'s texts, languages, questions and options.

    Retired questions and options stay behind. A copy of a template, or of a survey started
    from one, keeps the template as its lineage."""
    survey = new_draft(source, organisation, slug=slug, as_template=as_template)
    copy_questions(source, survey)
    db.session.flush()
    db.session.expire(survey, ["questions"])
    record("survey.template_published" if as_template else "survey.copied", organisation=organisation,
           target=survey, source_id=source.id)
    return survey


def copy_questions(source: Survey, survey: Survey) -> tuple[dict[int, int], dict[int, int]]:
    """Copy `source`'s questions and options (not the retired ones) into `survey`, with every
    reference between them (foreign keys, `REMAPPERS`) pointed at the copies; the maps from the
    source's question and option ids to the copies'."""
    question_refs, option_refs = _referring_columns(Question), _referring_columns(Option)
    question_ids: dict[int, int] = {}
    option_ids: dict[int, int] = {}
    pairs: list[tuple[Question, Question]] = []
    for question in source.questions:
        if question.is_retired:
            continue
        copy = Question(**_values(question, Question, _ROW_OWN | set(question_refs)), survey_id=survey.id)
        db.session.add(copy)
        db.session.flush()
        question_ids[question.id] = copy.id
        pairs.append((question, copy))
        for option in question.options:
            if option.is_retired:
                continue
            option_copy = Option(**_values(option, Option, _ROW_OWN | set(option_refs)), question_id=copy.id)
            db.session.add(option_copy)
            db.session.flush()
            option_ids[option.id] = option_copy.id
    maps = {"survey_question": question_ids, "survey_option": option_ids}
    for question, copy in pairs:
        for name, table in question_refs.items():
            setattr(copy, name, maps[table].get(getattr(question, name)))
        for remap in REMAPPERS:
            remap(copy, question_ids, option_ids)
    return question_ids, option_ids


def publish_as_template(survey: Survey, organisation: Organisation) -> Survey:
    """Put a frozen copy of `survey` in the shared library; later edits of the survey do not change it."""
    if survey.is_template:
        raise SurveyRuleError(_("This is a template already."))
    if not survey.active_questions:
        raise SurveyRuleError(_("Add at least one question before publishing the survey as a template."))
    return copy_survey(survey, organisation, slug=TEMPLATE_SLUG_PREFIX + survey.slug, as_template=True)


def withdraw_template(template: Survey, organisation: Organisation) -> None:
    """Take a template out of the library; it stays a template row, so the surveys started
    from it keep their lineage."""
    template.status = SurveyStatus.ARCHIVED
    db.session.flush()
    record("survey.template_withdrawn", organisation=organisation, target=template)


def template_library(organisation: Organisation) -> list[Survey]:
    """The templates `organisation` can start from: every template of the installation.

    The one query of the library, so that a region can add its own templates here later."""
    return list(db.session.scalars(sa.select(Survey).where(
        Survey.is_template.is_(True), Survey.status != SurveyStatus.ARCHIVED).order_by(Survey.id)))


def template_of(template_id: int) -> Survey | None:
    template = db.session.get(Survey, template_id)
    if template is None or not template.is_template or template.status is SurveyStatus.ARCHIVED:
        return None
    return template


def rounds_of(survey: Survey) -> list[Survey]:
    """The organisation's surveys started from the same template as `survey`, oldest first
    (this year against last year); just `survey` when it has no template."""
    if survey.template_id is None:
        return [survey]
    return list(db.session.scalars(sa.select(Survey).where(
        Survey.organisation_id == survey.organisation_id, Survey.template_id == survey.template_id,
        Survey.is_template.is_(False), Survey.status != SurveyStatus.DRAFT).order_by(Survey.created_at, Survey.id)))
