"""Building surveys: create, edit, questions and options, order, lifecycle, invitations.

Operations flush and audit; the view commits. Once a survey has responses, edits that would
corrupt them are refused (`SurveyLocked`) or done by retiring the item.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from webapp.audit.services import record
from webapp.core.clock import utcnow
from webapp.core.content_languages import Gap, required_message
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import language_name, localize, ordered_locales
from webapp.orgs.models import Organisation
from webapp.surveys import conditions
from webapp.surveys.models import (
    TRANSITIONS,
    Answer,
    Invitation,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyAudience,
    SurveyStatus,
)

SHORT_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0)


class SurveyRuleError(Exception):
    """An edit refused to protect the survey's answers; the message is translated."""


def surveys_of(organisation: Organisation) -> list[Survey]:
    return list(db.session.scalars(
        sa.select(Survey).where(Survey.organisation_id == organisation.id, Survey.is_template.is_(False))
        .order_by(Survey.created_at.desc(), Survey.id.desc())))


def open_public_surveys(organisation: Organisation) -> list[Survey]:
    """Surveys anyone can answer now, newest first (for the front page)."""
    candidates = db.session.scalars(sa.select(Survey).where(
        Survey.organisation_id == organisation.id, Survey.status == SurveyStatus.OPEN,
        Survey.audience == SurveyAudience.PUBLIC).order_by(Survey.id.desc()))
    return [survey for survey in candidates if survey.accepts_answers()]


def survey_of(organisation: Organisation, survey_id: int) -> Survey | None:
    survey = db.session.get(Survey, survey_id)
    return survey if survey is not None and survey.organisation_id == organisation.id else None


def find_survey(organisation: Organisation, slug: str) -> Survey | None:
    """The survey row alone; `load_questions()` brings its questions when they are needed."""
    return db.session.scalar(sa.select(Survey).where(Survey.organisation_id == organisation.id, Survey.slug == slug))


def load_questions(survey: Survey) -> Survey:
    """Load the questions and options in two queries, not one per question."""
    db.session.scalar(sa.select(Survey).where(Survey.id == survey.id)
                      .options(selectinload(Survey.questions).selectinload(Question.options)))
    return survey


def changed(survey: Survey) -> None:
    """Mark the survey as changed (its cached public page is then rendered anew)."""
    survey.updated_at = utcnow()


def slug_taken(organisation: Organisation, slug: str, except_id: int | None = None) -> bool:
    query = sa.select(Survey.id).where(Survey.organisation_id == organisation.id, Survey.slug == slug)
    if except_id is not None:
        query = query.where(Survey.id != except_id)
    return db.session.scalar(query) is not None


def new_short_code() -> str:
    while True:
        code = "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))
        if db.session.scalar(sa.select(Survey.id).where(Survey.short_code == code)) is None:
            return code


def response_count(survey: Survey) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response)
                             .where(Response.survey_id == survey.id))


def create_survey(organisation: Organisation, *, slug: str, title: dict, locales, audience: SurveyAudience,
                  introduction: dict | None = None, thank_you: dict | None = None) -> Survey:
    survey = Survey(organisation_id=organisation.id, slug=slug, short_code=new_short_code(),
                    title=Translations(title), introduction=Translations(introduction),
                    thank_you=Translations(thank_you), locales=ordered_locales(locales) or ["fi"],
                    audience=audience)
    db.session.add(survey)
    db.session.flush()
    record("survey.create", organisation=organisation, target=survey, slug=slug)
    return survey


def update_survey(survey: Survey, **fields) -> None:
    """Change settings; language lists are kept in canonical order."""
    if "locales" in fields:
        fields["locales"] = ordered_locales(fields["locales"]) or ["fi"]
    for name in ("title", "introduction", "thank_you"):
        if name in fields:
            fields[name] = Translations(fields[name])
    changed = [name for name, value in fields.items() if getattr(survey, name) != value]
    for name in changed:
        setattr(survey, name, fields[name])
    db.session.flush()
    if changed:
        record("survey.update", organisation=_organisation(survey), target=survey, fields=changed)


def _organisation(survey: Survey) -> Organisation:
    return db.session.get(Organisation, survey.organisation_id)


def change_status(survey: Survey, status: SurveyStatus) -> None:
    if status not in TRANSITIONS[survey.status] or (survey.is_template and status is SurveyStatus.OPEN):
        raise SurveyRuleError(_l("A survey cannot move from this state to that one."))
    if status is SurveyStatus.OPEN and not survey.active_questions:
        raise SurveyRuleError(_l("Add at least one question before opening the survey."))
    if status is SurveyStatus.OPEN:
        for number, question in enumerate(survey.active_questions, 1):
            if question.kind.has_options and not question.active_options:  # nothing a family could choose
                raise SurveyRuleError(_l("Question %(number)d has no options to choose from. Add options to it, "
                                         "or remove it, before opening the survey.", number=number))
        _check_required_languages(survey)
    previous = survey.status
    survey.status = status
    db.session.flush()
    record("survey.status", organisation=_organisation(survey), target=survey,
           old=previous.value, new=status.value)


def _check_required_languages(survey: Survey) -> None:
    """The organisation's required languages must be offered and every text written in them."""
    required = _organisation(survey).required_locales or []
    gaps = [locale for locale in required if locale not in survey.locales]
    gaps += [locale for locale, names in missing_translations(survey).items() if names and locale in required]
    if gaps:
        raise SurveyRuleError(required_message(gaps))


def _next_position(items) -> int:
    return max((item.position for item in items), default=0) + 1


def save_question(survey: Survey, question: Question | None, *, kind: QuestionKind, text: dict,
                  help: dict | None = None, section: dict | None = None, is_required: bool = False,
                  has_other: bool = False, scale_min_label: dict | None = None,
                  scale_max_label: dict | None = None, condition_question_id: int | None = None,
                  condition_values: list[str] | None = None) -> Question:
    """Create (`question` None) or edit a question. Its kind is fixed once it has answers, and
    while a condition of a later question looks at its answers. A condition looks back only."""
    try:
        conditions.check_condition(question, survey, condition_question_id, condition_values or [])
    except conditions.ConditionError as error:
        raise SurveyRuleError(str(error)) from error
    if question is not None and question.kind is not kind and conditions.dependants(survey, question):
        raise SurveyRuleError(_l("A later question is shown only for some answers to this question, so its "
                                 "type cannot change. Remove that condition first."))
    if question is None:
        question = Question(survey=survey, kind=kind, position=_next_position(survey.questions))
        db.session.add(question)
        action = "survey.question_create"
    else:
        if question.kind is not kind and question_has_answers(question):
            raise SurveyRuleError(_l("This question already has answers, so its type cannot change. "
                                     "Retire it and add a new question instead."))
        question.kind = kind
        action = "survey.question_update"
        reworded = rewording(question, text)
        if reworded and question_has_answers(question):
            # What families answered was asked in the old words: who changed them, and from what, is kept.
            record("survey.question_reworded", organisation=_organisation(survey), target=question,
                   survey_id=survey.id, locales=reworded,
                   old={locale: question.text.get(locale) for locale in reworded},
                   new={locale: text.get(locale, "") for locale in reworded})
    question.text, question.help, question.section = Translations(text), Translations(help), Translations(section)
    question.is_required = is_required
    question.has_other = has_other and kind.has_options
    question.scale_min_label = Translations(scale_min_label)
    question.scale_max_label = Translations(scale_max_label)
    question.condition_question_id = condition_question_id
    question.condition_values = sorted(set(condition_values), key=_as_number) if condition_question_id else None
    changed(survey)
    db.session.flush()
    record(action, organisation=_organisation(survey), target=question, survey_id=survey.id, kind=kind.value)
    return question


def rewording(question: Question, text: dict) -> list[str]:
    """The languages whose existing wording of `question` `text` changes (a new language is not a rewording)."""
    return [locale for locale, old in (question.text or {}).items() if old and (text.get(locale) or "") != old]


def option_lines(texts: dict) -> list[dict]:
    """Options pasted as lists, one per line, in each language: line n of every language is option n.
    A language left empty is fine; a list of another length is refused (the lines would pair wrongly)."""
    lines = {locale: [line.strip() for line in (value or "").splitlines() if line.strip()]
             for locale, value in texts.items()}
    lines = {locale: values for locale, values in lines.items() if values}
    counts = {len(values) for values in lines.values()}
    if len(counts) > 1:
        found = ", ".join(f"{language_name(locale)} {len(values)}" for locale, values in lines.items())
        raise SurveyRuleError(_l("Each line is one option, in the same order in every language, so every "
                                 "language needs as many lines (now: %(counts)s).", counts=found))
    if lines and "fi" not in lines:
        raise SurveyRuleError(_l("Write the options at least in Finnish."))
    if any(len(line) > 300 for values in lines.values() for line in values):
        raise SurveyRuleError(_l("An option has at most %(max)d characters.", max=300))
    count = counts.pop() if counts else 0
    return [{locale: values[n] for locale, values in lines.items()} for n in range(count)]


def add_options(question: Question, labels: list[dict]) -> list[Option]:
    """Add several options at once, after the existing ones."""
    return [save_option(question, None, label) for label in labels]


def _as_number(value: str) -> int:
    return int(value) if value.isdigit() else 0


def question_has_answers(question: Question) -> bool:
    return db.session.scalar(sa.select(Answer.id).where(Answer.question_id == question.id).limit(1)) is not None


def option_has_answers(option: Option) -> bool:
    return db.session.scalar(sa.select(Answer.id).where(Answer.option_id == option.id).limit(1)) is not None


def _delete_or_retire(item, siblings: list, answered: bool, kind: str, organisation) -> str:
    """Delete an item nobody has answered; retire one with answers so they stay in results."""
    survey = item.survey if isinstance(item, Question) else item.question.survey
    if answered:
        item.is_retired = True
        done = "retired"
    else:
        siblings.remove(item)
        done = "deleted"
    changed(survey)
    db.session.flush()
    record(f"survey.{kind}_{done}", organisation=organisation, target=item)
    return done


def remove_question(question: Question) -> str:
    """Delete a question without answers, or retire one that has them; returns what was done.
    A question a later question's condition looks at stays until that condition is removed."""
    survey = question.survey
    depending = conditions.dependants(survey, question)
    if depending:
        raise SurveyRuleError(_l("Question %(numbers)s is shown only for some answers to this question. Remove "
                                 "that condition first.", numbers=", ".join(map(str, depending))))
    return _delete_or_retire(question, survey.questions, question_has_answers(question), "question",
                             _organisation(survey))


def restore_question(question: Question) -> None:
    question.is_retired = False
    changed(question.survey)
    db.session.flush()
    record("survey.question_restored", organisation=_organisation(question.survey), target=question)


def move(items: list, item, direction: int) -> None:
    """Swap `item` with its neighbour in `items` (ordered by position): -1 up, +1 down. A question
    does not move before the question its condition looks at, nor after one that looks at it."""
    ordered = sorted(items, key=lambda x: (x.position, x.id))
    index = ordered.index(item)
    other = index + direction
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        if isinstance(item, Question) and not conditions.order_keeps_conditions(
                [q for q in ordered if not q.is_retired]):
            raise SurveyRuleError(_l("This move would put a question before the question that decides whether it "
                                     "is shown."))
    for position, current in enumerate(ordered, 1):
        current.position = position
    changed(item.survey if isinstance(item, Question) else item.question.survey)
    db.session.flush()


def save_option(question: Question, option: Option | None, label: dict) -> Option:
    """Add or reword an option (rewording keeps its answers)."""
    if option is None:
        option = Option(question=question, position=_next_position(question.options))
        db.session.add(option)
    option.label = Translations(label)
    changed(question.survey)
    db.session.flush()
    record("survey.option_save", organisation=_organisation(question.survey), target=option, question_id=question.id)
    return option


def remove_option(option: Option) -> str:
    """Delete an option without answers, or retire one that has them; not one a condition uses."""
    question = option.question
    if any(q.condition_question_id == question.id and str(option.id) in (q.condition_values or [])
           for q in question.survey.questions):
        raise SurveyRuleError(_l("A condition of a later question uses this option. Change that condition first."))
    return _delete_or_retire(option, question.options, option_has_answers(option), "option",
                             _organisation(question.survey))


def missing_translations(survey: Survey) -> dict[str, list[str]]:
    """For each of the survey's languages, what has no text in it (for editors)."""
    missing: dict[str, list[str]] = {locale: [] for locale in survey.locales}
    texts = [("title", survey.title), ("introduction", survey.introduction), ("thank_you", survey.thank_you)]
    for number, question in enumerate(survey.active_questions, 1):
        # Instructions count as much as the questions (the Sámi Language Act: forms and their
        # instructions in Sámi).
        texts += [(f"q{number}", question.text), (f"q{number}-help", question.help),
                  (f"q{number}-section", question.section)]
        if question.kind is QuestionKind.SCALE:
            texts += [(f"q{number}-min", question.scale_min_label), (f"q{number}-max", question.scale_max_label)]
        for option in question.active_options:
            texts.append((f"q{number}-option", option.label))
    for name, value in texts:
        if not value:
            continue
        for locale in value.missing(survey.locales):
            if name not in missing[locale]:
                missing[locale].append(name)
    return {locale: names for locale, names in missing.items() if names}


def missing_texts(survey: Survey) -> dict[str, list[tuple[str, str]]]:
    """For each of the survey's languages, each text not written in it: (what it is, the address of
    its input), so that "Northern Sámi: 5 texts missing" can list the five, each a link."""
    edit = url_for("survey_admin.edit", org=_organisation(survey).slug, survey_id=survey.id)
    texts = [(_("Title"), survey.title, edit, "title"), (_("Introduction"), survey.introduction, edit, "introduction"),
             (_("Thank-you text"), survey.thank_you, edit, "thank_you")]
    for number, question in enumerate(survey.active_questions, 1):
        page = url_for("survey_admin.edit_question", org=_organisation(survey).slug, survey_id=survey.id,
                       question_id=question.id)
        texts += [(_("Question %(number)d", number=number), question.text, page, "text"),
                  (_("Question %(number)d: help text", number=number), question.help, page, "help"),
                  (_("Question %(number)d: section heading", number=number), question.section, page, "section")]
        if question.kind is QuestionKind.SCALE:
            texts += [(_("Question %(number)d: label of 1", number=number), question.scale_min_label, page,
                       "scale_min_label"),
                      (_("Question %(number)d: label of 5", number=number), question.scale_max_label, page,
                       "scale_max_label")]
        for option in question.active_options:
            texts.append((_("Question %(number)d: option “%(option)s”", number=number, option=localize(option.label)),
                          option.label, page, f"o{option.id}-label"))
    missing: dict[str, list[tuple[str, str]]] = {}
    for label, value, page, field_id in texts:
        if not value:
            continue
        for locale in value.missing(survey.locales):
            missing.setdefault(locale, []).append((label, f"{page}#{field_id}-{locale}"))
    return {locale: missing[locale] for locale in survey.locales if locale in missing}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(survey: Survey, label: str = "") -> tuple[Invitation, str]:
    """A personal one-time link; returns the invitation and the token (shown only once)."""
    token = secrets.token_urlsafe(24)
    invitation = Invitation(organisation_id=survey.organisation_id, survey_id=survey.id,
                            token_hash=token_hash(token), label=label)
    db.session.add(invitation)
    db.session.flush()
    record("survey.invitation_create", organisation=_organisation(survey), target=invitation, survey_id=survey.id)
    return invitation, token


def find_invitation(survey: Survey, token: str | None) -> Invitation | None:
    """The unused invitation for this survey that `token` opens, or None."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(sa.select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or invitation.survey_id != survey.id or invitation.used_on is not None:
        return None
    return invitation


def invitations_of(survey: Survey) -> list[Invitation]:
    return list(db.session.scalars(sa.select(Invitation).where(Invitation.survey_id == survey.id)
                                   .order_by(Invitation.id)))


def translation_gaps(organisation: Organisation, locales: list[str]) -> Iterator[Gap]:
    """Surveys not archived that lack one of their own languages somewhere."""
    surveys = db.session.scalars(sa.select(Survey).where(Survey.organisation_id == organisation.id,
                                                         Survey.status != SurveyStatus.ARCHIVED).order_by(Survey.id))
    for survey in surveys:
        missing = [locale for locale, names in missing_translations(survey).items() if names]
        if missing:
            yield Gap(_("Survey"), localize(survey.title),
                      url_for("survey_admin.edit", org=organisation.slug, survey_id=survey.id),
                      ordered_locales(missing))
