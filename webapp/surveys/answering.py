"""Answering a survey: the one-time submission token, validation, storing exactly once."""

from __future__ import annotations

import base64
import ssl
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature

from webapp.core import clock
from webapp.core.database import db
from webapp.core.i18n import current_locale
from webapp.core.text import UNSTORABLE_MESSAGE, clean_text, has_unstorable
from webapp.core.tokens import value_signer
from webapp.surveys import conditions, tallies
from webapp.surveys.models import (
    Answer,
    Channel,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    UsedSubmission,
)

SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 5000
TOKEN_MAX_AGE = 24 * 3600
TOKEN_PURPOSE = "survey-submission"


class TamperedForm(Exception):
    """The form names a question or field the survey does not have."""


def issue_token(survey_id: int) -> str:
    """A signed one-time token for one rendering of the survey's form: `<survey id>.<nonce>`,
    signed with the time. Nothing is stored and no session is needed."""
    return value_signer(TOKEN_PURPOSE).sign(f"{survey_id}.{_nonce()}").decode()


def _nonce() -> str:
    """18 random bytes, URL-safe, as `secrets.token_urlsafe(18)`, from OpenSSL's generator
    (seeded by the system, and again in each forked worker). `os.urandom` lets go of the
    interpreter lock for its system call, and the thread serving the page may then wait for
    another to give it back: a page a crowd opens at once stays on the lock."""
    return base64.urlsafe_b64encode(ssl.RAND_bytes(18)).decode()


def token_nonce(survey: Survey, token: str | None) -> str | None:
    """The nonce of a valid token for this survey, or None (missing, forged, expired)."""
    if not token or len(token) > 200:
        return None
    try:
        value = value_signer(TOKEN_PURPOSE).unsign(token, max_age=TOKEN_MAX_AGE).decode()
    except BadSignature:
        return None
    survey_id, _, nonce = value.partition(".")
    return nonce if survey_id == str(survey.id) and nonce else None


@dataclass
class Submission:
    """Answers parsed from a form, with errors per question id; `values` re-fills the form."""

    answers: list[Answer] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    values: dict[str, list[str]] = field(default_factory=dict)
    #: Questions a condition hid: nothing of theirs is stored, and they are not required.
    not_shown: list[int] = field(default_factory=list)


def _clean_text(question: Question, raw: str, limit: int, submission: Submission) -> str | None:
    text = clean_text(raw)
    if has_unstorable(text):
        submission.errors[question.id] = UNSTORABLE_MESSAGE
        return None
    if len(text) > limit:
        submission.errors[question.id] = _l("Write at most %(max)d characters (now %(count)d).",
                                            max=limit, count=len(text))
        return None
    return text or None


def parse_submission(survey: Survey, form, *, through_page: int | None = None,
                     layout: conditions.Layout | None = None, enforce_required: bool = True) -> Submission:
    """Read and check the answers of `form` (a MultiDict) against the survey's questions.

    The questions are walked in order, each shown or hidden by the answers before it, so fields
    arriving in any order give the same result; a hidden question's fields are ignored (nothing is
    stored for it, even from a forged form) and it is never required. `through_page` checks only
    the pages up to that one (a paged form moving on). Paper entry passes `enforce_required=False`:
    a question left blank on paper stays blank (and is counted as unanswered), since the form is
    typed in as it was filled."""
    layout = layout or conditions.Layout(survey)
    submission = Submission()
    for key in form.keys():
        if key.startswith("q"):
            ident = key[1:].removesuffix("-other")
            if not ident.isdigit() or int(ident) not in layout.by_id:
                raise TamperedForm(key)
        submission.values[key] = form.getlist(key)
    given: dict[int, set[str]] = {}
    for question in layout.questions:
        if through_page is not None and layout.page_of[question.id] > through_page:
            continue
        if not layout.is_shown(question, given):
            submission.not_shown.append(question.id)
            continue
        _parse_question(question, form, submission, enforce_required)
        if question.id not in submission.errors:
            given[question.id] = conditions.values_of(question, form.getlist(f"q{question.id}"))
    return submission


def _parse_question(question: Question, form, submission: Submission, enforce_required: bool = True) -> None:
    name = f"q{question.id}"
    raw = [value for value in form.getlist(name) if value != ""]
    answered = False
    if question.kind.has_options:
        if question.kind is QuestionKind.SINGLE and len(raw) > 1:
            raise TamperedForm(name)
        if len(set(raw)) != len(raw):  # no form sends one checkbox twice: one voice, one answer
            raise TamperedForm(name)
        options = {str(option.id): option for option in question.active_options}
        chosen = [options.get(value) for value in raw if value != "other"]
        if None in chosen:
            submission.errors[question.id] = _l("Choose from the options shown.")
            return
        for option in chosen:
            submission.answers.append(Answer(question_id=question.id, option_id=option.id))
        answered = bool(chosen)
        if question.has_other and "other" in raw:
            other = _clean_text(question, form.get(f"{name}-other", ""), SHORT_TEXT_LIMIT, submission)
            if question.id in submission.errors:
                return
            if other is None:
                submission.errors[question.id] = _l("You chose “other”: write what you mean.")
                return
            submission.answers.append(Answer(question_id=question.id, text=other))
            answered = True
    elif question.kind in (QuestionKind.SCALE, QuestionKind.YES_NO):
        if len(raw) > 1:
            raise TamperedForm(name)
        allowed = {"1", "2", "3", "4", "5"} if question.kind is QuestionKind.SCALE else {"0", "1"}
        if raw and raw[0] not in allowed:
            submission.errors[question.id] = _l("Choose from the options shown.")
            return
        if raw:
            submission.answers.append(Answer(question_id=question.id, value=int(raw[0])))
            answered = True
    else:
        if len(raw) > 1:
            raise TamperedForm(name)
        limit = SHORT_TEXT_LIMIT if question.kind is QuestionKind.SHORT_TEXT else LONG_TEXT_LIMIT
        text = _clean_text(question, raw[0] if raw else "", limit, submission)
        if question.id in submission.errors:
            return
        if text:
            submission.answers.append(Answer(question_id=question.id, text=text))
            answered = True
    # A choice question left without options on an open survey (its last option removed) cannot
    # be answered: it does not stop the family from sending the rest.
    answerable = not question.kind.has_options or question.active_options
    if enforce_required and question.is_required and answerable and not answered:
        submission.errors[question.id] = _l("This question needs an answer.")


def store_response(survey: Survey, submission: Submission, *, nonce: str, locale: str | None = None,
                   channel: Channel = Channel.WEB, submitted_on: date | None = None,
                   invitation: Invitation | None = None) -> Response | None:
    """Store the answers once. Returns None when this token already stored a response
    (a double tap or a retry); the caller then shows the thank-you page all the same.

    The response is recorded in the language of the page the family wrote on (`?lang=sms`
    stores `sms`), not in the survey language the page fell back to: a Skolt Sámi answer to a
    Finnish and Northern Sámi survey is Skolt Sámi text.

    The nonce row is written first: a concurrent duplicate fails on its primary key before
    anything else is stored, and the whole transaction is rolled back.
    """
    today = submitted_on or clock.today()
    try:
        db.session.add(UsedSubmission(nonce=nonce, survey_id=survey.id, used_on=today))
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    if invitation is not None:
        used = db.session.execute(
            sa.update(Invitation).where(Invitation.id == invitation.id, Invitation.used_on.is_(None))
            # updated_at stays as it was: a time of use could be matched against response order.
            .values(used_on=today, updated_at=Invitation.created_at).execution_options(synchronize_session=False))
        if used.rowcount != 1:
            db.session.rollback()
            return None
        # Nothing on the developer-client's row changes (not even their last activity): staff never
        # see per person that, or when, someone answered.
    response = Response(organisation_id=survey.organisation_id, survey_id=survey.id, submitted_on=today,
                        locale=locale or current_locale(), channel=channel, answers=submission.answers,
                        not_shown=submission.not_shown or None)
    db.session.add(response)
    db.session.flush()
    tallies.record_response(response)
    return response


def was_stored(nonce: str | None) -> bool:
    return nonce is not None and db.session.get(UsedSubmission, nonce) is not None
