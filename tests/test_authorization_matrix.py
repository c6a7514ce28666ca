"""Every staff and API route, found in app.url_map: anonymous visitors are sent to log in (or
get 401 from the API), and staff of another organisation get no 2xx answer."""

import re

import pytest

from tests.conftest import csrf_from

PUBLIC_STAFF = {"auth.login", "auth.request_reset", "auth.reset_password", "auth.logout", "static.static"}


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
    assert {"staff", "survey_admin", "idea_admin", "backlog_admin", "volunteer_admin", "guide_admin",
            "api"} <= endpoints


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


#: What a partner's staff (an NGO, the parish) may open in the organisation: its own page and the
#: services guide (where only their own entries are theirs). Everything else answers 403 or 404.
PARTNER_AREAS = ("staff.organisation", "staff.dashboard", "guide_admin.")


def test_a_partners_staff_reach_only_the_services_guide(app, client, auth, factory):
    org = factory.organisation("kittila")
    factory.user("mll@kittila.example", organisation=org, role="partner")
    auth.login("mll@kittila.example")
    token = csrf_from(client.get("/staff/kittila/").get_data(as_text=True))
    for rule, method, path in staff_and_api_rules(app):
        if path.startswith("/api/") or rule.endpoint.startswith(PARTNER_AREAS) or "kittila" not in path:
            continue
        response = client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code in (403, 404), (method, path, response.status_code)
    for path in ("/staff/kittila/services/export.csv", "/staff/kittila/services/import"):
        assert client.get(path).status_code == 403, path
