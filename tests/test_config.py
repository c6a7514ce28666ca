"""Settings: production refuses to start without a real secret key."""

import pytest

from webapp import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("YHESSA_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": "development-only-secret-key"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": "short"})


def test_production_with_a_real_key_has_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("YHESSA_ENV", "production")
    app = create_app({"SECRET_KEY": "k" * 48, "PUBLIC_BASE_URL": "https://yhessa.example",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_demo_data_is_refused_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("YHESSA_ENV", "production")
    app = create_app({"SECRET_KEY": "k" * 48, "PUBLIC_BASE_URL": "https://yhessa.example",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "refused in production" in result.output


def test_unknown_environment_name_is_an_error(monkeypatch):
    monkeypatch.setenv("YHESSA_ENV", "staging")
    with pytest.raises(RuntimeError, match="YHESSA_ENV"):
        create_app()


def test_production_needs_the_public_https_address(monkeypatch):
    monkeypatch.setenv("YHESSA_ENV", "production")
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app({"SECRET_KEY": "k" * 48, "PUBLIC_BASE_URL": None})


def test_development_gets_its_own_random_key(monkeypatch, tmp_path):
    from config import development_secret_key

    first = development_secret_key(tmp_path)
    assert len(first) >= 48 and development_secret_key(tmp_path) == first
    assert development_secret_key(tmp_path / "other") != first
