"""Answers stay anonymous when numbers are small: no per-person trace of an invitation answer,
no results view narrowed to fewer than five responses, and the core and steering groups read
only the free text a coordinator has checked and released."""

import re

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from tests.test_surveys import form_of
from tests.volunteer_factory import add_volunteer
from webapp.core.clock import today
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.surveys.models import Answer, Survey, SurveyAudience
from webapp.volunteers import roster
from webapp.volunteers.models import Volunteer


def answer(app, s, text="Hyvä palvelu", lang=None):
    visitor = app.test_client()
    url = s.url + (f"?lang={lang}" if lang else "")
    visitor.post(url, data={**form_of(visitor, url), f"q{s.single}": str(s.mother), f"q{s.long}": text})


def test_an_invitation_answer_leaves_no_date_and_its_day_is_too_few_to_show(client, auth, factory, app):
    org = factory.organisation("kittila")
    s = make_survey(app, org, audience=SurveyAudience.INVITATION)
    person = add_volunteer(app, org, name="Aino", email="aino@perhe.example")
    with app.test_request_context():
        roster.invite(db.session.get(Organisation, org.id), [db.session.get(Volunteer, person)],
                      survey=db.session.get(Survey, s.id))
        db.session.commit()
        body = db.session.scalar(sa.select(OutboxMessage.body).where(OutboxMessage.body.contains("/surveys/")))
    link = re.search(r"https?://[^/\s]+(/kittila/surveys/\S+)", body).group(1)
    family = app.test_client()
    html = family.get(link).get_data(as_text=True)
    data = {"token": re.search(r'name="token" value="([^"]+)"', html).group(1),
            "i": re.search(r'name="i" value="([^"]+)"', html).group(1),
            f"q{s.single}": str(s.mother), f"q{s.long}": "Iltavastaanotto olisi hyvä"}
    assert family.post(link, data=data).status_code == 302
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    auth.login("k@kittila.example")
    person_page = client.get(f"/staff/kittila/volunteers/{person}?lang=en").get_data(as_text=True)
    day = today()
    assert "Answered" not in person_page and "Neuvolakysely" in person_page
    assert f"{day.day}.{day.month}.{day.year}" not in person_page.split("Participation", 1)[1]
    narrowed = client.get(f"/staff/kittila/surveys/{s.id}/results?from={day}&to={day}&lang=en")
    text = narrowed.get_data(as_text=True)
    assert "Too few answers to show" in text and "Iltavastaanotto" not in text
    whole = client.get(f"/staff/kittila/surveys/{s.id}/results?lang=en").get_data(as_text=True)
    assert "Iltavastaanotto" in whole  # the whole survey stays readable to the coordinator, to moderate
    refused = client.get(f"/staff/kittila/surveys/{s.id}/export.csv?from={day}&to={day}")
    assert refused.status_code == 302


def test_a_rare_language_slice_is_hidden_from_every_role_and_a_big_one_is_shown(client, auth, factory, app):
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    for n in range(5):
        answer(app, s, f"Suomeksi {n}")
    answer(app, s, "Sámegillii", lang="se")
    factory.user("o@kittila.example", organisation=org, role="steering_group")
    auth.login("o@kittila.example")
    rare = client.get(f"/staff/kittila/surveys/{s.id}/results?locale=se&lang=en").get_data(as_text=True)
    assert "Too few answers to show" in rare and "1 answer" not in rare
    common = client.get(f"/staff/kittila/surveys/{s.id}/results?locale=fi&lang=en").get_data(as_text=True)
    assert "5 answers" in common and "Too few" not in common


def test_the_groups_read_only_free_text_a_coordinator_released(client, auth, factory, app):
    org = factory.organisation("kittila")
    s = make_survey(app, org)
    answer(app, s, "Soittakaa 040 123 4567")
    answer(app, s, "Perhekahvila lauantaisin")
    factory.user("k@kittila.example", organisation=org, role="coordinator")
    factory.user("y@kittila.example", organisation=org, role="core_group")
    auth.login("k@kittila.example")
    results = f"/staff/kittila/surveys/{s.id}/results"
    coordinator_view = client.get(results).get_data(as_text=True)
    assert '<mark class="pd pd-phone">040 123 4567</mark>' in coordinator_view
    with app.app_context():
        checked = db.session.scalar(sa.select(Answer.id).where(Answer.text == "Perhekahvila lauantaisin"))
    post_form(client, f"/staff/kittila/surveys/{s.id}/answers/{checked}/release", {"released": "1"}, page=results)
    auth.logout()
    auth.login("y@kittila.example")
    group_view = client.get(results).get_data(as_text=True)
    assert "Perhekahvila lauantaisin" in group_view and "040 123 4567" not in group_view
