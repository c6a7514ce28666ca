"""Headers, compression, static files and the health check."""

import gzip
import re

from flask import abort, request
from werkzeug.test import EnvironBuilder, run_wsgi_app

from webapp import create_app
from webapp.core.http.headers import CSP, SecurityHeaders
from webapp.core.http.responses import AppResponse
from webapp.core.http.static import asset_url


def test_pages_carry_a_strict_content_security_policy(client, factory):
    factory.organisation("kittila")
    response = client.get("/kittila/")
    csp = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert script_src.strip() == "'self'"
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.get_data(as_text=True)


def test_error_pages_redirects_and_refusals_carry_the_security_headers(settings):
    """Every answer leaves with the security headers, whatever made it; one a view sets itself
    (a page that may be framed by its own site) is kept, not doubled."""
    app = create_app(settings)

    @app.get("/framed-by-us")
    def framed_by_us():
        return "<!doctype html><title>x</title>", {"X-Frame-Options": "SAMEORIGIN"}

    @app.get("/unavailable")
    def unavailable():
        abort(503)

    client = app.test_client()
    missing, moved, down = (client.get(url) for url in ("/ei/ole/olemassa/lainkaan/", "/staff/", "/unavailable"))
    for response in (missing, moved, down):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], response.status
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (missing.status_code, moved.status_code, down.status_code) == (404, 302, 503)
    framed = client.get("/framed-by-us")
    assert framed.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert framed.headers["Referrer-Policy"] == "same-origin"
    assert {part.strip() for part in missing.headers["Vary"].split(",")} >= {"Cookie", "Accept-Language"}


def test_head_requests_static_files_and_304s_carry_the_headers_and_responses_stay_as_made(settings):
    """The headers come from a wrapper around the app: a HEAD, a static file and a 304 of an
    HTML page get them too (the 304 with what the page varies on, as its 200 has), and a response
    object served twice is left as the view made it, with each header sent once."""
    app = create_app(settings)

    @app.get("/conditional")
    def conditional():
        response = app.response_class("<!doctype html><title>x</title>", mimetype="text/html")
        response.set_etag("v1")
        return response.make_conditional(request)

    client = app.test_client()
    with app.test_request_context():
        script = asset_url("survey.js")
    unchanged = client.get("/conditional", headers={"If-None-Match": '"v1"'})
    static = client.get(script)
    static.close()  # a file, sent as it is read
    for response in (client.head("/conditional"), static, unchanged):
        assert response.headers.getlist("Content-Security-Policy") == [CSP], response.status
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert unchanged.status_code == 304
    assert {part.strip() for part in unchanged.headers["Vary"].split(",")} >= {"Cookie", "Accept-Language"}

    served = AppResponse("<p>sama</p>", mimetype="text/html")
    for _ in range(2):
        _body, status, headers = run_wsgi_app(SecurityHeaders(served), EnvironBuilder("/").get_environ())
        assert status == "200 OK" and headers.getlist("Content-Security-Policy") == [CSP]
    assert "Content-Security-Policy" not in served.headers


def test_html_is_gzipped_when_the_browser_accepts_it(client, factory):
    factory.organisation("kittila")
    plain = client.get("/kittila/privacy", headers={"Accept-Encoding": "identity"})
    packed = client.get("/kittila/privacy", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers.get("Vary", "")
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2


def test_static_files_have_hashed_names_and_long_cache(client, factory):
    factory.organisation("kittila")
    html = client.get("/kittila/").get_data(as_text=True)
    css_url = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', html).group(1)
    response = client.get(css_url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"
    assert client.get("/static/app.0000000000.css").status_code == 404
    with client.get("/static/app.css", headers={"Accept-Encoding": "identity"}) as unhashed:
        assert unhashed.status_code == 200
        assert "max-age=31536000" not in unhashed.headers.get("Cache-Control", "")


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_is_503_when_the_database_is_down(settings):
    from tests.conftest import free_port

    down = create_app({**settings, "SQLALCHEMY_DATABASE_URI":
                       f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"})
    client = down.test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
    page = client.get("/kittila/?lang=en")
    assert page.status_code == 503
    assert "temporarily unavailable" in page.get_data(as_text=True)
    assert page.headers["Retry-After"]


def test_production_over_https_sends_hsts_and_marks_the_session_cookie_secure(monkeypatch, tmp_path):
    """Behind the TLS proxy (X-Forwarded-Proto trusted with PROXY_FIX_HOPS=1) the browser is told to
    stay on https, and the cookie set by a form page is Secure, HttpOnly and SameSite=Lax."""
    monkeypatch.setenv("YHESSA_ENV", "production")
    monkeypatch.setenv("PROXY_FIX_HOPS", "1")
    app = create_app({"SECRET_KEY": "k" * 48, "PUBLIC_BASE_URL": "https://yhessa.example",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    response = app.test_client().get("/staff/login", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    session = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session
    plain = app.test_client().get("/staff/login", base_url="http://localhost")
    assert "Strict-Transport-Security" not in plain.headers, "never on plain http"


def test_staff_passwords_are_stored_with_scrypt(app, factory):
    import sqlalchemy as sa

    from webapp.auth.models import User
    from webapp.core.database import db

    factory.user("k@kittila.example")
    with app.app_context():
        stored = db.session.scalar(sa.select(User.password_hash))
    assert stored.startswith("scrypt:32768:8:1$") and "correct horse" not in stored
