"""Settings: production refuses to start without a real secret key or with limits kept apart per process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port
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


def test_production_refuses_several_processes_with_limits_in_memory(monkeypatch, tmp_path):
    """L6/F3: with memory:// each process counts apart, so a limit of 10 lets up to 10 × N through."""
    monkeypatch.setenv("YHESSA_ENV", "production")
    settings = {"SECRET_KEY": "k" * 48, "PUBLIC_BASE_URL": "https://yhessa.example",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"}
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app({**settings, "SERVING_PROCESSES": 4, "RATELIMIT_STORAGE_URI": "memory://"})
    assert create_app({**settings, "SERVING_PROCESSES": 1, "RATELIMIT_STORAGE_URI": "memory://"})
    assert create_app({**settings, "SERVING_PROCESSES": 4, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"})


def test_gunicorn_with_two_workers_and_memory_limits_does_not_start_in_production(tmp_path):
    """The real thing: deploy/gunicorn.conf.py tells the workers how many they are, and each refuses."""
    env = {**os.environ, "YHESSA_ENV": "production", "SECRET_KEY": "k" * 48,
           "PUBLIC_BASE_URL": "https://yhessa.example", "RATELIMIT_STORAGE_URI": "memory://",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"}
    env.pop("YHESSA_SERVING_PROCESSES", None)
    process = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{free_port()}", "--workers", "2", "webapp:create_app()"],
        cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert process.returncode != 0
    assert b"RATELIMIT_STORAGE_URI must be shared storage" in process.stderr
