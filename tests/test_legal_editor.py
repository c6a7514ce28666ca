"""The legal-texts editor starts from the text in force, shows a preview before anything is
public, keeps the required languages in step and keeps every published version."""

import html as htmllib
import re

import pytest
import sqlalchemy as sa

from tests.conftest import post_form
from webapp.core.database import db
from webapp.orgs.models import LegalTextVersion, Organisation
from webapp.staff import legal

EDITOR = "/staff/kittila/legal"


@pytest.fixture
def admin(factory, auth):
    org = factory.organisation("kittila")
    factory.user("admin@kittila.example", organisation=org, role="admin")
    auth.login("admin@kittila.example")
    return org


def textareas(page: str) -> dict[str, str]:
    return {name: htmllib.unescape(text) for name, text in
            re.findall(r'<textarea[^>]*name="([\w-]+)"[^>]*>(.*?)</textarea>', page, re.S)}


def in_force(app, org, kind, code):
    with app.test_request_context():
        return legal.in_force(db.session.get(Organisation, org.id), kind)[code]


def test_the_editor_opens_with_the_current_text_and_previews_before_publishing(client, app, admin):
    fields = textareas(client.get(EDITOR).get_data(as_text=True))
    assert fields["privacy_text-fi"] == in_force(app, admin, "privacy_text", "fi")
    assert fields["privacy_text-se"] == in_force(app, admin, "privacy_text", "se")
    assert "Tietosuojavaltuutettu" in fields["privacy_text-fi"] or "tietosuoja.fi" in fields["privacy_text-fi"]
    edited = {**fields, "privacy_text-fi": fields["privacy_text-fi"] + "\n\n## Yhteystiedot\n\nKunnantalo, Kittilä"}
    preview = post_form(client, EDITOR, {**edited, "action": "preview"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="preview-heading"' in page
    assert "<h2>Yhteystiedot</h2>" in page, "the preview shows the text as the public will see it"
    assert "Kunnantalo" not in client.get("/kittila/privacy?lang=fi").get_data(as_text=True), "nothing is public yet"
    key = re.search(r'name="previewed" value="(\w+)"', page).group(1)
    # Publishing other texts than those previewed shows a preview again instead.
    changed = {**edited, "privacy_text-fi": edited["privacy_text-fi"] + " muutettu"}
    again = post_form(client, EDITOR, {**changed, "action": "publish", "previewed": key})
    assert again.status_code == 200 and "muutettu" not in client.get("/kittila/privacy?lang=fi").get_data(as_text=True)
    published = post_form(client, EDITOR, {**edited, "action": "publish", "previewed": key})
    assert published.status_code == 302
    public = client.get("/kittila/privacy?lang=fi").get_data(as_text=True)
    assert "<h2>Yhteystiedot</h2>" in public and "Version 2" in client.get("/kittila/privacy?lang=en").get_data(
        as_text=True)
    with app.app_context():
        organisation = db.session.get(Organisation, admin.id)
        assert set(organisation.privacy_text) == {"fi"}, "untouched languages still follow the default"
        assert not organisation.accessibility_text
        [version] = db.session.scalars(sa.select(LegalTextVersion)).all()
        assert (version.kind, version.number) == ("privacy_text", 2) and "Kunnantalo" in version.texts["fi"]
        assert set(version.texts) == {"fi", "se", "smn", "sms", "sv", "en"}
    reopened = textareas(client.get(EDITOR).get_data(as_text=True))
    assert reopened["privacy_text-fi"] == edited["privacy_text-fi"]
    assert client.get(f"/staff/kittila/legal/versions/{version.id}").status_code == 200


def test_the_required_languages_change_together(client, app, admin):
    with app.app_context():
        db.session.get(Organisation, admin.id).required_locales = ["fi", "se"]
        db.session.commit()
    fields = textareas(client.get(EDITOR).get_data(as_text=True))
    finnish_only = {**fields, "accessibility_text-fi": "Uusi saavutettavuusseloste.", "action": "preview"}
    client.set_cookie("lang", "en")
    refused = post_form(client, EDITOR, finnish_only).get_data(as_text=True)
    assert 'id="preview-heading"' not in refused and "but not davvisámegiella" in refused
    both = {**finnish_only, "accessibility_text-se": "Ođđa čilgehus."}
    page = post_form(client, EDITOR, both).get_data(as_text=True)
    assert 'id="preview-heading"' in page
    typo = {**finnish_only, "wording_only": "y"}
    assert 'id="preview-heading"' in post_form(client, EDITOR, typo).get_data(as_text=True)


def test_nothing_changed_publishes_nothing(client, app, admin):
    fields = textareas(client.get(EDITOR).get_data(as_text=True))
    post_form(client, EDITOR, {**fields, "action": "publish", "previewed": "x"})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(LegalTextVersion.id))) == 0
        assert db.session.get(Organisation, admin.id).privacy_notice_version == 1
