"""Survey, questions, options, responses and answers; invitations and used submission tokens."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import TranslatedText, Translations, UTCDateTime, enum_column


class SurveyStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


#: Allowed lifecycle moves.
TRANSITIONS: dict[SurveyStatus, set[SurveyStatus]] = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN, SurveyStatus.ARCHIVED},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: {SurveyStatus.OPEN, SurveyStatus.ARCHIVED},
    SurveyStatus.ARCHIVED: set(),
}


def accepts_answers(status: SurveyStatus, opens_at: datetime | None, closes_at: datetime | None,
                    now: datetime | None = None) -> bool:
    """Whether a survey in this state takes answers now: open, and inside its opening times."""
    now = now or utcnow()
    return (status is SurveyStatus.OPEN
            and (opens_at is None or opens_at <= now)
            and (closes_at is None or now < closes_at))


class SurveyAudience(enum.Enum):
    PUBLIC = "public"
    INVITATION = "invitation"




AUDIENCE_LABELS = {
    SurveyAudience.PUBLIC: _l("Anyone with the link"),
    SurveyAudience.INVITATION: _l("Only with a personal invitation link"),
}
class QuestionKind(enum.Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    YES_NO = "yes_no"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def is_text(self) -> bool:
        return self in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)




KIND_LABELS = {
    QuestionKind.SINGLE: _l("Single choice"),
    QuestionKind.MULTIPLE: _l("Multiple choice"),
    QuestionKind.SCALE: _l("Scale 1–5"),
    QuestionKind.YES_NO: _l("Yes or no"),
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
}
class Channel(enum.Enum):
    WEB = "web"
    PAPER = "paper"
    EVENT = "event"




CHANNEL_LABELS = {
    Channel.WEB: _l("web"),
    Channel.PAPER: _l("paper"),
    Channel.EVENT: _l("event"),
}
class Survey(IdMixin, TimestampMixin, db.Model):
    """A questionnaire (kysely) of one organisation."""

    __tablename__ = "survey"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "slug"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: URL name: `/<org>/surveys/<slug>`.
    slug: Mapped[str] = mapped_column(sa.String(60))
    #: Code of the short link `/s/<code>` printed on posters; unique across organisations.
    short_code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    title: Mapped[Translations] = mapped_column(TranslatedText)
    #: Shown above the questions.
    introduction: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Shown after a successful answer.
    thank_you: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Languages the survey is offered in (a subset of the UI languages).
    locales: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: ["fi"])
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus, name="survey_status"),
                                                 default=SurveyStatus.DRAFT)
    audience: Mapped[SurveyAudience] = mapped_column(enum_column(SurveyAudience, name="survey_audience"),
                                               default=SurveyAudience.PUBLIC)
    #: Optional: answers accepted only from this time on (while open).
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Optional: answers accepted only until this time.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Kiosk mode, for a tablet at an event: the form starts empty after each send and after a few
    #: idle minutes, and nothing typed stays on the device.
    is_kiosk: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Each section (a question with a section heading starts one) is a page of its own, with "Page 2
    #: of 3"; the server pages through, so it works without JavaScript.
    is_paged: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: When the "what we heard" page for families (`/<org>/surveys/<slug>/summary`) was
    #: published; None while it is not public.
    summary_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The questions the summary shows as charts (ids, in the survey's order).
    summary_question_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list, server_default="[]")
    #: The summary's note to families: "what we will do next".
    summary_note: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: A template of the shared library (every organisation of the installation can start from it);
    #: a template is never opened for answers.
    is_template: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: The library template this survey was started from (or its copy's template): rounds of
    #: the same template are compared over time.
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id", ondelete="SET NULL"), index=True)
    #: The survey this one was copied from, if any.
    copied_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey.id", ondelete="SET NULL"))

    questions: Mapped[list[Question]] = relationship(
        back_populates="survey", order_by="Question.position, Question.id", cascade="all, delete-orphan")

    @property
    def active_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.is_retired]

    def accepts_answers(self, now: datetime | None = None) -> bool:
        return accepts_answers(self.status, self.opens_at, self.closes_at, now)

    @property
    def has_summary(self) -> bool:
        """Whether families can read the survey's published results."""
        return self.summary_published_at is not None and self.status is not SurveyStatus.DRAFT


class Question(IdMixin, db.Model):
    """One question; retired questions stay for the answers they already have."""

    __tablename__ = "survey_question"

    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, name="question_kind"))
    text: Mapped[Translations] = mapped_column(TranslatedText)
    #: Help shown under the question.
    help: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Heading of a section that starts at this question (optional).
    section: Mapped[Translations | None] = mapped_column(TranslatedText)
    is_required: Mapped[bool] = mapped_column(default=False)
    #: Choice questions: also offer "other, what?" with a text field.
    has_other: Mapped[bool] = mapped_column(default=False)
    #: Scale questions: labels of the ends 1 and 5.
    scale_min_label: Mapped[Translations | None] = mapped_column(TranslatedText)
    scale_max_label: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Retired: no longer asked, kept because it has answers.
    is_retired: Mapped[bool] = mapped_column(default=False)
    #: Shown only when the answer to this earlier question is one of `condition_values`; on a
    #: question that starts a section, the condition is the whole section's.
    condition_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("survey_question.id", ondelete="SET NULL"))
    #: The answers that show it, as the form sends them: option ids, "1"/"0" for yes/no, "1"–"5".
    condition_values: Mapped[list[str] | None] = mapped_column(sa.JSON(none_as_null=True))

    survey: Mapped[Survey] = relationship(back_populates="questions")
    options: Mapped[list[Option]] = relationship(
        back_populates="question", order_by="Option.position, Option.id", cascade="all, delete-orphan")

    @property
    def active_options(self) -> list[Option]:
        return [o for o in self.options if not o.is_retired]


class Option(IdMixin, db.Model):
    """A choice of a single or multiple choice question."""

    __tablename__ = "survey_option"

    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_question.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[Translations] = mapped_column(TranslatedText)
    is_retired: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(back_populates="options")


class Response(IdMixin, db.Model):
    """One submitted questionnaire. No IP address, user agent or account; the day only."""

    __tablename__ = "survey_response"
    __table_args__ = (sa.Index("ix_survey_response_survey_day", "survey_id", "submitted_on"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"))
    #: The day it was submitted (no time of day, for privacy).
    submitted_on: Mapped[date] = mapped_column(sa.Date)
    #: The language it was answered in.
    locale: Mapped[str] = mapped_column(sa.String(8))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, name="response_channel"), default=Channel.WEB)
    #: Ids of the questions a condition hid from this family (the path they took); None when every
    #: question was shown.
    not_shown: Mapped[list[int] | None] = mapped_column(sa.JSON(none_as_null=True))

    answers: Mapped[list[Answer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class Answer(IdMixin, db.Model):
    """One answer: a chosen option, a scale or yes/no value, or text.

    A multiple-choice question has one row per chosen option; "other, what?" is a row with
    text and no option.
    """

    __tablename__ = "survey_answer"
    __table_args__ = (
        sa.Index("ix_survey_answer_question_option", "question_id", "option_id"),
        # Counting the people who answered each question reads this index only.
        sa.Index("ix_survey_answer_question_response", "question_id", "response_id"),
    )

    response_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_question.id", ondelete="CASCADE"))
    option_id: Mapped[int | None] = mapped_column(sa.ForeignKey("survey_option.id", ondelete="CASCADE"))
    #: Scale 1–5, or yes/no as 1/0.
    value: Mapped[int | None] = mapped_column()
    #: Free text (text questions and "other, what?").
    text: Mapped[str | None] = mapped_column(sa.Text)
    #: Hidden by staff (e.g. it held personal data): left out of results and exports.
    is_hidden: Mapped[bool] = mapped_column(default=False)
    #: Released by a coordinator after checking it: only released free text is shown to the core
    #: and steering groups.
    is_released: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    response: Mapped[Response] = relationship(back_populates="answers")


class UsedSubmission(db.Model):
    """The nonce of a submission token that stored a response: a retry finds it here."""

    __tablename__ = "survey_used_submission"

    nonce: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    #: The day it was used; purged after the token could no longer be sent anyway.
    used_on: Mapped[date] = mapped_column(sa.Date)


class Invitation(IdMixin, TimestampMixin, db.Model):
    """A personal one-time link to an invitation-only survey.

    It is never linked to the response it led to: only that it was used, and on which day.
    """

    __tablename__ = "survey_invitation"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the link; the token itself is not stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Who it was made for, in words staff can read (developer-clients link here later).
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    used_on: Mapped[date | None] = mapped_column(sa.Date)
    #: The day the system sent the one reminder (through the outbox, to a developer-client who
    #: had not answered); never shown per person.
    reminded_on: Mapped[date | None] = mapped_column(sa.Date)


class Tally(db.Model):
    """Running counts of a survey's answers, kept in the same transaction as each response, so
    results read a small table instead of every answer. Keys use 0 / -1 for "no option" /
    "no value" so that the unique key has no NULLs and an upsert always finds its row."""

    __tablename__ = "survey_tally"
    __table_args__ = (
        sa.UniqueConstraint("question_id", "kind", "option_key", "value_key", "locale", "channel",
                            "submitted_on", name="uq_survey_tally_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(sa.ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("survey_question.id", ondelete="CASCADE"))
    #: `option`, `value`, `text` (visible free text), `hidden` (hidden free text) or `respondent`.
    kind: Mapped[str] = mapped_column(sa.String(12))
    option_key: Mapped[int] = mapped_column(default=0)
    value_key: Mapped[int] = mapped_column(default=-1)
    locale: Mapped[str] = mapped_column(sa.String(8))
    channel: Mapped[str] = mapped_column(sa.String(8))
    submitted_on: Mapped[date] = mapped_column(sa.Date)
    count: Mapped[int] = mapped_column(default=0)
