"""Error pages are translated and keep the layout."""

import pytest

from tests.conftest import csrf_from


def test_unknown_organisation_is_a_translated_404(client):
    fi = client.get("/ei-ole/")
    assert fi.status_code == 404
    assert "<h1>Sivua ei löytynyt</h1>" in fi.get_data(as_text=True)
    sv = client.get("/ei-ole/?lang=sv")
    assert sv.status_code == 404 and '<html lang="sv">' in sv.get_data(as_text=True)
    assert "Sivua ei löytynyt" not in sv.get_data(as_text=True)


def test_post_without_csrf_token_is_the_translated_400(client):
    response = client.post("/staff/login", data={"email": "a@b.fi", "password": "x"})
    assert response.status_code == 400
    assert "<h1>Lomake on vanhentunut</h1>" in response.get_data(as_text=True)
    en = client.post("/staff/login?lang=en", data={"email": "a@b.fi", "password": "x"})
    assert "The form has expired" in en.get_data(as_text=True)


def test_wrong_method_is_405_with_allow_header(client):
    response = client.delete("/staff/login?lang=en")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert "Not allowed" in response.get_data(as_text=True)


def test_oversized_body_is_the_translated_413(client):
    html = client.get("/staff/login?lang=en").get_data(as_text=True)
    response = client.post("/staff/login?lang=en", data={
        "csrf_token": csrf_from(html), "email": "a@b.fi", "password": "x" * (1024 * 1024)})
    assert response.status_code == 413
    assert "Too much data" in response.get_data(as_text=True)


def test_too_many_requests_is_the_translated_429(client):
    html = client.get("/staff/password-reset?lang=en").get_data(as_text=True)
    token = csrf_from(html)
    codes = [client.post("/staff/password-reset?lang=en",
                         data={"csrf_token": token, "email": f"x{i}@b.fi"}).status_code
             for i in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429
    again = client.post("/staff/password-reset?lang=en", data={"csrf_token": token, "email": "y@b.fi"})
    assert "Too many attempts" in again.get_data(as_text=True)


def test_a_rate_limit_breach_logs_no_ip_address(client, caplog):
    caplog.set_level("INFO")
    address = {"REMOTE_ADDR": "192.0.2.77"}
    token = csrf_from(client.get("/staff/password-reset?lang=en", environ_base=address).get_data(as_text=True))
    codes = [client.post("/staff/password-reset?lang=en", environ_base=address,
                         data={"csrf_token": token, "email": f"x{i}@b.fi"}).status_code
             for i in range(6)]
    assert codes[5] == 429
    assert "192.0.2.77" not in caplog.text


@pytest.fixture
def failing_app(settings):
    from webapp import create_app

    app = create_app(settings)

    @app.route("/boom")
    def boom():
        raise RuntimeError("the kind of bug a test should find")

    return app


def test_server_error_is_the_translated_500(failing_app):
    response = failing_app.test_client().get("/boom?lang=en")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Something went wrong" in text and "the kind of bug" not in text
