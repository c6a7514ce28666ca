"""Settings read from the environment (DESIGN.md, "Settings").

`YHESSA_ENV` picks the class: production, development (default) or testing.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

#: Keys that ship in this repository and must never sign a production session.
INSECURE_SECRET_KEYS = {"", "dev", "change-me", "development-only-secret-key"}


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    #: Unset outside production: a random key is made once and kept in instance/secret_key.
    SECRET_KEY = _env("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _env(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'yhessa.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SMTP_URL = _env("SMTP_URL")
    MAIL_FROM = _env("MAIL_FROM", "Yhessä <noreply@yhessa.localhost>")
    OUTBOX_DIR = _env("OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    #: How many processes serve the app: deploy/gunicorn.conf.py tells its workers (a plain
    #: `gunicorn -w N` sets WEB_CONCURRENCY or nothing). With more than one, the limits must be shared.
    SERVING_PROCESSES = int(_env("YHESSA_SERVING_PROCESSES", _env("WEB_CONCURRENCY", "1")) or 1)
    RATELIMIT_HEADERS_ENABLED = False
    #: `RATELIMIT_ENABLED=0` turns rate limits off: load tests and benchmarks on loopback only.
    RATELIMIT_ENABLED = _env("RATELIMIT_ENABLED", "1") != "0"
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    #: Let webhooks reach loopback and private addresses: tests only (production refuses to start with it).
    WEBHOOK_ALLOW_PRIVATE = _env("WEBHOOK_ALLOW_PRIVATE", "") == "1"
    #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    PROXY_FIX_HOPS = int(_env("PROXY_FIX_HOPS", "0"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    #: Bodies above this are refused with the translated 413 page.
    MAX_CONTENT_LENGTH = 512 * 1024

    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    #: Failed logins on an account, or from an address, before the next attempt must wait: the
    #: first wait is LOGIN_DELAY_SECONDS, doubling with each failure up to LOGIN_LOCKOUT_SECONDS.
    #: A browser that signed in before waits on neither (auth.services.authenticate).
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 50
    LOGIN_DELAY_SECONDS = 30
    LOGIN_LOCKOUT_SECONDS = 15 * 60
    PASSWORD_RESET_MAX_AGE = 3600
    #: Supports one network address may give one idea in a day, however many browsers it has
    #: (a school class on the school's Wi-Fi, not a script that drops its cookie each time).
    SUPPORTS_PER_ADDRESS_PER_IDEA = 40
    #: A staff session ends after this long without a request, and this long after sign-in
    #: whatever happens (ASVS 4.0 3.3): auth.sessions.
    SESSION_IDLE_MINUTES = int(_env("SESSION_IDLE_MINUTES", "30"))
    SESSION_ABSOLUTE_HOURS = int(_env("SESSION_ABSOLUTE_HOURS", "12"))
    #: Roles whose password sign-in needs a second factor (comma-separated; `none` for none).
    #: Production asks it of administrators and coordinators; elsewhere nobody, so that the
    #: demo logins of `make run` stay one step.
    MFA_REQUIRED_ROLES = _env("MFA_REQUIRED_ROLES", "none")
    #: Single sign-on through one OpenID Connect provider (its button says OIDC_NAME) …
    OIDC_ISSUER = _env("OIDC_ISSUER")
    OIDC_CLIENT_ID = _env("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = _env("OIDC_CLIENT_SECRET")
    OIDC_NAME = _env("OIDC_NAME")
    #: … or several: a JSON object {"slug": {"issuer", "client_id", "client_secret", "name", …}}.
    OIDC_PROVIDERS = _env("OIDC_PROVIDERS")
    #: What in a provider's ID token shows that it asked for a second factor itself: `amr`
    #: values (RFC 8176) and `acr` values, comma-separated; a provider may set its own.
    OIDC_MFA_AMR = _env("OIDC_MFA_AMR", "mfa")
    OIDC_MFA_ACR = _env("OIDC_MFA_ACR", "")
    #: Take the provider's `email` claim as verified without `email_verified` (Entra ID sends
    #: none): only where the provider's administrators set every address (DEPLOY.md).
    OIDC_TRUST_EMAIL = _env("OIDC_TRUST_EMAIL", "0") == "1"
    #: Create a staff account (with no roles) for a provider's user with no account here.
    OIDC_CREATE_ACCOUNTS = _env("OIDC_CREATE_ACCOUNTS", "0") == "1"
    #: A new staff member's first link to set a password lasts a working day and a weekend's
    #: start (72 hours); an admin can send a new one.
    WELCOME_LINK_MAX_AGE = 72 * 3600
    #: Delivery attempts before an outbox message is given up as failed.
    OUTBOX_MAX_ATTEMPTS = 12


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", "sqlite:///:memory:")


class ProductionConfig(Config):
    ENV_NAME = "production"
    PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    MFA_REQUIRED_ROLES = _env("MFA_REQUIRED_ROLES", "admin,coordinator")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """The settings class named by `YHESSA_ENV` (development when unset)."""
    name = _env("YHESSA_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"YHESSA_ENV must be one of {sorted(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def check_production(settings: dict) -> None:
    """Refuse to start production with a missing or well-known secret key, without the public
    address that emailed links use, or with rate limits that each of several processes keeps apart."""
    key = settings.get("SECRET_KEY") or ""
    if key in INSECURE_SECRET_KEYS or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production"
        )
    if not (settings.get("PUBLIC_BASE_URL") or "").startswith("https://"):
        raise RuntimeError("PUBLIC_BASE_URL must be set to the https:// address of the service in production")
    if settings.get("WEBHOOK_ALLOW_PRIVATE"):
        raise RuntimeError("WEBHOOK_ALLOW_PRIVATE is for tests: in production webhooks go only to public addresses")
    storage = settings.get("RATELIMIT_STORAGE_URI") or "memory://"
    if settings.get("SERVING_PROCESSES", 1) > 1 and storage.startswith("memory://"):
        # Each process would count on its own: a limit of 10 would let anywhere from 10 to 10 × N through.
        raise RuntimeError(
            f"RATELIMIT_STORAGE_URI must be shared storage (redis://…) when {settings['SERVING_PROCESSES']} "
            "processes serve the app in production; memory:// counts in each process apart"
        )


def development_secret_key(instance_dir: Path) -> str:
    """A random key made once per installation, so that no shared default signs sessions."""
    path = instance_dir / "secret_key"
    if not path.exists():
        import secrets

        instance_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()
