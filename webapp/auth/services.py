"""Authentication: login with per-account and per-address lockout, password reset."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.audit.services import record
from webapp.auth.models import LoginThrottle, Membership, Role, User
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.engine import dialect_insert
from webapp.core.http.urls import external_url
from webapp.core.tokens import signer
from webapp.orgs.models import Organisation
from webapp.outbox.services import enqueue_email

#: What password-reset tokens are signed for.
RESET_PURPOSE = "staff-password-reset"
# Checked against when the email is unknown, so that both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")

MIN_PASSWORD_LENGTH = 12


class LoginOutcome(enum.Enum):
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"


@dataclass
class LoginResult:
    outcome: LoginOutcome
    user: User | None = None
    locked_until: datetime | None = None


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the session names the user and their password; a changed
    password or a deactivated account ends every session."""
    user_id, _, fingerprint = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active_account or not hmac.compare_digest(fingerprint, user.session_fingerprint()):
        return None
    return user


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def _hashed(kind: str, value: str) -> str:
    # Keyed, so that a stored key cannot be reversed by hashing every IPv4 address.
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), value.strip().lower().encode(), "sha256")
    return f"{kind}:{digest.hexdigest()}"


def _locked_until(keys: list[str], now: datetime) -> datetime | None:
    rows = db.session.scalars(sa.select(LoginThrottle).where(LoginThrottle.key.in_(keys)))
    ends = [row.locked_until for row in rows if row.locked_until and row.locked_until > now]
    return max(ends) if ends else None


def _count_failure(key: str, now: datetime) -> int:
    """Add one failure to `key` in the database itself and return the new count; concurrent
    failures each count (a read-modify-write in Python would lose some on PostgreSQL)."""
    db.session.execute(dialect_insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing(
        index_elements=["key"]))
    return db.session.execute(
        sa.update(LoginThrottle).where(LoginThrottle.key == key)
        .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
        .returning(LoginThrottle.failures)).scalar_one()


def _register_failure(account_key: str, address_key: str, user: User | None, now: datetime):
    config = current_app.config
    lockout = timedelta(seconds=config["LOGIN_LOCKOUT_SECONDS"])
    limits = {
        account_key: config["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        address_key: config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
    }
    locked = None
    for key, limit in limits.items():
        if _count_failure(key, now) >= limit:
            locked = now + lockout
            db.session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key)
                               .values(failures=0, locked_until=locked))
            record("auth.lockout", target=user, scope=key.split(":")[0], until=locked.isoformat())
    return locked


def authenticate(email: str, password: str, address: str, now: datetime | None = None) -> LoginResult:
    """Check a login; count failures and lock the account or address after too many.

    While locked, even the right password is refused. The caller commits.
    """
    now = now or utcnow()
    account_key, address_key = _hashed("account", email), _hashed("address", address)
    locked = _locked_until([account_key, address_key], now)
    if locked:
        return LoginResult(LoginOutcome.LOCKED, locked_until=locked)
    user = find_user(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    if user is None or not user.check_password(password) or not user.is_active_account:
        record("auth.login_failed", target=user)
        locked = _register_failure(account_key, address_key, user, now)
        if locked:
            return LoginResult(LoginOutcome.LOCKED, locked_until=locked)
        return LoginResult(LoginOutcome.INVALID)
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == account_key))
    user.last_login_at = now
    record("auth.login", target=user, actor=user)
    return LoginResult(LoginOutcome.OK, user=user)


def _password_fingerprint(user: User) -> str:
    # Part of the token: once the password changes, every earlier link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_reset_token(user: User) -> str:
    return signer(RESET_PURPOSE).dumps({"user": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str, max_age: int | None = None) -> User | None:
    """The user a reset link belongs to, or None when it is expired, used or forged."""
    max_age = max_age or current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = signer(RESET_PURPOSE).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or data.get("pw") != _password_fingerprint(user):
        return None
    return user


def request_password_reset(email: str, locale: str) -> None:
    """Email a reset link if the address is a staff account; silent otherwise."""
    user = find_user(email)
    if user is None or not user.is_active_account:
        return
    send_password_link(user, "password_reset", locale)
    record("auth.password_reset_requested", target=user, actor=user)


def send_password_link(user: User, template: str, locale: str, **context) -> None:
    """Queue an email with a link to set the password (`password_reset` or `welcome`)."""
    link = external_url("auth.reset_password", token=password_reset_token(user))
    enqueue_email(user.email, template, locale, user=user, link=link,
                  hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600, **context)


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Set a new password and lift any lockout of the account (`actor` None: the user)."""
    user.set_password(password)
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _hashed("account", user.email)))
    record("auth.password_changed", target=user, actor=actor or user)


def create_user(email: str, password: str | None, *, display_name: str = "", locale: str = "fi",
                is_site_admin: bool = False, organisation: Organisation | None = None) -> User:
    """A new staff account; without a password it can only be entered by a reset link."""
    user = User(email=email.strip().lower(), display_name=display_name, locale=locale,
                is_site_admin=is_site_admin)
    user.set_password(password or secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    record("user.create", organisation=organisation, target=user, site_admin=is_site_admin)
    return user


def grant_role(user: User, organisation: Organisation, role: Role) -> bool:
    """Give `user` `role` in `organisation`; False when they already had it."""
    if role in user.roles_in(organisation):
        return False
    db.session.add(Membership(user=user, organisation=organisation, role=role))
    db.session.flush()
    record("membership.grant", organisation=organisation, target=user, role=role.value)
    return True


def revoke_role(user: User, organisation: Organisation, role: Role) -> bool:
    """Take `role` in `organisation` away from `user`; False when they did not have it."""
    for membership in list(user.memberships):
        if membership.organisation_id == organisation.id and membership.role == role:
            user.memberships.remove(membership)
            db.session.flush()
            record("membership.revoke", organisation=organisation, target=user, role=role.value)
            return True
    return False


def purge_throttles(now: datetime | None = None) -> int:
    """Forget failure counts a day old whose lockout has ended."""
    now = now or utcnow()
    result = db.session.execute(
        sa.delete(LoginThrottle).where(
            sa.or_(LoginThrottle.last_failure_at.is_(None),
                   LoginThrottle.last_failure_at < now - timedelta(days=1)),
            sa.or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
        )
    )
    return result.rowcount
