"""Organisation (tenant) and ServiceArea models."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.core.clock import utcnow
from webapp.core.database import db
from webapp.core.database.base import IdMixin, TimestampMixin
from webapp.core.database.types import TranslatedText, Translations, UTCDateTime
from webapp.core.i18n import LOCALES

#: `Organisation.kind`: a municipality's family-centre network, or a wellbeing services county
#: (hyvinvointialue) above municipalities.
MUNICIPALITY = "municipality"
REGION = "region"


class Organisation(IdMixin, TimestampMixin, db.Model):
    """One family-centre network (perhekeskus) of a municipality: the tenant. A wellbeing services
    county is an organisation too (`kind` "region"), with municipalities as its members."""

    __tablename__ = "organisation"

    #: URL name, printed on posters: `/kittila/`.
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: Display name, translatable.
    name: Mapped[Translations] = mapped_column(TranslatedText)
    #: Front-page introduction, translatable.
    description: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Languages staff write content in; each translatable field gets one input per language.
    content_locales: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: list(LOCALES))
    #: Where families send questions, accessibility feedback and data-protection requests.
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    #: Contact of the data protection officer, shown in the privacy notice.
    dpo_contact: Mapped[str] = mapped_column(sa.String(500), default="")
    #: Privacy notice text written by the organisation's admin; empty languages use the default.
    privacy_text: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Accessibility statement written by the admin; empty languages use the default.
    accessibility_text: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Languages every published text must have (Sodankylä: fi and se); publishing refuses without them.
    required_locales: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    #: Coordinators and admins get a daily email of what waits for moderation (`flask moderation-digest`).
    has_moderation_digest: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Where backlog events are POSTed (item created, status changed); empty: no webhook.
    webhook_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: Key of the HMAC-SHA256 signature in the X-Yhessa-Signature header.
    webhook_secret: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    #: Incremented whenever the privacy notice changes; consents record it.
    privacy_notice_version: Mapped[int] = mapped_column(default=1)
    #: What the developer-client sign-up page says they do; empty languages use the default text.
    join_text: Mapped[Translations | None] = mapped_column(TranslatedText)
    #: Developer-clients inactive this long are erased (after a reminder 30 days before).
    volunteer_retention_months: Mapped[int] = mapped_column(default=24, server_default="24")
    #: Where Inari and Skolt Sámi readers' content falls back to when their own is missing:
    #: "fi" (the default: practically every Inari and Skolt speaker in Finland reads Finnish)
    #: or "se" (Northern Sámi, then Finnish), as the organisation's Sámi-language committee chooses.
    sami_fallback: Mapped[str] = mapped_column(sa.String(8), default="fi", server_default="fi")
    #: "municipality" (a family-centre network) or "region" (a wellbeing services county).
    kind: Mapped[str] = mapped_column(sa.String(16), default=MUNICIPALITY, server_default=MUNICIPALITY)
    #: The wellbeing services county this municipality belongs to; its data stays its own, the
    #: county sees only what `webapp.regions` shows it (shared entries, survey comparisons).
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id", ondelete="SET NULL"),
                                                  index=True)

    service_areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="organisation",
        order_by="ServiceArea.position, ServiceArea.id",
        cascade="all, delete-orphan",
    )

    @property
    def is_region(self) -> bool:
        return self.kind == REGION

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class ServiceArea(IdMixin, TimestampMixin, db.Model):
    """A service area of the network: neuvola, perheneuvola, varhaiskasvatus, koulu …"""

    __tablename__ = "service_area"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "key"),)

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: Stable short name for filters and imports (`neuvola`).
    key: Mapped[str] = mapped_column(sa.String(40))
    #: Display name, translatable.
    name: Mapped[Translations] = mapped_column(TranslatedText)
    #: Order in lists.
    position: Mapped[int] = mapped_column(default=0)
    #: Retired areas stay on old records but are not offered for new ones.
    is_active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[Organisation] = relationship(back_populates="service_areas")


class LegalTextVersion(IdMixin, db.Model):
    """One published version of the privacy notice or the accessibility statement, as it read
    in every language when it was published (defaults included), kept when the next replaces it."""

    __tablename__ = "legal_text_version"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    #: `privacy_text` or `accessibility_text`.
    kind: Mapped[str] = mapped_column(sa.String(40))
    #: The text in force in each language when this version was published.
    texts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: The privacy notice's version number (consents refer to it); empty for the statement.
    number: Mapped[int | None] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id", ondelete="SET NULL"))

    published_by = relationship("User")
