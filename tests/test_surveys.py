"""Families answer surveys: validation that keeps what was typed, exactly-once storing,
closed and invitation-only surveys, privacy of responses."""

import re
import threading

import pytest
import sqlalchemy as sa

from tests.survey_factory import make_survey
from webapp.core.database import db
from webapp.surveys.models import Answer, Response, Survey, SurveyAudience, SurveyStatus, UsedSubmission


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def form_of(client, url):
    html = client.get(url).get_data(as_text=True)
    return {"token": re.search(r'name="token" value="([^"]+)"', html).group(1)}


def responses(app):
    with app.app_context():
        return db.session.scalars(sa.select(Response)).all()


def test_a_family_answers_and_sees_the_thank_you_page(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url), f"q{s.single}": str(s.father), f"q{s.multiple}": [str(s.clinic), "other"],
            f"q{s.multiple}-other": "Perhekahvila", f"q{s.scale}": "4", f"q{s.yes_no}": "1",
            f"q{s.short}": "Nopea", f"q{s.long}": "Iltavastaanotto olisi hyvä.\r\nKiitos!"}
    response = client.post(s.url, data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")
    assert "Kiitos" in client.get(response.headers["Location"]).get_data(as_text=True)
    [stored] = responses(app)
    assert stored.locale == "fi" and stored.channel.value == "web"
    with app.app_context():
        answers = db.session.scalars(sa.select(Answer).where(Answer.response_id == stored.id)).all()
        by_kind = {(a.question_id, a.option_id, a.value, a.text) for a in answers}
    assert (s.multiple, None, None, "Perhekahvila") in by_kind
    assert (s.long, None, None, "Iltavastaanotto olisi hyvä.\nKiitos!") in by_kind
    assert len(answers) == 7


@pytest.mark.parametrize("page_language", ["en", "smn", "sms", "se"])
def test_an_answer_is_recorded_in_the_language_of_the_page_it_was_written_on(app, org, page_language):
    """A Finnish and Northern Sámi survey answered on the Skolt Sámi page (which falls back to
    Northern Sámi or Finnish content) is a Skolt Sámi answer, not a Northern Sámi one."""
    s = make_survey(app, org, locales=("fi", "se"))
    client = app.test_client()
    data = {**form_of(client, f"{s.url}?lang={page_language}"), f"q{s.single}": str(s.mother)}
    assert client.post(f"{s.url}?lang={page_language}", data=data).status_code == 302
    [stored] = responses(app)
    assert stored.locale == page_language


def test_a_scale_without_end_labels_shows_just_the_numbers(client, app, org):
    from webapp.surveys import services
    from webapp.surveys.models import QuestionKind

    s = make_survey(app, org)
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        services.save_question(survey, None, kind=QuestionKind.SCALE, text={"fi": "Kuinka helppoa?"})
        services.changed(survey)
        db.session.commit()
    html = client.get(s.url).get_data(as_text=True)
    assert "1 = Huono" in html and "5 = Hyvä" in html  # the labelled one
    assert html.count('class="scale-ends"') == 1 and "1 = <" not in html and "5 = <" not in html


def test_responses_keep_no_ip_time_of_day_or_device(app):
    columns = {column.name for column in Response.__table__.columns}
    # `not_shown`: the questions a condition hid (the path through the form), nothing about the device.
    assert columns == {"id", "organisation_id", "survey_id", "submitted_on", "locale", "channel", "not_shown"}
    assert isinstance(Response.__table__.c.submitted_on.type, sa.Date)


def test_missing_required_answer_keeps_everything_typed(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url + "?lang=en"), f"q{s.long}": "Pitkä vastaus, jota ei saa hukata ʹǩ",
            f"q{s.scale}": "3"}
    response = client.post(s.url + "?lang=en", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This question needs an answer." in html and "1 answer needs checking" in html
    assert "Pitkä vastaus, jota ei saa hukata ʹǩ</textarea>" in html
    assert f'id="q{s.scale}-3" name="q{s.scale}" value="3" checked' in html
    assert responses(app) == []


@pytest.mark.parametrize("field, value, message", [
    ("single", "999999", "Choose from the options shown."),
    ("scale", "9", "Choose from the options shown."),
    ("short", "x" * 501, "Write at most 500 characters (now 501)."),
    ("long", "y" * 5001, "Write at most 5000 characters (now 5001)."),
    ("long", "nul\x00byte", "characters that cannot be saved"),
])
def test_bad_answers_get_a_clear_message_and_nothing_is_stored(client, app, org, field, value, message):
    s = make_survey(app, org)
    data = {**form_of(client, s.url + "?lang=en"), f"q{s.single}": str(s.mother), f"q{getattr(s, field)}": value}
    response = client.post(s.url + "?lang=en", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert responses(app) == []


def test_other_without_text_is_asked_for(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url + "?lang=en"), f"q{s.single}": str(s.mother), f"q{s.multiple}": "other"}
    assert "write what you mean" in client.post(s.url + "?lang=en", data=data).get_data(as_text=True)


def test_a_question_id_from_elsewhere_is_a_bad_request(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url), f"q{s.single}": str(s.mother), "q123456": "1"}
    assert client.post(s.url, data=data).status_code == 400
    assert responses(app) == []


def test_invalid_utf8_is_refused_not_stored(client, app, org):
    s = make_survey(app, org)
    fields = form_of(client, s.url)
    body = "&".join([f"token={fields['token']}", f"q{s.single}={s.mother}"])
    body = body.encode() + f"&q{s.short}=".encode() + b"\xff\xfe"
    response = client.post(s.url, data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert responses(app) == []


def test_double_tap_stores_one_response(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url), f"q{s.single}": str(s.mother)}
    first, second = client.post(s.url, data=data), client.post(s.url, data=data)
    assert first.status_code == second.status_code == 302
    assert len(responses(app)) == 1


def test_the_same_token_sent_concurrently_stores_one_response(app, org):
    s = make_survey(app, org)
    client = app.test_client()
    data = {**form_of(client, s.url), f"q{s.single}": str(s.mother), f"q{s.long}": "sama"}
    barrier = threading.Barrier(8)
    codes = []

    def send():
        own = app.test_client()
        barrier.wait()
        codes.append(own.post(s.url, data=data).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes == [302] * 8
    assert len(responses(app)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(UsedSubmission)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer)) == 2


def test_a_forged_or_expired_token_keeps_the_answers(client, app, org):
    s = make_survey(app, org)
    data = {**form_of(client, s.url + "?lang=en"), f"q{s.single}": str(s.mother), f"q{s.short}": "säilyy"}
    data["token"] = "forged"
    response = client.post(s.url + "?lang=en", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Your answers are still here" in html and 'value="säilyy"' in html
    assert responses(app) == []


def test_a_phone_without_cookies_answers_and_a_resend_is_not_stored_twice(app, org):
    """The form needs no session: a phone that keeps no cookies (or dropped them between opening
    the form in the morning and sending it in the evening) sends its answers, and the retry of a
    send whose answer was lost is thanked, not stored twice."""
    s = make_survey(app, org)
    data = {**form_of(app.test_client(), s.url + "?lang=en"), f"q{s.single}": str(s.father),
            f"q{s.long}": "Iltaisin ʹǩ"}
    sent = app.test_client().post(s.url + "?lang=en", data=data)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/thanks")
    retry = app.test_client().post(s.url + "?lang=en", data=data)
    assert retry.status_code == 302 and retry.headers["Location"].endswith("/thanks")
    assert len(responses(app)) == 1


def test_a_form_sent_from_another_site_is_refused_and_keeps_the_answers(client, app, org):
    """The submission token is tied to no session, so a page elsewhere could fetch one: a send that
    the browser says came from another site (Sec-Fetch-Site, or Origin in older browsers) stores
    nothing, and the family sees their answers with a new token, which stores them once."""
    s = make_survey(app, org)
    data = {**form_of(client, s.url + "?lang=en"), f"q{s.single}": str(s.father), f"q{s.short}": "säilyy"}
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "https://evil.example"}, {"Origin": "null"}):
        refused = client.post(s.url + "?lang=en", data=data, headers=headers)
        html = refused.get_data(as_text=True)
        assert refused.status_code == 400 and "Your answers are still here" in html and 'value="säilyy"' in html
    assert responses(app) == []
    own_site = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
    assert client.post(s.url + "?lang=en", data=data, headers=own_site).status_code == 302
    assert client.post(s.url + "?lang=en", data=data, headers={"Origin": "http://localhost"}).status_code == 302
    assert len(responses(app)) == 1


def test_a_required_choice_left_without_options_does_not_stop_anyone_sending(client, app, org):
    from webapp.surveys import services
    from webapp.surveys.models import Option

    s = make_survey(app, org)
    with app.app_context():  # the coordinator removes both options of the required question
        for option_id in (s.mother, s.father):
            services.remove_option(db.session.get(Option, option_id))
        services.changed(db.session.get(Survey, s.id))
        db.session.commit()
    data = {**form_of(client, s.url), f"q{s.long}": "Vastaan silti"}
    assert client.post(s.url, data=data).status_code == 302
    assert len(responses(app)) == 1


def test_an_expired_form_shows_nothing_of_an_invitation_only_survey_without_its_link(app, org):
    s = make_survey(app, org, audience=SurveyAudience.INVITATION)
    stranger = app.test_client()  # no token, no personal link
    page = stranger.post(s.url + "?lang=en", data={f"q{s.long}": "x"})
    assert page.status_code == 200 and "Kuka vastaa?" not in page.get_data(as_text=True)
    assert 'name="token"' not in page.get_data(as_text=True)
    assert stranger.post("/kittila/surveys/ei-ole", data={}).status_code == 404  # not a 500


@pytest.mark.parametrize("status, text", [
    (SurveyStatus.CLOSED, "This survey is closed"),
])
def test_a_closed_survey_says_so(client, app, org, status, text):
    s = make_survey(app, org, status=status)
    page = client.get(s.url + "?lang=en")
    assert page.status_code == 200 and text in page.get_data(as_text=True)
    assert 'name="token"' not in page.get_data(as_text=True)


def test_a_survey_not_yet_open_tells_when(client, app, org):
    from datetime import timedelta

    from webapp.core.clock import utcnow

    s = make_survey(app, org, slug="tuleva")
    with app.app_context():
        from webapp.surveys.models import Survey

        db.session.get(Survey, s.id).opens_at = utcnow() + timedelta(days=2)
        db.session.commit()
    assert "This survey opens on" in client.get(s.url + "?lang=en").get_data(as_text=True)


def test_a_draft_survey_is_not_found(client, app, org):
    s = make_survey(app, org, status=SurveyStatus.DRAFT)
    assert client.get(s.url).status_code == 404
    assert client.get(f"/s/{s.code}").status_code == 404


def test_the_short_link_leads_to_the_survey(client, app, org):
    s = make_survey(app, org)
    response = client.get(f"/s/{s.code.upper()}?lang=se")
    assert response.status_code == 302 and response.headers["Location"] == f"{s.url}?lang=se"


def test_invitation_only_survey_needs_a_valid_unused_link(client, app, org):
    from webapp.surveys.models import Survey
    from webapp.surveys.services import create_invitation

    s = make_survey(app, org, audience=SurveyAudience.INVITATION)
    with app.app_context():
        _invitation, token = create_invitation(db.session.get(Survey, s.id), "Testi")
        db.session.commit()
    assert "personal invitation link" in client.get(s.url + "?lang=en").get_data(as_text=True)
    assert "personal invitation link" in client.get(s.url + "?lang=en&i=wrong").get_data(as_text=True)
    data = {**form_of(client, f"{s.url}?i={token}"), "i": token, f"q{s.single}": str(s.mother)}
    assert client.post(s.url, data=data).status_code == 302
    assert client.post(s.url, data=data).status_code == 302  # the retry is recognised
    assert len(responses(app)) == 1
    again = client.get(f"{s.url}?lang=en&i={token}")
    assert "already been used" in again.get_data(as_text=True)


def test_every_visit_gets_its_own_tokens(client, app, org):
    s = make_survey(app, org)
    first, second = form_of(client, s.url), form_of(app.test_client(), s.url)
    assert first["token"] != second["token"]
    assert "__yhessa" not in client.get(s.url).get_data(as_text=True)


def test_using_an_invitation_leaves_no_time_of_use(client, app, org):
    from webapp.surveys.models import Invitation, Survey
    from webapp.surveys.services import create_invitation

    s = make_survey(app, org, audience=SurveyAudience.INVITATION)
    with app.app_context():
        invitation, token = create_invitation(db.session.get(Survey, s.id), "Testi")
        db.session.commit()
        before = (invitation.id, invitation.created_at, invitation.updated_at)
    data = {**form_of(client, f"{s.url}?i={token}"), "i": token, f"q{s.single}": str(s.mother)}
    assert client.post(s.url, data=data).status_code == 302
    with app.app_context():
        used = db.session.get(Invitation, before[0])
        # the row shows only that it was used, and when it was made: not when it was used
        assert used.used_on is not None and used.updated_at == used.created_at == before[1]
