"""Rate limits where something is stored or a script can loop: reading a page costs no limit,
posting from one address past its rate gets the translated 429 page, and the API limits reads."""

import pytest

from tests.survey_factory import make_survey
from webapp.api.services import issue_token
from webapp.core.database import db
from webapp.orgs.models import Organisation


@pytest.fixture
def org(factory):
    return factory.organisation("kittila")


def test_a_waiting_room_reading_the_survey_is_never_limited_but_posts_are(app, org):
    s = make_survey(app, org)
    client = app.test_client()
    assert {client.get(s.url).status_code for _ in range(130)} == {200}
    codes = [client.post(s.url, data={"token": "forged"}).status_code for _ in range(121)]
    assert 429 not in codes[:120] and codes[120] == 429
    refused = client.post(s.url, data={"token": "forged"}, headers={"Accept-Language": "fi"})
    assert refused.status_code == 429 and "Liian monta yritystä" in refused.get_data(as_text=True)
    assert client.get(s.url).status_code == 200


def test_the_api_limits_reads_per_address(app, org):
    with app.app_context():
        _row, token = issue_token(db.session.get(Organisation, org.id), "testi", False)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    codes = [client.get("/api/v1/backlog", headers=headers).status_code for _ in range(121)]
    assert codes[:120] == [200] * 120 and codes[120] == 429
