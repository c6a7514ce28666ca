"""Staff users, per-organisation roles and login throttling."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import UTCDateTime, enum_column
from webapp.orgs.models import Organisation


class Role(enum.Enum):
    """What a staff member may do in one organisation."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    CORE_GROUP = "core_group"
    STEERING_GROUP = "steering_group"
    #: Staff of a partner (an NGO, the parish) who keep their own entries in the services guide.
    PARTNER = "partner"




ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.CORE_GROUP: _l("Core group member"),
    Role.STEERING_GROUP: _l("Steering group member"),
    Role.PARTNER: _l("Partner staff (services guide)"),
}
class User(UserMixin, IdMixin, TimestampMixin, db.Model):
    """A staff member who logs in; families and developer-clients have no account."""

    __tablename__ = "staff_user"

    #: Login name, stored lower-case.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    #: Name shown to colleagues and in audit events.
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    #: scrypt hash (werkzeug); never the password.
    password_hash: Mapped[str] = mapped_column(sa.String(300))
    #: UI language of emails sent to this person.
    locale: Mapped[str] = mapped_column(sa.String(8), default="fi")
    #: Site administrator: every organisation, accounts and roles.
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    #: Deactivated accounts cannot log in; their audit trail stays.
    is_active_account: Mapped[bool] = mapped_column(default=True)
    #: Last successful login.
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def session_fingerprint(self) -> str:
        """Changes with the password, so that a reset ends the sessions opened before it."""
        return hashlib.sha256(f"session:{self.password_hash}".encode()).hexdigest()[:16]

    def get_id(self) -> str:  # Flask-Login keeps this in the session
        return f"{self.id}:{self.session_fingerprint()}"

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.is_active_account

    def roles_in(self, organisation: Organisation) -> set[Role]:
        """The roles this person has in `organisation`."""
        return {m.role for m in self.memberships if m.organisation_id == organisation.id}

    def has_role(self, organisation: Organisation, *roles: Role) -> bool:
        """True for a site administrator or a member holding any of `roles` there."""
        return self.is_site_admin or bool(self.roles_in(organisation) & set(roles))

    def organisations(self) -> list[Organisation]:
        """Organisations this person works in (all of them for a site administrator)."""
        if self.is_site_admin:
            return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.slug)))
        seen = {m.organisation.id: m.organisation for m in self.memberships}
        return sorted(seen.values(), key=lambda o: o.slug)


class Membership(IdMixin, TimestampMixin, db.Model):
    """A role that a staff user holds in one organisation."""

    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id", "role"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: The role held.
    role: Mapped[Role] = mapped_column(enum_column(Role, name="role"))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship()


class LoginThrottle(IdMixin, db.Model):
    """Failed login attempts for one account or one address (keys are hashed)."""

    __tablename__ = "login_throttle"

    #: `account:<HMAC of email>` or `address:<HMAC of IP>`, keyed with SECRET_KEY; no address is kept.
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: Failures since the last success or lockout.
    failures: Mapped[int] = mapped_column(default=0)
    #: Logins are refused until this time.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Latest failure, for purging old rows.
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the account's owner was last emailed about repeated failures (at most once a day).
    owner_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DeviceKind(enum.Enum):
    """What kind of device a session was opened on, as its browser says."""

    COMPUTER = "computer"
    PHONE = "phone"
    TABLET = "tablet"
    OTHER = "other"


class StaffSession(IdMixin, db.Model):
    """One signed-in browser of a staff member, kept on the server: the session cookie carries a
    random token whose hash names this row, so that logging out, ending the session from another
    device or a timeout ends it at once, even for a copy of the cookie. No IP address is kept."""

    __tablename__ = "staff_session"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the token in the session cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: Kind of device, from the User-Agent at sign-in (the header itself is not kept).
    device_kind: Mapped[DeviceKind] = mapped_column(enum_column(DeviceKind, name="device_kind"))
    #: Browser and operating system names, e.g. "Firefox · Windows".
    browser: Mapped[str] = mapped_column(sa.String(80), default="")
    #: How the session began: `password` or `oidc:<provider>`.
    method: Mapped[str] = mapped_column(sa.String(60), default="password")
    #: The provider's ID token, kept only to end the session at the provider on logout.
    id_token: Mapped[str | None] = mapped_column(sa.Text)
    #: When the staff member signed in.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Latest request (updated at most once a minute).
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When it ended (logout, ended from the sessions page, timeout); None while it lasts.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    user: Mapped[User] = relationship()


class SecondFactor(IdMixin, db.Model):
    """A staff member's authenticator app (TOTP, RFC 6238)."""

    __tablename__ = "staff_second_factor"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True)
    #: The shared key, encrypted with a key derived from SECRET_KEY (Fernet).
    secret_encrypted: Mapped[str] = mapped_column(sa.String(300))
    #: When a first code confirmed it; None while enrolment is unfinished.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The latest 30-second step whose code was accepted: a code works once.
    last_step: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class RecoveryCode(IdMixin, db.Model):
    """A one-time code for signing in without the authenticator app; stored hashed."""

    __tablename__ = "staff_recovery_code"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code (80 random bits, so a hash without salt is not guessed back).
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    #: When it was used; a used code never works again.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SsoIdentity(IdMixin, TimestampMixin, db.Model):
    """A staff account's identity at an OpenID Connect provider (issuer and subject)."""

    __tablename__ = "staff_sso_identity"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    #: The provider's issuer URL.
    issuer: Mapped[str] = mapped_column(sa.String(300))
    #: The provider's `sub` claim: stable for the person, unlike their email.
    subject: Mapped[str] = mapped_column(sa.String(255))
    #: The latest sign-in through it.
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
