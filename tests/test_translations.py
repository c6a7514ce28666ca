"""The six catalogs are complete; losing a translation or a plural rule fails the check."""

import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from webapp.core import catalogs as translate
from webapp.core.i18n import LOCALES, PLURAL_FORMS


def test_all_six_catalogs_are_complete():
    assert translate.check() == []


def test_the_flask_command_reports_success(app):
    result = app.test_cli_runner().invoke(args=["translate", "check"])
    assert result.exit_code == 0, result.output
    assert "complete" in result.output


@pytest.fixture
def catalogs(tmp_path, monkeypatch):
    copy = tmp_path / "translations"
    shutil.copytree(translate.TRANSLATIONS, copy)
    monkeypatch.setattr(translate, "TRANSLATIONS", copy)
    return copy


def _edit(path, change):
    with path.open("rb") as f:
        catalog = read_po(f)
    change(catalog)
    with path.open("wb") as f:
        write_po(f, catalog)


@pytest.mark.parametrize("locale", LOCALES)
def test_removing_one_translation_fails_the_check(catalogs, locale):
    def blank_first(catalog):
        message = next(m for m in catalog if m.id and isinstance(m.id, str))
        message.string = ""

    _edit(catalogs / locale / "LC_MESSAGES" / "messages.po", blank_first)
    problems = translate.check()
    assert problems and all(p.startswith(f"{locale}:") for p in problems)
    assert "untranslated" in problems[0]


@pytest.mark.parametrize("locale", ["se", "smn", "sms"])
def test_a_two_form_plural_header_fails_the_check_for_sami(catalogs, locale):
    path = catalogs / locale / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(PLURAL_FORMS[locale], "nplurals=2; plural=(n != 1);"), encoding="utf-8")
    assert any("Plural-Forms" in p for p in translate.check())


def test_a_fuzzy_translation_fails_the_check(catalogs):
    def make_fuzzy(catalog):
        next(m for m in catalog if m.id).flags.add("fuzzy")

    _edit(catalogs / "sv" / "LC_MESSAGES" / "messages.po", make_fuzzy)
    assert any("fuzzy" in p for p in translate.check())


def test_a_new_string_in_the_code_fails_the_check_until_translated(catalogs, monkeypatch):
    original = translate.extract

    def with_new_string():
        catalog = original()
        catalog.add("A brand new sentence nobody translated yet.")
        return catalog

    monkeypatch.setattr(translate, "extract", with_new_string)
    problems = translate.check()
    missing = [p for p in problems if "brand new sentence" in p]
    assert sorted(p.split(":")[0] for p in missing) == sorted(LOCALES)


def test_sami_catalogs_choose_their_forms_by_their_own_rules(app):
    from babel.support import Translations

    expected = {"se": [0, 1, 2, 2, 2], "smn": [0, 1, 2, 3, 2], "sms": [0, 1, 1, 2, 2]}
    for locale, forms in expected.items():
        catalog = Translations.load(str(translate.TRANSLATIONS), [locale])
        assert [catalog.plural(n) for n in (1, 2, 5, 7, 0)] == forms, locale
    for locale in ("fi", "sv", "en"):
        catalog = Translations.load(str(translate.TRANSLATIONS), [locale])
        assert [catalog.plural(n) for n in (1, 2, 5)] == [0, 1, 1], locale
