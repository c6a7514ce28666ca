"""Families read what a survey heard: the published summary, its small-number rule and links."""

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tests.conftest import post_form
from tests.survey_factory import make_survey
from webapp.audit.models import AuditEvent
from webapp.backlog import services as backlog
from webapp.backlog.models import SourceKind
from webapp.core.database import db
from webapp.orgs.models import Organisation
from webapp.surveys import answering
from webapp.surveys.models import Survey, SurveyStatus
from webapp.surveys.services import change_status


def store(app, s, n, *, mother=True, scale="4", multiple=True):
    """`n` responses: who answers (mother or father), the scale, yes to the yes/no question,
    the clinic in the multiple choice (unless `multiple` is false)."""
    with app.app_context():
        survey = db.session.get(Survey, s.id)
        for i in range(n):
            form = MultiDict({f"q{s.single}": str(s.mother if mother else s.father), f"q{s.scale}": scale,
                              f"q{s.yes_no}": "1", f"q{s.long}": "Tekstivastaus neuvolasta"})
            if multiple:
                form[f"q{s.multiple}"] = str(s.clinic)
            answering.store_response(survey, answering.parse_submission(survey, form), nonce=f"t-{s.id}-{mother}-{i}")
        db.session.commit()


def publish(client, s, questions, note=None):
    base = f"/staff/kittila/surveys/{s.id}/summary"
    data = {"questions": [str(q) for q in questions], **(note or {})}
    return post_form(client, base, data)


def test_coordinator_publishes_what_we_heard_in_the_survey_languages(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s, 4)
    store(app, s, 2, mother=False, scale="2")
    summary = f"/kittila/surveys/{s.slug}/summary"
    assert client.get(summary).status_code == 404  # nothing public before it is published
    form = client.get(f"/staff/kittila/surveys/{s.id}/summary?lang=en").get_data(as_text=True)
    assert f'value="{s.single}"' in form and f'value="{s.long}"' not in form  # written answers are never charted
    refused = publish(client, s, [s.single, s.long])  # a forged choice of a written question
    assert refused.status_code == 200 and client.get(summary).status_code == 404
    assert publish(client, s, [s.single, s.scale], {
        "note-fi": "Kokeilemme iltavastaanottoa.", "note-se": "Geahččalit eahketvuostáiváldima."}).status_code == 302
    fi = client.get(summary + "?lang=fi").get_data(as_text=True)
    assert "Kokeilemme iltavastaanottoa." in fi and "Äiti" in fi and "Kuka vastaa?" in fi
    assert "Tekstivastaus" not in fi  # no free text on the page
    se = client.get(summary + "?lang=se").get_data(as_text=True)
    assert 'lang="se"' in se and "Geahččalit eahketvuostáiváldima." in se and "Eadni" in se
    # Numbers in text: 4 of 6 answered "mother", 67 %; the scale's average.
    assert ">4<" in fi and "67 %" in fi and "3,3" in fi
    assert "Saitko apua?" not in fi  # not chosen
    with app.app_context():
        assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "survey.summary_published"))


def test_too_few_answers_show_no_numbers(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s, 3)
    publish(client, s, [s.single, s.scale])
    page = client.get(f"/kittila/surveys/{s.slug}/summary?lang=en").get_data(as_text=True)
    assert "Too few answers to show yet." in page
    assert "Mother" not in page and "Äiti" not in page and "3 families" not in page
    store(app, s, 2, mother=False)
    page = client.get(f"/kittila/surveys/{s.slug}/summary?lang=en").get_data(as_text=True)
    assert "5 families answered." in page and "Äiti" in page


def test_a_question_few_answered_shows_no_numbers(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s, 6, multiple=False)
    with app.app_context():  # only three of them answered the multiple-choice question
        survey = db.session.get(Survey, s.id)
        for i in range(3):
            form = MultiDict({f"q{s.single}": str(s.father), f"q{s.multiple}": str(s.school)})
            answering.store_response(survey, answering.parse_submission(survey, form), nonce=f"few-{i}")
        db.session.commit()
    publish(client, s, [s.single, s.multiple])
    page = client.get(f"/kittila/surveys/{s.slug}/summary?lang=fi").get_data(as_text=True)
    assert "Koulu" not in page  # the three who chose it are not shown, not even as a zero
    assert "Isä" in page  # the question everyone answered is


def test_summary_is_linked_from_thanks_front_and_closed_page(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s, 5)
    link = f'href="/kittila/surveys/{s.slug}/summary"'
    assert link not in client.get(f"/kittila/surveys/{s.slug}/thanks").get_data(as_text=True)
    publish(client, s, [s.single])
    assert link in client.get(f"/kittila/surveys/{s.slug}/thanks").get_data(as_text=True)
    assert link in client.get("/kittila/").get_data(as_text=True)
    with app.app_context():
        change_status(db.session.get(Survey, s.id), SurveyStatus.CLOSED)
        db.session.commit()
    assert link in client.get(f"/kittila/surveys/{s.slug}").get_data(as_text=True)
    post_form(client, f"/staff/kittila/surveys/{s.id}/summary/withdraw", {},
              page=f"/staff/kittila/surveys/{s.id}/summary")
    assert client.get(f"/kittila/surveys/{s.slug}/summary").status_code == 404
    assert link not in client.get("/kittila/").get_data(as_text=True)


def test_summary_links_the_public_items_the_survey_fed(client, app, coordinator):
    s = make_survey(app, coordinator)
    store(app, s, 5)
    with app.app_context():
        organisation = db.session.get(Organisation, coordinator.id)
        public = backlog.create_item(organisation, title="Iltavastaanotto", is_public=True,
                                     public_title={"fi": "Neuvolaan iltavastaanotto"})
        backlog.add_source(public, SourceKind.SURVEY, count=5, survey_id=s.id)
        private = backlog.create_item(organisation, title="Sisäinen asia")
        backlog.add_source(private, SourceKind.SURVEY, count=5, survey_id=s.id)
        unrelated = backlog.create_item(organisation, title="Muu", is_public=True, public_title={"fi": "Perhekahvila"})
        backlog.add_source(unrelated, SourceKind.STAFF)
        public_id = public.id
        db.session.commit()
    publish(client, s, [s.single])
    page = client.get(f"/kittila/surveys/{s.slug}/summary?lang=fi").get_data(as_text=True)
    assert "Neuvolaan iltavastaanotto" in page and f"/kittila/progress#item-{public_id}" in page
    assert "Sisäinen asia" not in page and "Perhekahvila" not in page


def test_only_managers_publish(client, app, factory, auth):
    org = factory.organisation("kittila")
    factory.user("c@kittila.example", organisation=org, role="core_group")
    s = make_survey(app, org)
    auth.login("c@kittila.example")
    assert client.get(f"/staff/kittila/surveys/{s.id}/summary").status_code == 403
