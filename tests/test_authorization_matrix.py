"""Every staff and API route, found in app.url_map: anonymous visitors are sent to log in (or
get 401 from the API), staff of another organisation get no 2xx answer, and in their own
organisation each role gets exactly the routes `ACCESS` gives it — a route without a rule there
fails the suite."""

import re

import pytest

from tests.conftest import csrf_from

PUBLIC_STAFF = {"auth.login", "auth.request_reset", "auth.reset_password", "auth.logout", "static.static",
                "auth.sso_start", "auth.sso_callback"}


def concrete(rule) -> str:
    """The rule's path with its variables filled: the organisation is `kittila`, ids are 1."""
    def fill(match):
        name = match.group(2)
        if name == "org":
            return "kittila"
        if name == "action":
            return "publish" if "moderation" in rule.rule else "handled" if "corrections" in rule.rule else "up"
        if name == "kind":
            return "csv" if "export" in rule.rule else "idea"
        return "1" if (match.group(1) or "").startswith("int") else "x"
    return re.sub(r"<(?:(\w+(?:\([^)]*\))?):)?(\w+)>", fill, rule.rule)


def staff_and_api_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_STAFF or not (rule.rule.startswith("/staff") or rule.rule.startswith("/api/")):
            continue
        if rule.endpoint == "api.openapi":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, concrete(rule)


def test_the_matrix_covers_every_feature(app):
    endpoints = {rule.endpoint.split(".")[0] for rule, _method, _path in staff_and_api_rules(app)}
    assert {"staff", "survey_admin", "idea_admin", "moderation", "backlog_admin", "volunteer_admin", "guide_admin",
            "activities_admin", "network_admin", "handbook_admin", "api"} <= endpoints


def test_anonymous_visitors_get_nothing(app, client):
    token = csrf_from(client.get("/staff/login").get_data(as_text=True))  # a valid form, to get past CSRF
    for _rule, method, path in staff_and_api_rules(app):
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
        else:
            assert response.status_code == 302, (method, path, response.status_code)
            assert "/staff/login" in response.headers["Location"], (method, path)


@pytest.mark.parametrize("role", ["admin", "coordinator", "core_group", "steering_group", "partner"])
def test_staff_of_another_organisation_get_nothing(app, client, auth, factory, role):
    factory.organisation("kittila")
    other = factory.organisation("sodankyla")
    factory.user(f"{role}@sodankyla.example", organisation=other, role=role)
    auth.login(f"{role}@sodankyla.example")
    token = csrf_from(client.get("/staff/sodankyla/").get_data(as_text=True))
    for _rule, method, path in staff_and_api_rules(app):
        if path.startswith("/api/") or "kittila" not in path:
            continue
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code in (403, 404), (role, method, path, response.status_code)


MANAGERS = {"admin", "coordinator"}
NETWORK = MANAGERS | {"core_group", "steering_group"}
#: Who may use each staff route in their own organisation: "endpoint:METHOD", "endpoint",
#: "blueprint.*:METHOD" or "blueprint.*" (the first that matches). A route that matches none
#: fails the test: every new route needs its rule written here.
ACCESS = {
    "staff.dashboard": NETWORK | {"partner"},
    "staff.organisations": set(),  # site administrators only
    "staff.organisation": NETWORK | {"partner"},
    "staff.settings": {"admin"}, "staff.legal_texts": {"admin"}, "staff.legal_text_version": {"admin"},
    "staff.members": {"admin"},
    "staff.update_roles": {"admin"}, "staff.resend_welcome": {"admin"}, "staff.set_user_active": {"admin"},
    "staff.api_tokens": {"admin"}, "staff.revoke_api_token": {"admin"},
    "staff.audit_log": {"admin"}, "staff.audit_log_export": {"admin"}, "staff.test_webhook": {"admin"},
    "staff.reset_second_factor": {"admin"},
    # One's own sessions and second factor (the second step of a sign-in sends anyone back to log in).
    "auth.*": NETWORK | {"partner"},
    "staff.translations": MANAGERS, "staff.export_translations": MANAGERS,
    "staff.import_translations": MANAGERS, "staff.service_areas": MANAGERS, "staff.create_service_area": MANAGERS,
    "staff.edit_service_area": MANAGERS,
    "survey_admin.results": NETWORK,
    "survey_admin.crosstab": NETWORK,
    "survey_admin.over_time": NETWORK,
    "survey_admin.summary": MANAGERS,
    "survey_admin.withdraw_summary": MANAGERS,
    "survey_admin.templates": MANAGERS,
    "survey_admin.use_template": MANAGERS,
    "survey_admin.withdraw_template": MANAGERS,
    "survey_admin.copy": MANAGERS,
    "survey_admin.remind": MANAGERS,
    "survey_admin.publish_template": MANAGERS,
    "survey_admin.paper_responses": MANAGERS, "survey_admin.correct_paper_response": MANAGERS,
    "survey_admin.delete_paper_response": MANAGERS,
    "survey_admin.*": MANAGERS,
    "idea_admin.*": MANAGERS,
    "event_admin.*": MANAGERS,
    "moderation.*": MANAGERS,
    "volunteer_admin.add_found_to_group": MANAGERS,
    "volunteer_admin.*": MANAGERS,
    # Forms to add, edit or choose: only for those who may send them.
    "backlog_admin.create_item:GET": MANAGERS | {"core_group"},
    "backlog_admin.create_workshop:GET": MANAGERS | {"core_group"},
    "backlog_admin.edit_workshop:GET": MANAGERS | {"core_group"},
    "backlog_admin.choose:GET": MANAGERS | {"core_group"},
    "backlog_admin.*:GET": NETWORK,
    "backlog_admin.*:POST": MANAGERS | {"core_group"},
    "guide_admin.delete": MANAGERS, "guide_admin.close_correction": MANAGERS, "guide_admin.export": MANAGERS,
    "guide_admin.import_file": MANAGERS, "guide_admin.search_settings": MANAGERS,
    "guide_admin.*": MANAGERS | {"partner"},  # a partner only their own entries: tests/test_guide.py
    "activities_admin.*": MANAGERS | {"partner"},  # a partner only their own: tests/test_activities.py
    "network_admin.index": NETWORK, "network_admin.groups": NETWORK, "network_admin.practices": NETWORK,
    "network_admin.*": MANAGERS,  # contact people (personal data), editing and the info letter
    "handbook_admin.*:GET": NETWORK,
    "handbook_admin.*:POST": MANAGERS,
    # A county's pages (404 where the organisation is not a county) and a member's view of what
    # the county shares into its guide (404 where it has no county): tests/test_regions.py.
    "region_admin.index": NETWORK, "region_admin.compare": NETWORK, "region_admin.report": NETWORK,
    "region_admin.*": MANAGERS,
}


def allowed_roles(endpoint: str, method: str) -> set[str]:
    blueprint = endpoint.split(".")[0]
    for key in (f"{endpoint}:{method}", endpoint, f"{blueprint}.*:{method}", f"{blueprint}.*"):
        if key in ACCESS:
            return ACCESS[key]
    raise AssertionError(f"{endpoint} ({method}) has no access rule in ACCESS: write who may use it")


def test_every_staff_route_has_an_access_rule(app):
    for rule, method, _path in staff_and_api_rules(app):
        if not rule.rule.startswith("/api/"):
            allowed_roles(rule.endpoint, method)


@pytest.mark.parametrize("role", ["admin", "coordinator", "core_group", "steering_group", "partner"])
def test_each_role_gets_exactly_the_staff_routes_its_rule_gives(app, client, auth, factory, role):
    from tests.guide_factory import make_service
    from tests.idea_factory import make_board, published_idea
    from tests.survey_factory import make_survey
    from tests.volunteer_factory import add_volunteer
    from webapp.backlog import services as backlog
    from webapp.core.database import db
    from webapp.orgs.models import Organisation
    from webapp.orgs.services import save_service_area

    org = factory.organisation("kittila")
    user = factory.user(f"{role}@kittila.example", organisation=org, role=role)
    # Rows numbered 1 of every kind, so that checks made after a row is found are walked too
    # (the entry is the logged-in person's own, as a partner's would be).
    make_survey(app, org)
    published_idea(app, make_board(app, org))
    make_service(app, org, owner_id=user.id)
    add_volunteer(app, org)
    with app.test_request_context():
        organisation = db.session.get(Organisation, org.id)
        save_service_area(organisation, None, key="neuvola", name={"fi": "Neuvola"})
        backlog.create_item(organisation, title="Iltavastaanotto")
        db.session.commit()
    auth.login(f"{role}@kittila.example")
    token = csrf_from(client.get("/staff/kittila/").get_data(as_text=True))
    for rule, method, path in staff_and_api_rules(app):
        if path.startswith("/api/"):
            continue
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        if role in allowed_roles(rule.endpoint, method):
            assert response.status_code != 403, (role, method, path)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)


FORM_RE = re.compile(r"<form\b[^>]*>", re.IGNORECASE)


def post_actions(html: str, page: str) -> list[str]:
    """Where each POST form on the page sends (its own address when it has no action)."""
    actions = []
    for tag in FORM_RE.findall(html):
        if not re.search(r'method="post"', tag, re.IGNORECASE):
            continue
        action = re.search(r'action="([^"]*)"', tag)
        actions.append((action.group(1) if action and action.group(1) else page).replace("&amp;", "&"))
    return actions


@pytest.mark.parametrize("role", ["steering_group", "core_group", "partner"])
def test_no_role_is_shown_a_form_it_cannot_submit(app, client, auth, factory, role):
    """P: the steering group was shown forms that answered 403. Every staff page a role may open
    holds only POST forms that the same role may send."""
    from urllib.parse import urlsplit

    from tests.idea_factory import make_board, published_idea
    from tests.survey_factory import make_survey
    from webapp.backlog import services as backlog
    from webapp.core.database import db
    from webapp.orgs.models import Organisation

    org = factory.organisation("kittila")
    factory.user(f"{role}@kittila.example", organisation=org, role=role)
    make_survey(app, org)
    published_idea(app, make_board(app, org))
    with app.test_request_context():
        backlog.create_item(db.session.get(Organisation, org.id), title="Iltavastaanotto")
        db.session.commit()
    auth.login(f"{role}@kittila.example")
    adapter = app.url_map.bind("localhost")
    refused = []
    for rule, method, path in staff_and_api_rules(app):
        if method != "GET" or path.startswith("/api/") or role not in allowed_roles(rule.endpoint, "GET"):
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for action in post_actions(response.get_data(as_text=True), path):
            target = urlsplit(action).path
            try:
                endpoint, _values = adapter.match(target, method="POST")
            except Exception:  # noqa: BLE001  a form to a page without POST is as wrong
                refused.append((path, action, "no POST route"))
                continue
            if endpoint not in PUBLIC_STAFF and role not in allowed_roles(endpoint, "POST"):
                refused.append((path, action, endpoint))
    assert refused == [], "\n".join(map(str, refused))


ROLES = ["admin", "coordinator", "core_group", "steering_group", "partner"]


def _county(app, factory):
    """`lappi` a county with `kittila` as its member, a guide entry and a survey of each."""
    from tests.guide_factory import make_service
    from tests.survey_factory import make_survey
    from webapp.core.database import db
    from webapp.orgs.services import find_organisation
    from webapp.regions import services

    lappi, kittila = factory.organisation("lappi"), factory.organisation("kittila")
    with app.app_context():
        services.make_region(find_organisation("lappi"))
        services.add_member(find_organisation("lappi"), find_organisation("kittila"))
        db.session.commit()
    for org in (lappi, kittila):
        make_survey(app, org, slug=f"kysely-{org.slug}")
        make_service(app, org, slug=f"palvelu-{org.slug}")
    return lappi, kittila


@pytest.mark.parametrize("role", ROLES)
def test_each_county_role_gets_exactly_the_county_routes_its_rule_gives(app, client, auth, factory, role):
    lappi, _kittila = _county(app, factory)
    factory.user(f"{role}@lappi.example", organisation=lappi, role=role)
    auth.login(f"{role}@lappi.example")
    token = csrf_from(client.get("/staff/lappi/").get_data(as_text=True))
    walked = 0
    for rule, method, path in staff_and_api_rules(app):
        if not rule.endpoint.startswith("region_admin."):
            continue
        path = path.replace("/staff/kittila/", "/staff/lappi/")
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        walked += 1
        if role in allowed_roles(rule.endpoint, method):
            assert response.status_code != 403, (role, method, path)
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
    assert walked >= 8


@pytest.mark.parametrize("role", ROLES)
def test_county_staff_get_nothing_of_a_member_municipality(app, client, auth, factory, role):
    """A county role gives no role in its municipalities: their staff pages stay theirs."""
    lappi, _kittila = _county(app, factory)
    factory.user(f"{role}@lappi.example", organisation=lappi, role=role)
    auth.login(f"{role}@lappi.example")
    token = csrf_from(client.get("/staff/lappi/").get_data(as_text=True))
    for _rule, method, path in staff_and_api_rules(app):
        if path.startswith("/api/") or "kittila" not in path:
            continue
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code in (403, 404), (role, method, path, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_member_staff_get_nothing_of_their_county(app, client, auth, factory, role):
    """A municipality's role gives no role in its county: the comparison and the county's
    entries are the county's."""
    _lappi, kittila = _county(app, factory)
    factory.user(f"{role}@kittila.example", organisation=kittila, role=role)
    auth.login(f"{role}@kittila.example")
    token = csrf_from(client.get("/staff/kittila/").get_data(as_text=True))
    for _rule, method, path in staff_and_api_rules(app):
        if path.startswith("/api/"):
            continue
        path = path.replace("/staff/kittila/", "/staff/lappi/")
        if "/staff/lappi/" not in path:
            continue
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code in (403, 404), (role, method, path, response.status_code)
