"""Template globals and filters: assets, languages, translatable content, dates."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Flask, g, request
from flask_babel import get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup, escape

from webapp.core import i18n, personal_data
from webapp.core.http.static import asset_url
from webapp.core.http.urls import external_url


def switch_language_url(locale: str) -> str:
    """The current page in another language (the choice is then remembered)."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{request.path}?{urlencode([*args, ('lang', locale)])}"


def render_rich_text(text: str) -> Markup:
    """Staff-written long text as safe HTML: blank lines part paragraphs, `## ` starts a
    heading, `- ` starts a list item. Nothing else is interpreted; everything is escaped."""
    html: list[str] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        elif lines[0].startswith("## "):
            html.append(f"<h2>{escape(lines[0][3:])}</h2>")
            if lines[1:]:
                html.append(f"<p>{'<br>'.join(str(escape(line)) for line in lines[1:])}</p>")
        else:
            html.append(f"<p>{'<br>'.join(str(escape(line)) for line in lines)}</p>")
    return Markup("\n".join(html))


def counter_attributes(singular: str, plural: str, upto: int) -> Markup:
    """`data-forms` and `data-plural` for a count that a script updates in the page (the
    services guide's "N services"): the forms of the reader's language with `%(num)d` left in,
    and for every count from 0 to `upto` the index of its form. The script so follows the
    same plural rule as the server (Skolt Sámi's 2–6, Inari Sámi's four forms) without
    knowing any."""
    locale = i18n.current_locale()
    translations = get_translations()
    forms = [translations.ngettext(singular, plural, examples[0]) if examples else plural
             for examples in i18n.plural_examples(locale)]
    indices = "".join(str(i18n.plural_index(locale, n)) for n in range(max(upto, 0) + 1))
    return Markup('data-forms="%s" data-plural="%s"') % (json.dumps(forms, ensure_ascii=False), indices)


def lang_attr(value) -> Markup:
    """` lang="se"` when translatable content is shown in another language than the page's
    (for an element that cannot hold a span, such as an <option>), else nothing."""
    lang = i18n.fallback_lang(value)
    return Markup(' lang="%s"') % lang if lang else Markup("")


def _lazy_text_as_html(self: LazyString) -> Markup:
    return escape(str(self))


def init_app(app: Flask) -> None:
    # A lazy translated string is text, not markup: Flask-Babel's `__html__` hands it to Jinja
    # unescaped, so "/<organisation>/surveys/<address name>" rendered as two unknown tags (D20).
    LazyString.__html__ = _lazy_text_as_html
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        asset_url=asset_url,
        LOCALES=i18n.LOCALES,
        LANGUAGE_NAMES=i18n.LANGUAGE_NAMES,
        current_locale=i18n.current_locale,
        switch_language_url=switch_language_url,
        fallback_lang=i18n.fallback_lang,
        localize=i18n.localize,
        counter_attributes=counter_attributes,
        lang_attr=lang_attr,
        northern_sami_alternative=i18n.northern_sami_alternative,
        external_url=external_url,  # links shown to copy or print use PUBLIC_BASE_URL, never the Host header
    )
    app.jinja_env.filters.update(
        t=i18n.localize,
        tr=i18n.localized_markup,
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        number=i18n.format_number,
        language_name=i18n.language_name,
        rich=render_rich_text,
        masked=personal_data.mask,  # text that leaves the system: personal data replaced by the marker
    )

    @app.context_processor
    def page_context():
        return {"organisation": g.get("organisation")}


def compile_templates(app: Flask) -> int:
    """Compile every template now rather than in the first requests of each worker, which would
    wait for it (gunicorn's master calls this once before it starts the workers); returns how
    many there are."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith((".html", ".txt"))]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
