"""Invitations followed up: response rate per batch, one reminder in each person's language,
and staff never see who answered."""

import re

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from tests.test_survey_builder import answer
from tests.volunteer_factory import add_volunteer
from webapp.audit.models import AuditEvent
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.surveys.models import Survey, SurveyAudience
from webapp.volunteers import roster
from webapp.volunteers.models import Volunteer


def link_in(app, recipient, newest=True):
    with app.app_context():
        bodies = db.session.scalars(sa.select(OutboxMessage.body).where(OutboxMessage.recipient == recipient)
                                    .order_by(OutboxMessage.id.desc() if newest else OutboxMessage.id)).all()
    return re.search(r"https?://[^/\s]+(/kittila/surveys/\S+)", bodies[0])[1]


def test_one_reminder_to_those_who_have_not_answered_in_their_language(client, app, coordinator):
    s = make_survey(app, coordinator, audience=SurveyAudience.INVITATION)
    people = [add_volunteer(app, coordinator, name=f"P{i}", email=f"p{i}@perhe.example",
                            locale="se" if i == 1 else "fi") for i in range(6)]
    with app.test_request_context():
        roster.invite(db.session.get(Organisation, coordinator.id), [db.session.get(Volunteer, v) for v in people],
                      survey=db.session.get(Survey, s.id))
        db.session.commit()
    answered_link = link_in(app, "p0@perhe.example")
    first_link_of_p1 = link_in(app, "p1@perhe.example")
    s.url = answered_link
    answer(client, s)  # p0 answers through the personal link
    page = client.get(f"/staff/kittila/surveys/{s.id}/invitations?lang=en").get_data(as_text=True)
    assert "1 (17 %)" in page  # six invited, one answered: a count, not a name
    assert "p0@perhe.example" not in page and "P0" not in page

    sent = post_form(client, f"/staff/kittila/surveys/{s.id}/invitations/remind?lang=en", {},
                     page=f"/staff/kittila/surveys/{s.id}/invitations", follow_redirects=True)
    assert "5 reminders are on their way." in sent.get_data(as_text=True)
    with app.app_context():
        reminders = {m.recipient: m for m in db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.body.contains("This is the only reminder") | OutboxMessage.body.contains("ainoa muistutus")
            | OutboxMessage.body.contains("áidna muittuhus")))}
        assert set(reminders) == {f"p{i}@perhe.example" for i in range(1, 6)}  # not the one who answered
        assert reminders["p1@perhe.example"].locale == "se" and reminders["p2@perhe.example"].locale == "fi"
        assert "lang=se" in reminders["p1@perhe.example"].body
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "survey.reminders_sent")).one()
        assert event.details == {"count": 5}  # how many, never who
    # The reminder's new link opens the form; the first one no longer does.
    old = client.get(first_link_of_p1.replace("lang=se", "lang=en")).get_data(as_text=True)
    assert "missing, wrong or has already been used" in old
    reminder_link = link_in(app, "p1@perhe.example")
    assert 'name="token"' in client.get(reminder_link).get_data(as_text=True)
    # One reminder only: a second press sends nothing.
    again = post_form(client, f"/staff/kittila/surveys/{s.id}/invitations/remind?lang=en", {},
                      page=f"/staff/kittila/surveys/{s.id}/invitations", follow_redirects=True)
    assert "0 reminders are on their way." in again.get_data(as_text=True)


def test_a_small_batch_shows_no_rate(client, app, coordinator):
    s = make_survey(app, coordinator, audience=SurveyAudience.INVITATION)
    people = [add_volunteer(app, coordinator, name=f"P{i}", email=f"p{i}@perhe.example") for i in range(2)]
    with app.test_request_context():
        roster.invite(db.session.get(Organisation, coordinator.id), [db.session.get(Volunteer, v) for v in people],
                      survey=db.session.get(Survey, s.id))
        db.session.commit()
    s.url = link_in(app, "p0@perhe.example")
    answer(client, s)
    page = client.get(f"/staff/kittila/surveys/{s.id}/invitations?lang=en").get_data(as_text=True)
    assert "too few to show" in page and "50 %" not in page
