"""Invitations from the register: the coordinator's words are written per language, so a Sámi
reader gets them in Sámi, and a preview shows the email and who is skipped and why."""

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from tests.volunteer_factory import add_volunteer
from webapp.core.database import db
from webapp.outbox.models import OutboxMessage
from webapp.surveys.models import SurveyAudience
from webapp.volunteers.models import Volunteer, VolunteerStatus


def test_the_message_reaches_each_reader_in_their_language_after_a_preview(client, app, coordinator):
    survey = make_survey(app, coordinator, audience=SurveyAudience.INVITATION, locales=("fi", "se"))
    aino = add_volunteer(app, coordinator, name="Aino", email="aino@perhe.example", locale="fi")
    maret = add_volunteer(app, coordinator, name="Máret", email="maret@perhe.example", locale="se",
                          languages=("se",))
    paused = add_volunteer(app, coordinator, name="Tauko", email="tauko@perhe.example")
    unconfirmed = add_volunteer(app, coordinator, name="Vahvistamaton", email="v@perhe.example", confirmed=False)
    with app.app_context():
        db.session.get(Volunteer, paused).status = VolunteerStatus.PAUSED
        db.session.commit()
    ids = ",".join(str(i) for i in (aino, maret, paused, unconfirmed))
    page = f"/staff/kittila/volunteers/invite?id={aino}&id={maret}&id={paused}&id={unconfirmed}"
    data = {"group_id": "0", "kind": "survey", "survey_id": str(survey.id), "workshop_id": "0",
            "volunteer_ids": ids, "message-fi": "Tervetuloa kertomaan neuvolasta!",
            "message-se": "Bures boahtin muitalit rávvehagas!"}
    with app.app_context():
        db.session.execute(sa.delete(OutboxMessage))  # the sign-up confirmations
        db.session.commit()
    client.set_cookie("lang", "en")
    preview = post_form(client, "/staff/kittila/volunteers/invite", {**data, "action": "preview"}, page=page)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="preview-heading"' in html
    assert "2 people would get an email." in html
    assert "Tauko</td><td>on a break" in html and "Vahvistamaton</td><td>sign-up not confirmed by email" in html
    assert "Bures boahtin muitalit rávvehagas!" in html and "Tervetuloa kertomaan neuvolasta!" in html
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0, "a preview sends nothing"
    sent = post_form(client, "/staff/kittila/volunteers/invite", {**data, "action": "send"}, page=page)
    assert "Tauko: on a break" in sent.get_data(as_text=True)
    with app.app_context():
        bodies = {m.recipient: m.body for m in db.session.scalars(sa.select(OutboxMessage))}
    assert set(bodies) == {"aino@perhe.example", "maret@perhe.example"}
    assert "Bures boahtin muitalit rávvehagas!" in bodies["maret@perhe.example"]
    assert "Tervetuloa" not in bodies["maret@perhe.example"], "the Sámi reader gets the Sámi words"
    assert "Tervetuloa kertomaan neuvolasta!" in bodies["aino@perhe.example"]
