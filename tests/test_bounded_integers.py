"""L1: every integer that comes from outside goes through one bounded parser. A 20-digit number in
any query or form parameter that takes an id, on every route, gives 4xx or a page, never a 500."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import csrf_from
from tests.guide_factory import make_service
from tests.idea_factory import make_board, published_idea
from tests.survey_factory import make_survey
from tests.volunteer_factory import add_volunteer
from webapp.backlog import services as backlog
from webapp.core.database import db
from webapp.core.http.requests import bounded_int
from webapp.orgs.models import Organisation
from webapp.orgs.services import save_service_area
from webapp.volunteers.models import Volunteer
from webapp.volunteers.services import LinkPurpose, link_token

HUGE = "9" * 20
WEBAPP = Path(__file__).resolve().parent.parent / "webapp"


def concrete(rule, values: dict[str, str]) -> str:
    """The rule's path with real rows in it: ids are 1, slugs and tokens those of the test's rows."""
    def fill(match):
        name = match.group(2)
        if name == "slug":
            return values["survey"] if "/surveys/" in rule.rule else values["service"]
        if name == "token" and "/join/" in rule.rule:
            return values["email_token" if "/email/" in rule.rule else
                          "confirm_token" if "/confirm/" in rule.rule else "manage_token"]
        if name in values:
            return values[name]
        return "1" if (match.group(1) or "").startswith("int") else "x"
    return re.sub(r"<(?:(\w+(?:\([^)]*\))?):)?(\w+)>", fill, rule.rule)


def integer_parameters() -> set[str]:
    """Every name the code reads as an integer from a query string or a form, found in the source:
    `args/form/values.get("name", type=…)` and form fields that coerce to int."""
    names = set()
    for path in WEBAPP.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        names.update(re.findall(r'(?:args|form|values)\.get(?:list)?\(\s*"(\w+)"[^)]*type=', source))
        names.update(re.findall(r"^\s+(\w+) = \w*(?:Integer|Select|Checkbox)\w*Field\([^\n]*(?:coerce=int|Integer)",
                                source, flags=re.MULTILINE))
        names.update(re.findall(r"^\s+(\w+) = IntegerField\(", source, flags=re.MULTILINE))
    return names | {"page", "idea", "comment_id", "into", "area", "item", "answer", "group", "question", "id",
                    "survey_id", "workshop_id", "group_id", "volunteer_ids", "ids", "target"}


@pytest.mark.parametrize("value", ["1", "0", "2147483647", "2147483648", HUGE, "-1", "١٢", "²", " 7", "7x", ""])
def test_the_one_parser(value):
    expected = {"1": 1, "0": 0, "2147483647": 2147483647}.get(value)
    if expected is None:
        with pytest.raises(ValueError):
            bounded_int(value)
    else:
        assert bounded_int(value) == expected


def test_every_route_takes_a_twenty_digit_id_without_a_server_error(app, client, auth, factory, settings):
    app.config["RATELIMIT_ENABLED"] = False
    org = factory.organisation("kittila")
    user = factory.user("admin@kittila.example", organisation=org, role="admin", site_admin=True)
    survey = make_survey(app, org)
    board = make_board(app, org)
    published_idea(app, board)
    service = make_service(app, org, owner_id=user.id)
    volunteer_id = add_volunteer(app, org)
    values = {"org": "kittila", "board": board.slug, "survey": survey.slug, "service": service.slug,
              "action": "publish", "kind": "idea"}
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        save_service_area(organisation, None, key="neuvola", name={"fi": "Neuvola"})
        backlog.create_item(organisation, title="Iltavastaanotto")
        db.session.commit()
        volunteer = db.session.get(Volunteer, volunteer_id)
        for purpose in ("manage", "confirm", "email"):
            values[f"{purpose}_token"] = link_token(volunteer, LinkPurpose[purpose.upper()])
    auth.login(user.email)
    token = csrf_from(client.get("/staff/kittila/").get_data(as_text=True))
    app.config["WTF_CSRF_ENABLED"] = False  # so that every form gets as far as its integers
    names = sorted(integer_parameters())
    query = "&".join(f"{name}={HUGE}" for name in names)
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("auth.logout", "static.static"):
            continue
        path = concrete(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                response = client.get(f"{path}?{query}")
            else:
                response = client.open(f"{path}?{query}", method=method,
                                       data={"csrf_token": token, **{name: HUGE for name in names}})
            response.get_data()  # a streamed export runs to its end before the next request
            response.close()
            if response.status_code >= 500:
                failures.append((method, rule.rule, response.status_code))
    assert failures == []
