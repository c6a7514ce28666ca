"""A second factor for staff sign-in: an authenticator app (TOTP, RFC 6238, through pyotp) and
ten one-time recovery codes, stored hashed. Required for the roles in MFA_REQUIRED_ROLES; once
someone has enrolled, it is asked of them whatever their role."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from webapp.audit.services import record
from webapp.auth.models import LoginThrottle, RecoveryCode, Role, SecondFactor, User
from webapp.auth.services import _count_failure, _hashed, failure_delay
from webapp.core.clock import utcnow
from webapp.core.database import db

RECOVERY_CODES = 10
#: Wrong codes in a row before the next attempt waits (LOGIN_DELAY_SECONDS, doubling).
FREE_FAILURES = 5
#: What the authenticator app shows as the account's issuer.
ISSUER = "Yhessä"


def required_roles() -> set[str]:
    """MFA_REQUIRED_ROLES as a set of role values (a comma-separated text or a collection)."""
    value = current_app.config.get("MFA_REQUIRED_ROLES") or ""
    items = value.split(",") if isinstance(value, str) else value
    return {item.strip() for item in items if item.strip() and item.strip() != "none"}


def is_required(user: User) -> bool:
    """Whether `user` must give a second factor: a role that needs it, or one already set up."""
    if enrolled(user):
        return True
    wanted = required_roles()
    if user.is_site_admin and Role.ADMIN.value in wanted:
        return True
    return any(m.role.value in wanted for m in user.memberships)


def _fernet() -> MultiFernet:
    config = current_app.config
    keys = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or ())]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"totp:{key}".encode()).digest()))
                        for key in keys])


def _factor(user: User) -> SecondFactor | None:
    return db.session.scalar(sa.select(SecondFactor).where(SecondFactor.user_id == user.id))


def enrolled(user: User) -> bool:
    factor = _factor(user)
    return factor is not None and factor.confirmed_at is not None


def secret_of(factor: SecondFactor) -> str | None:
    try:
        return _fernet().decrypt(factor.secret_encrypted.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed without a fallback: the factor must be reset
        return None


def pending_secret(user: User) -> str:
    """The key of an enrolment not yet confirmed, made now if there is none (the caller commits)."""
    factor = _factor(user)
    if factor is not None and factor.confirmed_at is None:
        secret = secret_of(factor)
        if secret:
            return secret
    if factor is None:
        factor = SecondFactor(user_id=user.id)
        db.session.add(factor)
    secret = pyotp.random_base32()
    factor.secret_encrypted = _fernet().encrypt(secret.encode()).decode()
    factor.confirmed_at, factor.last_step = None, 0
    db.session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG (no request leaves the page)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=True)


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def _matching_step(secret: str, code: str, last_step: int, now: datetime) -> int | None:
    """The 30-second step whose code `code` is (the one before and after count too, for a
    slow clock), if it is later than `last_step`: a code is accepted once."""
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if candidate > last_step and hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def confirm(user: User, code: str, now: datetime | None = None) -> list[str] | None:
    """Finish enrolment with a first code from the app: the new recovery codes, or None when
    the code is wrong. The caller commits."""
    factor = _factor(user)
    secret = secret_of(factor) if factor is not None and factor.confirmed_at is None else None
    step = _matching_step(secret, _digits(code), 0, now or utcnow()) if secret else None
    if step is None:
        return None
    factor.confirmed_at, factor.last_step = now or utcnow(), step
    record("auth.second_factor_enrolled", target=user, actor=user)
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes (the old ones stop working); shown once, kept hashed."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _index in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits, 16 characters
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(raw)))
    db.session.flush()
    return codes


def _code_hash(code: str) -> str:
    return hashlib.sha256(re.sub(r"[^a-z2-7]", "", code.lower()).encode()).hexdigest()


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def locked_until(user: User, now: datetime | None = None) -> datetime | None:
    now = now or utcnow()
    row = db.session.scalar(sa.select(LoginThrottle).where(LoginThrottle.key == _throttle_key(user)))
    return row.locked_until if row and row.locked_until and row.locked_until > now else None


def _throttle_key(user: User) -> str:
    return _hashed("mfa", str(user.id))


def verify(user: User, code: str, now: datetime | None = None) -> bool:
    """Check a code from the app or a recovery code; each works once. Wrong codes count, and
    after FREE_FAILURES in a row the next attempt waits. The caller commits."""
    now = now or utcnow()
    factor = _factor(user)
    if factor is None or factor.confirmed_at is None or locked_until(user, now):
        return False
    typed = _digits(code)
    secret = secret_of(factor)
    step = _matching_step(secret, typed, factor.last_step, now) if secret and typed.isdigit() else None
    if step is not None:
        # Conditional on the step, so that two requests racing with one code cannot both pass.
        won = db.session.execute(sa.update(SecondFactor).where(
            SecondFactor.id == factor.id, SecondFactor.last_step < step).values(last_step=step)).rowcount
        if won:
            return _succeeded(user, "app")
    elif not typed.isdigit() and typed:
        used = db.session.execute(sa.update(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _code_hash(typed),
            RecoveryCode.used_at.is_(None)).values(used_at=now)).rowcount
        if used:
            return _succeeded(user, "recovery_code")
    key = _throttle_key(user)
    delay = failure_delay(_count_failure(key, now), FREE_FAILURES)
    if delay is not None:
        db.session.execute(sa.update(LoginThrottle).where(LoginThrottle.key == key).values(
            locked_until=now + delay))
    record("auth.second_factor_failed", target=user, actor=user)
    return False


def _succeeded(user: User, how: str) -> bool:
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _throttle_key(user)))
    record("auth.second_factor", target=user, actor=user, factor=how)
    return True


def reset(user: User, actor: User, organisation=None) -> bool:
    """Remove `user`'s second factor and recovery codes (they lost their phone): their next
    password sign-in asks them to set it up again. Audited. False when there was none."""
    had = _factor(user) is not None
    db.session.execute(sa.delete(SecondFactor).where(SecondFactor.user_id == user.id))
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == _throttle_key(user)))
    if had:
        record("auth.second_factor_reset", organisation=organisation, target=user, actor=actor)
    return had


def enrolled_user_ids(user_ids: list[int]) -> set[int]:
    """Which of `user_ids` have a second factor set up (one query, for a list of people)."""
    if not user_ids:
        return set()
    return set(db.session.scalars(sa.select(SecondFactor.user_id).where(
        SecondFactor.user_id.in_(user_ids), SecondFactor.confirmed_at.is_not(None))))


#: How long after the password the second step may be completed.
PENDING_MAX_AGE = timedelta(minutes=10)
