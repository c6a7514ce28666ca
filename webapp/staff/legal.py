"""The legal-texts editor: it starts from the text in force in each language (the admin's own
or the default), shows a preview before anything is public, keeps the organisation's required
languages in step, and keeps every published version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from webapp.audit.services import record
from webapp.core.database import db
from webapp.core.database.types import Translations
from webapp.core.i18n import FORMAT_LOCALES, LOCALES
from webapp.orgs.models import LegalTextVersion, Organisation
from webapp.public.legal import default_accessibility_statement, default_privacy_notice

#: The two texts: the form field and organisation attribute, and the default each falls back to.
DEFAULTS: dict[str, Callable[[Organisation], str]] = {
    "privacy_text": default_privacy_notice,
    "accessibility_text": default_accessibility_statement,
}
KIND_LABELS = {"privacy_text": _l("Privacy notice"), "accessibility_text": _l("Accessibility statement")}


def normal(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


def default_in(organisation: Organisation, kind: str, locale: str) -> str:
    with force_locale(FORMAT_LOCALES[locale]):
        return DEFAULTS[kind](organisation)


def in_force(organisation: Organisation, kind: str) -> dict[str, str]:
    """The text each language's readers see now: the admin's, or else the default in that language."""
    own = getattr(organisation, kind) or {}
    return {code: normal(own.get(code)) or default_in(organisation, kind, code) for code in LOCALES}


@dataclass
class Draft:
    """What the admin submitted, checked against the text in force."""

    texts: dict[str, dict[str, str]]  # kind → locale → text as it would be public
    changed: dict[str, list[str]] = field(default_factory=dict)  # kind → languages that change
    out_of_step: dict[str, list[str]] = field(default_factory=dict)  # kind → required languages left as they were

    @property
    def key(self) -> str:
        """A digest of the texts: "publish" is accepted only for the very texts just previewed."""
        return hashlib.sha256(json.dumps(self.texts, sort_keys=True).encode()).hexdigest()

    @property
    def has_changes(self) -> bool:
        return any(self.changed.values())


def draft(organisation: Organisation, submitted: dict[str, dict], *, wording_only: bool) -> Draft:
    """The submitted texts (a language left empty shows the default) and what they change. A
    change in one language must be made in every required language too, unless the admin says it
    only corrects the wording (`wording_only`), so that the Finnish and Sámi texts say the same."""
    result = Draft(texts={})
    for kind in DEFAULTS:
        now = in_force(organisation, kind)
        given = submitted.get(kind) or {}
        texts = {code: normal(given.get(code)) or default_in(organisation, kind, code) for code in LOCALES}
        result.texts[kind] = texts
        changed = [code for code in LOCALES if texts[code] != now[code]]
        result.changed[kind] = changed
        if changed and not wording_only:
            left = [code for code in organisation.required_locales if code in LOCALES and code not in changed]
            if left:
                result.out_of_step[kind] = left
    return result


def publish(organisation: Organisation, result: Draft) -> list[str]:
    """Make the draft public: the admin's texts are stored (a language equal to its default is
    stored empty, so it follows later corrections of the default), a changed privacy notice gets
    a new version number, and each changed text is kept as a version. Returns the changed kinds."""
    published = []
    for kind, texts in result.texts.items():
        if not result.changed.get(kind):
            continue
        own = {code: text for code, text in texts.items() if text != default_in(organisation, kind, code)}
        setattr(organisation, kind, Translations(own))
        number = None
        if kind == "privacy_text":
            organisation.privacy_notice_version += 1
            number = organisation.privacy_notice_version
        db.session.add(LegalTextVersion(organisation_id=organisation.id, kind=kind, texts=texts, number=number,
                                        published_by_id=getattr(current_user, "id", None)))
        published.append(kind)
    db.session.flush()
    if published:
        record("organisation.legal_texts", organisation=organisation, target=organisation, fields=published,
               languages=sorted({code for kind in published for code in result.changed[kind]}),
               privacy_notice_version=organisation.privacy_notice_version)
    return published


def versions(organisation: Organisation) -> list[LegalTextVersion]:
    return list(db.session.scalars(sa.select(LegalTextVersion).where(
        LegalTextVersion.organisation_id == organisation.id).order_by(LegalTextVersion.id.desc())))
