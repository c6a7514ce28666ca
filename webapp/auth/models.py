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
