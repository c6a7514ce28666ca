"""Languages: the six UI locales, locale choice, content fallback and formatting.

UI strings come from the gettext catalogs in `translations/`. Staff-written content is a
`Translations` value shown with `localize()` through the fallback chains of DESIGN.md.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterable, Mapping
from datetime import date, datetime

import babel.dates
import babel.numbers
from babel import Locale
from flask import current_app, g, has_request_context, request
from flask_babel import get_locale
from markupsafe import Markup, escape
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from webapp.core.clock import local_zone
from webapp.core.skolt_calendar import SKOLT_MONTHS, SKOLT_WEEKDAYS

#: UI locales, the default first.
LOCALES: tuple[str, ...] = ("fi", "se", "smn", "sms", "sv", "en")
DEFAULT_LOCALE = "fi"

#: Each language named in itself, for the switcher and the content editors.
LANGUAGE_NAMES: dict[str, str] = {
    "fi": "suomi",
    "se": "davvisámegiella",
    "smn": "anarâškielâ",
    "sms": "sääʹmǩiõll",
    "sv": "svenska",
    "en": "English",
}

#: Where staff-written content falls back to when the reader's language is missing. Inari and
#: Skolt Sámi fall back to Finnish, which practically every speaker in Finland reads, unless
#: the organisation chooses Northern Sámi first (`Organisation.sami_fallback`, SAMI_FALLBACKS).
FALLBACKS: dict[str, tuple[str, ...]] = {
    "fi": ("fi",),
    "se": ("se", "fi"),
    "smn": ("smn", "fi"),
    "sms": ("sms", "fi"),
    "sv": ("sv", "fi"),
    "en": ("en", "fi"),
}
#: The organisation's choices for Inari and Skolt Sámi readers: the languages after their own.
SAMI_FALLBACKS: dict[str, tuple[str, ...]] = {"fi": ("fi",), "se": ("se", "fi")}

#: The CLDR locale that formats dates and numbers for each UI locale: Finnish conventions
#: everywhere (Northern Sámi as `se_FI`, not Norway's `se`).
FORMAT_LOCALES: dict[str, str] = {
    "fi": "fi_FI",
    "se": "se_FI",
    "smn": "smn_FI",
    "sms": "sms_FI",
    "sv": "sv_FI",
    "en": "en_FI",
}

#: Language tags seen in Accept-Language that mean one of our locales.
TAG_ALIASES: dict[str, str] = {
    "fi": "fi", "fin": "fi",
    "se": "se", "sme": "se", "sme-fi": "se", "se-fi": "se", "se-no": "se", "se-se": "se",
    "smn": "smn", "smn-fi": "smn",
    "sms": "sms", "sms-fi": "sms",
    "sv": "sv", "swe": "sv",
    "en": "en", "eng": "en",
}

LOCALE_COOKIE = "lang"
#: Each catalog's gettext plural rule; `flask translate check` fails on a header that differs.
#: - Northern Sámi: one, two (the dual: verbs agree in the dual), other (CLDR).
#: - Inari Sámi: one; two (genitive singular, dual verb); 3–6 and 0 (genitive singular,
#:   plural verb); 7 and up (partitive). MediaWiki's Inari rule (`plurals-mediawiki.xml`,
#:   overriding CLDR's one/two/other), which its translators use in four-form PLURALs.
#: - Skolt Sámi: one; 2–6 (genitive singular); 0 and 7 up (partitive). Skolt verbs have no
#:   dual. MediaWiki's Skolt translators and Oahpa's Skolt grammar (REVIEW.md LA1).
PLURAL_FORMS = {
    "se": "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",
    "smn": "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : (n==0 || (n>=3 && n<=6)) ? 2 : 3);",
    "sms": "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=6 ? 1 : 2);",
    "fi": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
}


def plural_index(locale: str, n: int) -> int:
    """Which of `locale`'s plural forms a count of `n` takes, by PLURAL_FORMS."""
    return _plural_function(PLURAL_FORMS[locale])(n)


@functools.lru_cache(maxsize=16)
def _plural_function(header: str):
    expression = header.split("plural=", 1)[1].strip().rstrip(";")
    return gettext.c2py(expression)


def plural_examples(locale: str, upto: int = 10) -> list[list[int]]:
    """For each plural form of `locale`, the counts from 0 to `upto` that take it; a reviewer
    sees "form 2: 3, 4, 5, 6, 0" beside the text."""
    nplurals = int(PLURAL_FORMS[locale].split("nplurals=", 1)[1].split(";", 1)[0])
    examples: list[list[int]] = [[] for _ in range(nplurals)]
    for n in [*range(1, upto + 1), 0]:
        examples[plural_index(locale, n)].append(n)
    return examples


def match_tag(tag: str) -> str | None:
    """Our locale for one language tag (`se-FI`, `sme`, `sv_FI` …), or None."""
    tag = tag.strip().lower().replace("_", "-")
    if tag in TAG_ALIASES:
        return TAG_ALIASES[tag]
    return TAG_ALIASES.get(tag.split("-")[0])


def select_locale() -> str:
    """The request's UI locale: `?lang=`, then the cookie, then Accept-Language, then fi.

    Returns the CLDR formatting locale (`se_FI` …), which gettext also resolves to our
    catalog (`se`); `current_locale()` gives the short UI code.
    """
    return FORMAT_LOCALES[request_locale()]


def request_locale() -> str:
    if not has_request_context():
        return DEFAULT_LOCALE
    chosen = g.get("ui_locale")
    if chosen is not None:
        return chosen
    environ = request.environ
    # The query string is parsed only when there is one (most first visits have none).
    chosen = request.args.get("lang", "") if environ.get("QUERY_STRING") else ""
    if chosen in LOCALES:
        g.remember_locale = chosen
    else:
        chosen = negotiate(request.cookies.get(LOCALE_COOKIE, ""), environ.get("HTTP_ACCEPT_LANGUAGE", ""))
    g.ui_locale = chosen
    return chosen


def negotiate(cookie: str, accept_language: str) -> str:
    """The locale remembered in the `lang` cookie, else the first Accept-Language tag (best
    first) that is one of ours, else Finnish."""
    if cookie in LOCALES:
        return cookie
    return _from_accept_language(accept_language)


@functools.lru_cache(maxsize=256)
def _from_accept_language(header: str) -> str:
    """Browsers send a handful of different headers: each is parsed once."""
    for tag, _quality in parse_accept_header(header, LanguageAccept):
        found = match_tag(tag)
        if found:
            return found
    return DEFAULT_LOCALE


def remember_locale(response):
    """After a `?lang=` choice, keep it in a cookie for a year."""
    chosen = g.get("remember_locale")
    if chosen:
        response.set_cookie(
            LOCALE_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    return response


def current_locale() -> str:
    """The short UI locale code in force (`fi`, `se`, `smn`, `sms`, `sv`, `en`): the
    request's, or the one forced for an email (`flask_babel.force_locale`)."""
    locale = get_locale()
    if locale is not None and locale.language in LOCALES:
        return locale.language
    return request_locale() if has_request_context() else DEFAULT_LOCALE


def fallback_chain(locale: str) -> tuple[str, ...]:
    """The languages content is looked up in for a `locale` reader, best first; for Inari and
    Skolt Sámi as the request's organisation chose (g.organisation.sami_fallback)."""
    if locale in ("smn", "sms") and has_request_context():
        chosen = getattr(g.get("organisation"), "sami_fallback", None)
        if chosen in SAMI_FALLBACKS:
            return (locale, *SAMI_FALLBACKS[chosen])
    return FALLBACKS.get(locale, (locale, DEFAULT_LOCALE))


def localize_with_lang(value: Mapping[str, str] | None, locale: str | None = None):
    """`(text, language)` of translatable content for `locale`, through its fallback chain.

    After the chain comes the first non-empty value; `("", None)` when there is none.
    """
    if not value:
        return "", None
    locale = locale or current_locale()
    for candidate in fallback_chain(locale):
        text = value.get(candidate)
        if text:
            if candidate != locale and locale in ("smn", "sms") and candidate != "se" and value.get("se"):
                _note_northern_sami_alternative()
            return text, candidate
    for candidate, text in value.items():
        if text:
            return text, candidate
    return "", None


def _note_northern_sami_alternative() -> None:
    """An Inari or Skolt Sámi page showed a text in Finnish that is written in Northern Sámi
    too: the page then offers a link to its Northern Sámi version (base.html)."""
    if has_request_context():
        g.northern_sami_alternative = True


def northern_sami_alternative() -> bool:
    return has_request_context() and bool(g.get("northern_sami_alternative"))


def localize(value: Mapping[str, str] | None, locale: str | None = None) -> str:
    """Translatable content as text in `locale` (the request's by default)."""
    return localize_with_lang(value, locale)[0]


def fallback_lang(value: Mapping[str, str] | None) -> str:
    """The language content is shown in when it differs from the page's, else ""."""
    lang = localize_with_lang(value)[1]
    return lang if lang and lang != current_locale() else ""


def localized_markup(value: Mapping[str, str] | None) -> Markup:
    """Content for a template, wrapped in a `lang` span when it fell back to another language."""
    text, lang = localize_with_lang(value)
    if lang is None or lang == current_locale():
        return escape(text)
    return Markup('<span lang="%s">%s</span>') % (lang, text)


def _format_locale(locale: str | None) -> Locale:
    return Locale.parse(FORMAT_LOCALES[locale or current_locale()])


def _tz():
    return local_zone()


#: Short and medium dates and times in the Sámi languages take the Finnish numeric form,
#: `7.12.2026 6.18`, one form for all three: CLDR gives `se_FI` "7 juov 2026" and `06:18`,
#: `smn_FI` "juovlâ 7. 2026", and has nothing for Skolt Sámi (REVIEW.md LA5). Long and full
#: dates keep the month's name.
SAMI_LOCALES = ("se", "smn", "sms")


def format_date(value: date | datetime | None, format: str = "medium", locale: str | None = None) -> str:
    """A date in the reader's language; Skolt Sámi with our own month and weekday names."""
    if value is None:
        return ""
    locale = locale or current_locale()
    if isinstance(value, datetime):
        value = value.astimezone(_tz()).date() if value.tzinfo else value.date()
    if locale in SAMI_LOCALES and format in ("short", "medium"):
        return f"{value.day}.{value.month}.{value.year}"
    if locale == "sms":
        return _format_skolt_date(value, format)
    return babel.dates.format_date(value, format=format, locale=_format_locale(locale))


def format_datetime(value: datetime | None, format: str = "medium", locale: str | None = None) -> str:
    """A date and time in the reader's language and the Finnish time zone."""
    if value is None:
        return ""
    locale = locale or current_locale()
    local = value.astimezone(_tz()) if value.tzinfo else value
    if locale in SAMI_LOCALES:
        return f"{format_date(local.date(), format, locale)} {local.hour}.{local.minute:02d}"
    return babel.dates.format_datetime(
        local, format=format, tzinfo=_tz(), locale=_format_locale(locale)
    )


def _format_skolt_date(value: date, format: str) -> str:
    # CLDR's Skolt Sámi data has no month or day names (skolt_calendar.py has them).
    text = f"{value.day}. {SKOLT_MONTHS[value.month - 1]} {value.year}"
    if format == "full":
        return f"{SKOLT_WEEKDAYS[value.weekday()]} {text}"
    return text


#: CLDR has no number symbols for Skolt Sámi (Babel prints `1,234,567.5`): Skolt numbers are
#: written with the Finnish separators, as in every other language of Finland.
NUMBER_LOCALES: dict[str, str] = {"sms": "fi_FI"}


@functools.lru_cache(maxsize=16)
def _number_locale(locale: str) -> Locale:
    """The parsed CLDR locale of numbers (parsing it anew for every number took most of the time
    of a page with hundreds of numbers, such as the county's comparison)."""
    return Locale.parse(NUMBER_LOCALES.get(locale, FORMAT_LOCALES[locale]))


def format_number(value, locale: str | None = None) -> str:
    """A number with the reader's separators (`3,5`, `1 234 567,5`)."""
    return babel.numbers.format_decimal(value, locale=_number_locale(locale or current_locale()))


def language_name(locale: str) -> str:
    return LANGUAGE_NAMES.get(locale, locale)


def ordered_locales(locales: Iterable[str]) -> list[str]:
    """Locales in our canonical order, unknown ones dropped."""
    wanted = set(locales)
    return [locale for locale in LOCALES if locale in wanted]
