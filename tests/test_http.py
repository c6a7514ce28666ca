"""Headers, compression, static files and the health check."""

import gzip
import re

from webapp import create_app


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
