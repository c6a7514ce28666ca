"""Personal data a family typed never leaves unmasked: a survey answer promoted to the backlog
reaches the item, the API, the webhook and the steering report with the marker in its place."""

import sqlalchemy as sa

from tests.conftest import post_form
from tests.survey_factory import make_survey
from tests.test_api import token_for
from tests.test_surveys import form_of
from webapp.core.database import db
from webapp.outbox.models import OutboxMessage
from webapp.surveys.models import Answer

ID_CODE, PHONE = "010115A1239", "040 987 6543"


def test_a_promoted_answer_is_masked_in_the_item_api_webhook_and_report(client, auth, factory, app):
    org = factory.organisation("kittila")
    with app.app_context():
        from webapp.orgs.models import Organisation

        organisation = db.session.get(Organisation, org.id)
        organisation.webhook_url, organisation.webhook_secret = "https://hooks.example.fi/yhessa", "s" * 32
        db.session.commit()
    s = make_survey(app, org)
    visitor = app.test_client()
    text = f"Iltavastaanotto olisi hyvä. Soittakaa {PHONE}, lapsen hetu {ID_CODE}"
    visitor.post(s.url, data={**form_of(visitor, s.url), f"q{s.single}": str(s.mother), f"q{s.long}": text})
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")
    with app.app_context():
        answer_id = db.session.scalar(sa.select(Answer.id).where(Answer.text == text))
    results = f"/staff/kittila/surveys/{s.id}/results"
    created = post_form(client, f"/staff/kittila/backlog/from-survey/{s.id}", {"answer": str(answer_id)},
                        page=results)
    item_page = client.get(created.headers["Location"]).get_data(as_text=True)
    item_id = int(created.headers["Location"].rsplit("/", 1)[1])
    post_form(client, f"/staff/kittila/backlog/{item_id}/status", {"status": "planned", "note": "Päätetty"},
              page=created.headers["Location"])
    api = client.get("/api/v1/backlog", headers=token_for(app, org)).get_data(as_text=True)
    report = client.get("/staff/kittila/report").get_data(as_text=True)
    with app.app_context():
        hooks = [m.body for m in db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "webhook"))]
    assert hooks and "Iltavastaanotto" in hooks[0]
    assert "Iltavastaanotto" in item_page and "Iltavastaanotto" in api and "Iltavastaanotto" in report
    for place in (item_page, api, report, *hooks):
        assert ID_CODE not in place and PHONE not in place and "9876543" not in place.replace(" ", "")
    assert "[poistettu]" in item_page and "Check the text" not in item_page  # told in Finnish


def test_survey_exports_mask_personal_data_in_written_answers(client, auth, factory, app):
    import csv
    import io

    org = factory.organisation("kittila")
    s = make_survey(app, org)
    visitor = app.test_client()
    visitor.post(s.url, data={**form_of(visitor, s.url), f"q{s.single}": str(s.mother),
                              f"q{s.multiple}": ["other"], f"q{s.multiple}-other": f"Neuvola, soita {PHONE}",
                              f"q{s.long}": f"Hetu {ID_CODE}, kiitos"})
    factory.user("koordinaattori@kittila.example", organisation=org, role="coordinator")
    auth.login("koordinaattori@kittila.example")
    exported = client.get(f"/staff/kittila/surveys/{s.id}/export.csv?lang=fi").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    text = " ".join(rows[1])
    assert "Hetu [poistettu], kiitos" in text and "soita [poistettu]" in text
    assert ID_CODE not in exported and PHONE not in exported
