"""Form base class and fields shared by every feature.

WTForms ships no Sámi catalogs, so every message a form shows comes from ours: validators
get explicit messages, and WTForms' own built-in messages are routed through our catalogs
by `BaseForm` (the msgids are listed in `WTFORMS_MESSAGES` so extraction finds them).
"""

from __future__ import annotations

import flask_babel
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import Field, SelectChoice, StringField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from webapp.core.database.types import Translations
from webapp.core.i18n import (
    DEFAULT_LOCALE,
    LANGUAGE_NAMES,
    LOCALES,
    current_locale,
    localize_with_lang,
    ordered_locales,
)
from webapp.core.text import UNSTORABLE_MESSAGE, clean_text, has_unstorable

# WTForms' built-in messages that a user can meet; extracted into our catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("This field is required."),
)


class _CatalogTranslations:
    """WTForms' translation hook, answered from our gettext catalogs."""

    # WTForms fills in placeholders itself: the raw catalog lookups are used here.
    def gettext(self, string):
        return flask_babel.get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return flask_babel.get_translations().ungettext(singular, plural, n)


class BaseForm(FlaskForm):
    """Every form of the app: CSRF-protected, messages from our catalogs, text NFC-normalised."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, StringField):
                filters = (*unbound_field.kwargs.get("filters", ()), _clean)
                return unbound_field.bind(form=form, **{**options, "filters": filters})
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:  # NUL and replaced bytes cannot be stored (PostgreSQL refuses NUL)
            texts = field.data.values() if isinstance(field.data, dict) else [field.data]
            if any(isinstance(text, str) and has_unstorable(text) for text in texts):
                field.errors = [*field.errors, UNSTORABLE_MESSAGE]
                valid = False
        return valid


def _clean(value):
    return clean_text(value) if isinstance(value, str) else value


class EmailTextField(StringField):
    """An email address, stored lower-case."""

    data: str | None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = self.data.strip().lower()


def required(message=None):
    return InputRequired(message=message or _l("This field is required."))


def email_address():
    return Email(message=_l("Enter a valid email address, such as name@example.fi."),
                 check_deliverability=False)


def max_length(n: int):
    return Length(max=n, message=_l("Write at most %(max)d characters.", max=n))


class TranslatedTextField(Field):
    """Staff-written text in several languages: one input per enabled content language.

    The form data arrive as `<name>-<locale>`; the value is a `Translations` dict.
    `locales` (the organisation's content languages, set by `set_content_locales`) decide
    which inputs are shown and checked; languages not posted keep the text they had.
    `required_in` are the languages this field cannot be saved without (Finnish by default,
    none for optional texts). The organisation's `required_locales`, the languages everything
    needs before it is published, are a different rule, checked when publishing.
    """

    def __init__(self, label=None, validators=None, multiline=False, max_length=2000,
                 required_in=(DEFAULT_LOCALE,), **kwargs):
        super().__init__(label, validators, **kwargs)
        self.multiline = multiline
        self.max_chars = max_length
        self.required_in = tuple(required_in)
        self.locales: list[str] = [DEFAULT_LOCALE]

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        self.object_data = data
        self.data = Translations(data if isinstance(data, dict) else None)
        if formdata is not None:
            self.raw_data = []
            values = {}
            for locale in LOCALES:
                key = f"{self.name}-{locale}"
                if key in formdata:
                    values[locale] = formdata.get(key, "")
                    self.raw_data.append(values[locale])
            self.data = Translations({**self.data, **values})

    def pre_validate(self, form):
        for locale in self.required_in:
            if locale in self.locales and not self.data.get(locale):
                raise ValidationError(_l("Write this text at least in Finnish."))
        for text in self.data.values():
            if len(text) > self.max_chars:
                raise ValidationError(
                    _l("Write at most %(max)d characters.", max=self.max_chars)
                )

    def value_for(self, locale: str) -> str:
        return self.data.get(locale, "") if self.data else ""

    def missing_locales(self) -> list[str]:
        return self.data.missing(self.locales) if self.data is not None else list(self.locales)

    def __call__(self, **kwargs):  # rendering goes through the `translated_field` macro
        return Markup("")


def language_choice(code: str) -> SelectChoice:
    """A language as a choice, named in itself and marked with its `lang` (the option and,
    through macros/forms.html, a checkbox's label): "davvisámegiella" is Northern Sámi text."""
    return SelectChoice(code, LANGUAGE_NAMES[code], render_kw={"lang": code})


def content_choice(value, content) -> SelectChoice:
    """Staff-written content (a service area's name …) as a choice in the reader's language,
    marked with the language it fell back to, if any."""
    text, lang = localize_with_lang(content)
    return SelectChoice(value, text, render_kw={"lang": lang} if lang and lang != current_locale() else {})


def set_content_locales(form: FlaskForm, locales) -> None:
    """Give every translatable field of `form` the organisation's content languages."""
    wanted = ordered_locales(locales) or [DEFAULT_LOCALE]
    if DEFAULT_LOCALE not in wanted:
        wanted.insert(0, DEFAULT_LOCALE)
    for field in form:
        if isinstance(field, TranslatedTextField):
            field.locales = wanted

