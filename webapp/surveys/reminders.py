"""Invitations followed up: the response rate of each batch of invitations, and one reminder,
sent by the system in each recipient's language, to the invited developer-clients who have
not answered.

Staff never see who answered: the rate is a count per batch (hidden for a batch of fewer than
`MIN_RESPONSES_SHOWN` invitations, where it could point at a person), the reminder goes
through the outbox without staff seeing to whom, and its audit event holds a count only.
The reminder carries a new personal link: the token of the first one is not stored, so the
invitation's token is replaced and the first link stops working.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from webapp.audit.services import record
from webapp.core.clock import to_local, today
from webapp.core.database import db
from webapp.core.http.urls import external_url
from webapp.orgs.models import Organisation
from webapp.outbox.services import enqueue_email
from webapp.surveys.models import Invitation, Survey
from webapp.surveys.results import MIN_RESPONSES_SHOWN
from webapp.surveys.services import token_hash
from webapp.volunteers.models import Volunteer, VolunteerInvitation


@dataclass
class Batch:
    """The invitations made on one day."""

    day: date
    invited: int
    answered: int
    reminded: int

    @property
    def too_few(self) -> bool:
        return self.invited < MIN_RESPONSES_SHOWN

    @property
    def rate(self) -> int | None:
        """Per cent of the batch that answered, or None for a batch too small to say."""
        return None if self.too_few else round(100 * self.answered / self.invited)


def batches(survey: Survey) -> list[Batch]:
    """The survey's invitations by the day they were made, oldest first (one query)."""
    found: dict[date, Batch] = {}
    rows = db.session.execute(sa.select(Invitation.created_at, Invitation.used_on, Invitation.reminded_on)
                              .where(Invitation.survey_id == survey.id).order_by(Invitation.id))
    for created_at, used_on, reminded_on in rows:
        day = to_local(created_at).date()
        batch = found.setdefault(day, Batch(day=day, invited=0, answered=0, reminded=0))
        batch.invited += 1
        batch.answered += used_on is not None
        batch.reminded += reminded_on is not None
    return list(found.values())


def _unanswered(survey: Survey):
    """(invitation, developer-client) pairs to remind: invited by email, not answered, not reminded."""
    return db.session.execute(
        sa.select(Invitation, Volunteer)
        .join(VolunteerInvitation, VolunteerInvitation.survey_invitation_id == Invitation.id)
        .join(Volunteer, Volunteer.id == VolunteerInvitation.volunteer_id)
        .where(Invitation.survey_id == survey.id, Invitation.used_on.is_(None), Invitation.reminded_on.is_(None),
               Volunteer.email.is_not(None))).all()


def remindable_count(survey: Survey) -> int:
    """How many invited developer-clients have neither answered nor been reminded (a number
    only; a paused one or one without the consent to be contacted is not sent the reminder)."""
    return db.session.scalar(
        sa.select(sa.func.count(Invitation.id))
        .join(VolunteerInvitation, VolunteerInvitation.survey_invitation_id == Invitation.id)
        .join(Volunteer, Volunteer.id == VolunteerInvitation.volunteer_id)
        .where(Invitation.survey_id == survey.id, Invitation.used_on.is_(None), Invitation.reminded_on.is_(None),
               Volunteer.email.is_not(None)))


def send_reminders(survey: Survey, organisation: Organisation) -> int:
    """Send the one reminder to each invited developer-client who has not answered; returns
    how many were sent. Nothing is sent while the survey does not take answers."""
    if not survey.accepts_answers():
        return 0
    sent = 0
    for invitation, volunteer in _unanswered(survey):
        if not volunteer.can_be_invited:  # paused, or withdrew the consent to be contacted
            continue
        token = secrets.token_urlsafe(24)
        invitation.token_hash = token_hash(token)
        invitation.reminded_on = today()
        lang = volunteer.locale if volunteer.locale in survey.locales else survey.locales[0]
        link = external_url("surveys.answer", org=organisation.slug, slug=survey.slug, i=token, lang=lang)
        enqueue_email(volunteer.email, "survey_reminder", volunteer.locale, organisation=organisation,
                      volunteer=volunteer, survey=survey, link=link)
        sent += 1
    db.session.flush()
    if sent:
        record("survey.reminders_sent", organisation=organisation, target=survey, count=sent)
    return sent
