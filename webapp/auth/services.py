"""Authentication: login with growing delays per account and per address that spare browsers
which signed in before, password reset."""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from webapp.audit.services import record
from webapp.auth import sessions
from webapp.auth.models import LoginThrottle, Membership, Role, User
from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.engine import dialect_insert
from webapp.core.http.urls import external_url
from webapp.core.tokens import signer
from webapp.orgs.models import Organisation
from webapp.outbox.models import OutboxMessage
from webapp.outbox.services import enqueue_email

#: What password-reset tokens are signed for.
RESET_PURPOSE = "staff-password-reset"
#: What the device cookie is signed for: this browser has signed in to that account before.
DEVICE_PURPOSE = "staff-device"
DEVICE_COOKIE = "yhessa_device"
DEVICE_MAX_AGE = 365 * 24 * 3600
# Checked against when the email is unknown, so that both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
#: The zxcvbn score (0-4) a staff password needs: 3 means about 10^8 guesses or more, beyond an
#: attack through the login form and slow against a stolen scrypt hash.
MIN_PASSWORD_SCORE = 3
#: zxcvbn's time grows with length: the first 100 characters decide (a longer one is no weaker).
ESTIMATED_LENGTH = 100
#: Password-reset emails to one account in an hour.
RESET_EMAILS_PER_HOUR = 3


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
    """Flask-Login's user loader: the session names the user and their password, and carries
    the token of a server-side session that still stands (auth.sessions); a changed password,
    a deactivated account, logging out or a timeout ends it."""
    user_id, _, fingerprint = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active_account or not hmac.compare_digest(fingerprint, user.session_fingerprint()):
        return None
    if sessions.current(user.id) is None:
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


def failure_delay(failures: int, free: int) -> timedelta | None:
    """How long the next attempt waits after `failures` failures, `free` of which wait for
    nothing: LOGIN_DELAY_SECONDS at the first that counts, doubling, at most LOGIN_LOCKOUT_SECONDS."""
    if failures < free:
        return None
    config = current_app.config
    return timedelta(seconds=min(config["LOGIN_DELAY_SECONDS"] * 2 ** min(failures - free, 20),
                                 config["LOGIN_LOCKOUT_SECONDS"]))


def _register_failure(keys: dict[str, int], user: User | None, now: datetime) -> datetime | None:
    """Count a failure on each key (with the failures it allows free) and make the next attempt
    wait; the account's owner hears of it when the account's first delay begins."""
    locked = None
    for key, free in keys.items():
        failures = _count_failure(key, now)
        delay = failure_delay(failures, free)
        if delay is None:
            continue
        locked = max(locked or now, now + delay)
        db.session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(locked_until=now + delay))
        if failures == free:
            record("auth.lockout", target=user, scope=key.split(":")[0], until=(now + delay).isoformat())
            if user is not None and key.startswith("account:"):
                _tell_owner(user, key, failures, now)
    return locked


def _tell_owner(user: User, key: str, failures: int, now: datetime) -> None:
    """Email the owner about repeated failures, at most once a day."""
    notified = db.session.execute(
        sa.update(LoginThrottle).where(LoginThrottle.key == key, sa.or_(
            LoginThrottle.owner_notified_at.is_(None), LoginThrottle.owner_notified_at < now - timedelta(days=1)))
        .values(owner_notified_at=now))
    if notified.rowcount:
        enqueue_email(user.email, "login_failures", user.locale, user=user, failures=failures,
                      link=external_url("auth.request_reset"))


def authenticate(email: str, password: str, address: str, now: datetime | None = None,
                 device_user_id: int | None = None) -> LoginResult:
    """Check a login; after repeated failures on an account or from an address, the next attempt
    waits, longer each time (while it waits, even the right password is refused).

    `device_user_id` is the staff member a signed device cookie names: a browser that has signed
    in before. It is never made to wait on the account it signed in to, nor on its address (a
    municipality's NAT full of colleagues); its failures count on other accounts only. The
    caller commits.
    """
    now = now or utcnow()
    config = current_app.config
    account_key, address_key = _hashed("account", email), _hashed("address", address)
    user = find_user(email)
    owners_browser = user is not None and device_user_id == user.id
    keys = {}
    if not owners_browser:
        keys[account_key] = config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    if device_user_id is None:
        keys[address_key] = config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    locked = _locked_until(list(keys), now)
    if locked:
        return LoginResult(LoginOutcome.LOCKED, locked_until=locked)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    if user is None or not user.check_password(password) or not user.is_active_account:
        record("auth.login_failed", target=user)
        locked = _register_failure(keys, user, now)
        if locked:
            return LoginResult(LoginOutcome.LOCKED, locked_until=locked)
        return LoginResult(LoginOutcome.INVALID)
    if not owners_browser:  # the owner's own browser leaves a stranger's count where it is
        db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == account_key))
    user.last_login_at = now
    record("auth.login", target=user, actor=user)
    return LoginResult(LoginOutcome.OK, user=user)


def device_token(user: User) -> str:
    """The signed value of the device cookie a browser gets when it signs in."""
    return signer(DEVICE_PURPOSE).dumps({"u": user.id})


def device_user_id(token: str | None) -> int | None:
    """The staff member whose sign-in left this device cookie, or None (none, forged, a year old)."""
    if not token or len(token) > 200:
        return None
    try:
        data = signer(DEVICE_PURPOSE).loads(token, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def _password_fingerprint(user: User) -> str:
    # Part of the token: once the password changes, every earlier link stops working.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_reset_token(user: User, *, welcome: bool = False) -> str:
    """A single-use link token; a welcome link (`welcome`) lasts WELCOME_LINK_MAX_AGE."""
    data = {"user": user.id, "pw": _password_fingerprint(user)}
    if welcome:
        data["welcome"] = True
    return signer(RESET_PURPOSE).dumps(data)


def user_for_reset_token(token: str, max_age: int | None = None) -> User | None:
    """The user a reset link belongs to, or None when it is expired, used or forged."""
    reset_age = max_age or current_app.config["PASSWORD_RESET_MAX_AGE"]
    longest = max(reset_age, current_app.config["WELCOME_LINK_MAX_AGE"])
    try:
        data, signed_at = signer(RESET_PURPOSE).loads(token, max_age=longest, return_timestamp=True)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    allowed = current_app.config["WELCOME_LINK_MAX_AGE"] if data.get("welcome") is True else reset_age
    if utcnow() - signed_at > timedelta(seconds=allowed):
        return None
    user = db.session.get(User, data.get("user"))
    if user is None or data.get("pw") != _password_fingerprint(user):
        return None
    return user


def request_password_reset(email: str, locale: str) -> None:
    """Email a reset link if the address is a staff account, and otherwise a note that there is
    none: both ways one email is queued after the same checks, so that neither the answer nor
    its time tells a stranger whether the address has an account (L3)."""
    user = find_user(email)
    recipient = user.email if user is not None else email.strip().lower()
    recent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == recipient, OutboxMessage.created_at > utcnow() - timedelta(hours=1)))
    if recent >= RESET_EMAILS_PER_HOUR:  # someone else asking again and again does not fill the inbox
        return
    if user is None or not user.is_active_account:
        enqueue_email(recipient, "password_reset_unknown", locale, email=recipient)
        return
    send_password_link(user, "password_reset", locale)
    record("auth.password_reset_requested", target=user, actor=user)


def send_password_link(user: User, template: str, locale: str, **context) -> None:
    """Queue an email with a link to set the password (`password_reset` or `welcome`)."""
    welcome = template == "welcome"
    link = external_url("auth.reset_password", token=password_reset_token(user, welcome=welcome))
    max_age = current_app.config["WELCOME_LINK_MAX_AGE" if welcome else "PASSWORD_RESET_MAX_AGE"]
    enqueue_email(user.email, template, locale, user=user, link=link, hours=max_age // 3600, **context)


def password_problem(password: str, email: str, display_name: str = "") -> str | None:
    """Why `password` is too easy to guess for the account `email` (named `display_name`), or
    None; its length is the form's to check. zxcvbn estimates the guesses an attacker needs,
    knowing common passwords, words, names, dates, keyboard patterns and the account's own words."""
    lowered = password.casefold()
    local_part = email.split("@")[0]
    own = [email.casefold(), local_part.casefold(),
           *(part.casefold() for part in re.split(r"[\s.@_-]+", f"{display_name} {local_part}"))]
    if any(len(word) >= 3 and word in lowered for word in own):
        return _("Do not use your email address or your name in the password.")
    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=[word for word in own if word],
                      max_length=ESTIMATED_LENGTH)
    if estimate["score"] < MIN_PASSWORD_SCORE:
        return _("This password is easy to guess: it is a common password or made of a common word, a name, a "
                 "date, a repeat or a keyboard pattern. Use three or four unrelated words, or a sentence.")
    return None


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Set a new password, lift any lockout of the account (`actor` None: the user) and tell the
    owner by email, so that a change they did not make does not go unnoticed."""
    user.set_password(password)
    sessions.end_all(user)  # the sessions page shows none of those the new password ended
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _hashed("account", user.email)))
    record("auth.password_changed", target=user, actor=actor or user)
    enqueue_email(user.email, "password_changed", user.locale, user=user,
                  link=external_url("auth.request_reset"))


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
